"""Fixtures for the servers' tests live in tests/conftest.py (`world`, `people`)."""
