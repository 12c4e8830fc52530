"""The message catalog: every sentence a person reads, keyed by message id.

Each domain keeps its English copy in a module of this package (`EN` dicts); `zh_cn` holds
the Simplified Chinese of every id. `t()` looks a key up in the locale being spoken and
formats it; a key missing from a locale falls back to English, so a partial translation
never shows a raw key.

The locale being spoken is set around the work for one reader with `speaking(locale)`: the
listener wrapper does it for the person who sent a request, and each job that renders a DM
or a channel post does it for that person or channel (a person's Slack locale, else their
team's `language`, else the file's; see `bot.core.users.UserDirectory.locale`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from bot.core.messages import (
    core,
    customer,
    digest,
    escalation,
    goals,
    home,
    kudos,
    lessons,
    oncall,
    page,
    retro,
    risk,
    standup,
    webhooks,
    zh_cn,
)

LOCALES = ("en", "zh-CN")
DEFAULT_LOCALE = "en"
_SPOKEN: ContextVar[str] = ContextVar("tandem_locale", default=DEFAULT_LOCALE)


def supported(locale: str | None) -> str | None:
    """The catalog locale for a Slack or config locale ("zh-CN", "zh_CN", "zh-Hans" → "zh-CN";
    "en-US" → "en"); None when it names none of ours."""
    if not locale:
        return None
    lowered = locale.replace("_", "-").lower()
    if lowered.startswith("zh"):
        return "zh-CN"
    if lowered.startswith("en"):
        return "en"
    return None


def spoken() -> str:
    """The locale `t()` uses when none is given."""
    return _SPOKEN.get()


@contextmanager
def speaking(locale: str | None) -> Iterator[str]:
    """Render in `locale` (normalised with `supported`; English when unknown) inside the block."""
    chosen = supported(locale) or DEFAULT_LOCALE
    token = _SPOKEN.set(chosen)
    try:
        yield chosen
    finally:
        _SPOKEN.reset(token)


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
                webhooks,
                home,
                lessons,
                retro,
            )
        ),
        # Feature modules that carry their own Chinese win over the shared table.
        "zh-CN": MappingProxyType({**zh_cn.ZH, **lessons.ZH, **retro.ZH}),
    }
)


def t(key: str, locale: str | None = None, /, **params: Any) -> str:
    """Return the text for `key` in `locale` (default: the one being spoken), formatted.

    Raises:
        KeyError: the key is not in the catalog (a programming error, caught by tests).
    """
    table = CATALOG.get(locale or _SPOKEN.get(), CATALOG["en"])
    template = table.get(key) or CATALOG["en"][key]
    return template.format(**params) if params else template


COMMANDS = (
    "/standup",
    "/risk",
    "/oncall",
    "/page",
    "/digest",
    "/goal",
    "/kudos",
    "/lesson",
    "/retro",
)


def usage(command: str, locale: str | None = None) -> str:
    """A slash command's one-line usage ("/risk" → the text of "usage.risk")."""
    return t("usage." + command.lstrip("/"), locale)


def command_help(command: str, locale: str | None = None) -> str:
    """A slash command's help: what it is for, then its usage."""
    return t("help." + command.lstrip("/"), locale, usage=usage(command, locale))
