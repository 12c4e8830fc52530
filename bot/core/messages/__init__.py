"""The message catalog: every sentence a person reads, keyed by message id.

Each domain keeps its copy in a module of this package (`EN` dicts); `t()` looks a key up and
formats it. A key missing from a locale falls back to English, so a partial translation never
shows a raw key. New locales add a dict per module and a name to `LOCALES`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from bot.core.messages import (
    core,
    customer,
    digest,
    escalation,
    goals,
    kudos,
    oncall,
    page,
    planned,
    risk,
    standup,
)

LOCALES = ("en",)


def _merge(*modules: Any) -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in modules:
        for key, text in module.EN.items():
            if key in merged:
                raise RuntimeError(f"message id {key!r} is defined twice")
            merged[key] = text
    return merged


CATALOG: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            _merge(
                core,
                customer,
                standup,
                risk,
                oncall,
                escalation,
                page,
                digest,
                goals,
                kudos,
                planned,
            )
        )
    }
)


def t(key: str, locale: str = "en", /, **params: Any) -> str:
    """Return the text for `key` in `locale`, formatted with `params`.

    Raises:
        KeyError: the key is not in the catalog (a programming error, caught by tests).
    """
    table = CATALOG.get(locale, CATALOG["en"])
    template = table.get(key) or CATALOG["en"][key]
    return template.format(**params) if params else template


COMMANDS = ("/standup", "/risk", "/oncall", "/page", "/digest", "/goal", "/kudos")


def usage(command: str, locale: str = "en") -> str:
    """A slash command's one-line usage ("/risk" → the text of "usage.risk")."""
    return t("usage." + command.lstrip("/"), locale)


def command_help(command: str, locale: str = "en") -> str:
    """A slash command's help: what it is for, then its usage."""
    return t("help." + command.lstrip("/"), locale, usage=usage(command, locale))
