"""The error tree: every message is written for office staff, in Chinese."""

from __future__ import annotations


class SafetybotError(Exception):
    """Base of all errors a user may see; `message` says what went wrong and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(SafetybotError):
    """The user's input (a file, a ledger row, a question) cannot be used as it is."""


class ConfigError(SafetybotError):
    """The settings are wrong or a configured service cannot be reached."""


class PermissionDenied(SafetybotError):
    """The user may not do this."""
