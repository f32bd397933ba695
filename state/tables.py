"""Imports every service module so that all tables and operations are registered."""

from state import calendar, contacts, core, faults, files, mail, messaging, shell

SERVICES = ("world", "contacts", "mail", "calendar", "files", "messaging", "shell")

__all__ = ["SERVICES", "calendar", "contacts", "core", "faults", "files", "mail", "messaging", "shell"]
