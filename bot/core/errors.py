"""Domain errors. A TandemError carries a message id from the catalog, never a literal sentence."""

from __future__ import annotations

from typing import Any

from bot.core.messages import t


class TandemError(Exception):
    """Base of every error that is shown to the person who caused it."""

    show_usage = False  # append the slash command's usage line when shown

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, locale: str | None = None) -> str:
        return t(self.key, locale, **self.params)

    def __str__(self) -> str:
        return self.render()


class UserError(TandemError):
    """Bad input: the text says what was wrong and how to fix it."""

    show_usage = True


class NotFound(UserError):
    """The thing named does not exist."""


class Forbidden(UserError):
    """The caller may not do this."""

    show_usage = False


class Conflict(UserError):
    """The thing is in a state that does not allow this."""

    show_usage = False


class SettingsError(Exception):
    """A required setting is missing or wrong; the message is one line."""


class AlreadyHandled(TandemError):
    """The request was a redelivery (a Slack retry, a double click) and had its effect once."""
