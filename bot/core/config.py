"""Process settings from the environment, built once at start-up; secrets never printed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.errors import SettingsError
from bot.core.logging import read_format, read_level

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///tandem.db"
HTTP_REQUIRED = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
SUPPORTED_DATABASES = ("sqlite", "postgresql")
# Request threads per web process, and as many Bolt listener workers (bot.app.slack_app), so
# no acked request waits for a free listener.
HTTP_THREADS = 8
# Database connections a process keeps open: one for each request thread and each listener
# worker, plus the outbox's senders and the scheduler. QueuePool's default of 5 opened and
# closed an overflow connection (and its SQLite pragmas) on most requests under load.
DB_POOL_SIZE = 2 * HTTP_THREADS + 4


@dataclass(frozen=True)
class Settings:
    """Everything a process needs from its environment (see CONTRACT.md, Environment)."""

    bot_token: str = field(repr=False)
    signing_secret: str = field(repr=False)
    app_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    config_path: str = "tandem.toml"
    config_path_explicit: bool = False
    port: int = 3000
    slack_timeout: float = 10.0  # seconds per Web API call
    host: str = "0.0.0.0"  # noqa: S104 - Slack must reach the server
    web_concurrency: int = 2  # gunicorn worker processes for `tandem web`
    log_level: str = "INFO"
    log_format: str = "text"

    @classmethod
    def from_env(cls, env: Mapping[str, str], require: Sequence[str] = HTTP_REQUIRED) -> Settings:
        """Build settings, failing with one line that names every missing or bad variable.

        Raises:
            SettingsError: a required variable is missing or a value is malformed.
        """
        missing = [name for name in require if not env.get(name, "").strip()]
        problems = []
        if missing:
            problems.append("missing environment variable(s): " + ", ".join(missing))
        port_text = env.get("PORT", "3000").strip() or "3000"
        # 0 asks the system for a free port (tests); the server logs the one it got.
        if not port_text.isdigit() or not 0 <= int(port_text) < 65536:
            problems.append(f"PORT must be a number from 0 to 65535, got {port_text!r}")
        token = env.get("SLACK_BOT_TOKEN", "").strip()
        if token and not token.startswith("xoxb-") and "SLACK_BOT_TOKEN" in require:
            problems.append("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        problems += _database_problems(database_url)
        workers_text = env.get("WEB_CONCURRENCY", "").strip() or "2"
        if not workers_text.isdigit() or int(workers_text) < 1:
            problems.append(f"WEB_CONCURRENCY must be a number of 1 or more, got {workers_text!r}")
        for read in (read_level, read_format):
            try:
                read(env)
            except SettingsError as exc:
                problems.append(str(exc))
        if problems:
            raise SettingsError("; ".join(problems))
        api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
        return cls(
            bot_token=token,
            signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
            app_token=env.get("SLACK_APP_TOKEN", "").strip(),
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            database_url=database_url,
            config_path=env.get("TANDEM_CONFIG", "").strip() or "tandem.toml",
            config_path_explicit=bool(env.get("TANDEM_CONFIG", "").strip()),
            port=int(port_text),
            host=env.get("HOST", "").strip() or "0.0.0.0",  # noqa: S104
            web_concurrency=int(workers_text),
            log_level=read_level(env),
            log_format=read_format(env),
        )


def _database_problems(url: str) -> list[str]:
    """Why `url` cannot be used (none when it can): malformed, or a database we do not test."""
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        # The value is not echoed: it may carry a password.
        return ["DATABASE_URL is not a database URL like sqlite:///tandem.db"]
    if backend in ("postgres", *SUPPORTED_DATABASES):
        return []
    return [
        f"DATABASE_URL uses {backend!r}, which Tandem does not support; "
        "use sqlite:///FILE or postgresql://USER@HOST/DB"
    ]
