"""Process settings from the environment, built once at start-up; secrets never printed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.errors import SettingsError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///tandem.db"
HTTP_REQUIRED = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


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
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            problems.append(f"PORT must be a number from 1 to 65535, got {port_text!r}")
        token = env.get("SLACK_BOT_TOKEN", "").strip()
        if token and not token.startswith("xoxb-") and "SLACK_BOT_TOKEN" in require:
            problems.append("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        if problems:
            raise SettingsError("; ".join(problems))
        api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
        return cls(
            bot_token=token,
            signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
            app_token=env.get("SLACK_APP_TOKEN", "").strip(),
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            config_path=env.get("TANDEM_CONFIG", "").strip() or "tandem.toml",
            config_path_explicit=bool(env.get("TANDEM_CONFIG", "").strip()),
            port=int(port_text),
        )
