"""Pieces shared by the mock systems: problem details, SQLite, durable outbox, serving, packages."""
