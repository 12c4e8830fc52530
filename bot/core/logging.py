"""One logging set-up for every process: key=value lines (or JSON) that keep `extra` fields."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.core.errors import SettingsError

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMATS = ("text", "json")

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The `extra={...}` a call passed, in the order it gave them."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


def _time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _kv_value(value: object) -> str:
    text = str(value)
    # Quote only when a reader (or logfmt parser) would otherwise split the value.
    if text == "" or any(c in text for c in ' ="\n\t'):
        return json.dumps(text, ensure_ascii=False)
    return text


class KeyValueFormatter(logging.Formatter):
    """`2026-11-24T14:00:00.000Z ERROR handlers.errors unexpected error error_id=3f2a…`."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_time(record)} {record.levelname} {record.name} {record.getMessage()}"
        fields = " ".join(f"{k}={_kv_value(v)}" for k, v in extra_fields(record).items())
        if fields:
            line = f"{line} {fields}"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        if record.stack_info:
            line = f"{line}\n{self.formatStack(record.stack_info)}"
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log shippers; `extra` fields are top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(extra_fields(record))
        if record.exc_info:
            data["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is emitted, never a stale stream
    (pytest's capture swaps it per test)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # always sys.stderr


def read_level(env: Mapping[str, str]) -> str:
    """`LOG_LEVEL`, upper-cased and checked.

    Raises:
        SettingsError: the value is not a logging level name.
    """
    level = env.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if level not in LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, got {level!r}")
    return level


def read_format(env: Mapping[str, str]) -> str:
    """`LOG_FORMAT`: `text` (key=value, the default) or `json`.

    Raises:
        SettingsError: any other value.
    """
    fmt = env.get("LOG_FORMAT", "").strip().lower() or "text"
    if fmt not in FORMATS:
        raise SettingsError(f"LOG_FORMAT must be text or json, got {fmt!r}")
    return fmt


def dict_config(env: Mapping[str, str]) -> dict[str, Any]:
    """A `logging.config.dictConfig` dict; gunicorn gets the same one as `logconfig_dict`.

    Raises:
        SettingsError: LOG_LEVEL or LOG_FORMAT is invalid.
    """
    level = read_level(env)
    formatter = JsonFormatter if read_format(env) == "json" else KeyValueFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"tandem": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {"class": f"{__name__}.StderrHandler", "formatter": "tandem"},
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            # Gunicorn's own loggers go through the root handler, so they look like ours.
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            # One line per Slack delivery is noise; our own lines say what was done.
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
            "alembic": {"level": "WARNING"},
        },
    }


def configure(env: Mapping[str, str]) -> None:
    """Configure the root logger from `LOG_LEVEL` and `LOG_FORMAT` (once per process).

    Raises:
        SettingsError: LOG_LEVEL or LOG_FORMAT is invalid.
    """
    import logging.config

    logging.config.dictConfig(dict_config(env))
