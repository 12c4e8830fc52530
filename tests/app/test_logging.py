"""One logging set-up: key=value lines that keep `extra`, JSON for shippers, checked levels."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest

from bot.core.errors import SettingsError
from bot.core.logging import configure, dict_config
from handlers.errors import error_text


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_text_line_shows_the_extra_fields_after_the_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure({})
    logging.getLogger("tandem.test").warning(
        "post failed", extra={"channel": "C0APOLLO", "error": "rate limited"}
    )
    line = capsys.readouterr().err.strip()
    assert re.fullmatch(
        r"\S+Z WARNING tandem\.test post failed channel=C0APOLLO error=\"rate limited\"", line
    )


def test_json_format_puts_each_extra_field_in_the_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure({"LOG_FORMAT": "json", "LOG_LEVEL": "debug"})
    logging.getLogger("tandem.test").debug("claimed", extra={"rows": 3})
    record = json.loads(capsys.readouterr().err)
    assert record["level"] == "DEBUG" and record["logger"] == "tandem.test"
    assert record["message"] == "claimed" and record["rows"] == 3


def test_the_error_id_a_person_is_told_to_quote_is_in_the_log_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure({})
    shown = error_text(RuntimeError("boom"), {})
    error_id = re.search(r"[0-9a-f]{12}", shown)
    assert error_id is not None
    first_line = capsys.readouterr().err.splitlines()[0]
    assert f"error_id={error_id.group()}" in first_line
    assert "unexpected error" in first_line


def test_a_level_below_the_setting_is_not_written(capsys: pytest.CaptureFixture[str]) -> None:
    configure({"LOG_LEVEL": "WARNING"})
    logging.getLogger("tandem.test").info("quiet")
    logging.getLogger("tandem.test").warning("loud")
    assert "quiet" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "named"), [({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"), ({"LOG_FORMAT": "xml"}, "LOG_FORMAT")]
)
def test_an_unknown_level_or_format_is_a_settings_error_naming_the_variable(
    env: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError, match=named):
        dict_config(env)


def test_gunicorns_own_loggers_go_through_the_same_handler() -> None:
    config = dict_config({})
    for name in ("gunicorn.error", "gunicorn.access"):
        assert config["loggers"][name]["handlers"] == []
        assert config["loggers"][name]["propagate"] is True
    assert config["root"]["handlers"] == ["stderr"]


def test_gunicorn_builds_no_access_line_its_logger_would_drop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gunicorn.config import Config

    from bot.app.server import AccessOnlyWhenLogged, gunicorn_options

    cfg = Config()
    for key, value in gunicorn_options({}).items():
        cfg.set(key, value)
    logger = cfg.logger_class(cfg)  # the class the Procfile's settings name
    assert isinstance(logger, AccessOnlyWhenLogged)
    built: list[object] = []
    monkeypatch.setattr(logger, "atoms", lambda *args: built.append(args) or {})
    logger.access(None, None, {}, 0.001)
    assert built == []  # gunicorn.access is at WARNING: nothing to format
    access = logging.getLogger("gunicorn.access")
    level = access.level
    access.setLevel(logging.INFO)  # someone asked for access lines: they are built
    try:
        logger.access(None, None, {}, 0.001)
    finally:
        access.setLevel(level)
    assert len(built) == 1
