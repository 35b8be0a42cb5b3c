"""Exceptions. Every error healthscore raises derives from :class:`HealthscoreError`,
so callers can catch one class (as with ``requests.RequestException``)."""

from __future__ import annotations


class HealthscoreError(Exception):
    """Base class of every error raised by healthscore."""


class InputError(HealthscoreError):
    """The input cannot be scored: unreadable, binary, wrongly encoded or too large.

    ``code`` is the HS0xx rule code that the CLI reports for the file.
    """

    def __init__(self, message: str, code: str = "HS001") -> None:
        super().__init__(message)
        self.code = code


class ConfigError(HealthscoreError):
    """A configuration key or value is unknown or invalid."""
