"""Helpers for the fault-injection tests: flaky fakes, subprocess workers, a private PostgreSQL."""
