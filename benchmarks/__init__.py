"""Benchmarks of issue 10's targets: ``benchmarks/run`` measures each against a floor measured in
the same run and prints one table (see README.md)."""
