"""What the operator's page (``/ui``) shows: read-only views of one OP's federation, built
from the repositories and services that run it."""
