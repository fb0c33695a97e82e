"""The page that watches the federation: ``/ui`` (read-only, admin access rule)."""
