"""The administrative API under ``/admin``: operating the OP itself (outbox, ...)."""
