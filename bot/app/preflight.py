"""Start-up checks that turn a wrong token, database or port into one clear line."""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.core.clock import Clock
from bot.core.config import HTTP_REQUIRED, Settings
from bot.core.errors import SettingsError

if TYPE_CHECKING:
    from bot.app.container import Services

log = logging.getLogger(__name__)

# Errors `auth.test` answers when the token itself is unusable (Slack's method docs).
AUTH_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "not_allowed_token_type",
    }
)


class SlackAuthError(Exception):
    """Slack refused the bot token; the message names Slack's error code."""


def check_slack_auth(client: WebClient) -> None:
    """Call `auth.test` once, so a wrong SLACK_BOT_TOKEN fails at start, not on first use.

    Only a refused token is fatal: Slack being slow or unreachable at start-up is logged and
    the process goes on, because the outbox retries what it could not send.

    Raises:
        SlackAuthError: Slack answered with an auth error such as `invalid_auth`.
    """
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        if error in AUTH_ERRORS:
            raise SlackAuthError(
                f"Slack refused SLACK_BOT_TOKEN ({error}); check the bot token"
            ) from exc
        log.warning("auth.test failed; going on", extra={"error": error})
        return
    except OSError as exc:  # URLError and timeouts are OSErrors
        log.warning("Slack unreachable at start-up; going on", extra={"error": str(exc)})
        return
    log.info("Slack token ok", extra={"team": answer.get("team"), "bot": answer.get("user")})


def check_database(engine: Engine) -> None:
    """Connect once, so an unreachable database is one line instead of a traceback.

    Raises:
        SettingsError: the database cannot be reached.
    """
    try:
        with engine.connect():
            pass
    except (OperationalError, DBAPIError) as exc:
        first = str(exc.orig or exc).strip().splitlines()[0] if str(exc.orig or exc) else ""
        raise SettingsError(
            f"database unreachable ({engine.url.host or engine.url}): {first}"
        ) from exc


def check_port_free(host: str, port: int) -> None:
    """Fail fast when another process listens on `port` (gunicorn would retry 5 s first).

    Raises:
        SettingsError: the address is in use or cannot be bound.
    """
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The same option gunicorn sets, so a socket in TIME_WAIT does not count as in use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SettingsError(port_problem(host, port, exc)) from exc


def port_problem(host: str, port: int, exc: OSError) -> str:
    """One line for a failed bind."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use; stop the other process or set PORT"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def ensure_schema(engine: Engine) -> None:
    """SQLite (the embedded default) migrates itself; other databases need `tandem migrate`.

    Raises:
        SettingsError: the database is reachable but its schema is behind.
    """
    from storage.migrate import is_current, upgrade

    if is_current(engine):
        return
    if engine.dialect.name == "sqlite":
        upgrade(engine)
    else:
        raise SettingsError("the database schema is not current; run `tandem migrate` first")


def open_services(
    env: Mapping[str, str], require: Sequence[str], *, clock: Clock | None = None
) -> Services:
    """Settings, Services and a reachable, current database, or one-line errors.

    Raises:
        SettingsError: a setting is wrong, or the database is unreachable or behind.
    """
    from bot.app.container import Services

    services = Services.build(Settings.from_env(env, require=require), clock=clock)
    try:
        check_database(services.engine)
        ensure_schema(services.engine)
    except BaseException:
        services.close()
        raise
    return services


def run_checks(env: Mapping[str, str], *, port: int | None = None) -> str | None:
    """Every start-up check of an HTTP process; the first problem as one line, else None."""
    from contextlib import closing

    try:
        with closing(open_services(env, HTTP_REQUIRED)) as services:
            check_slack_auth(services.client)
            settings = services.settings
        check_port_free(settings.host, settings.port if port is None else port)
    except (SettingsError, SlackAuthError) as exc:
        return str(exc)
    return None
