"""Settings come from the environment once, fail fast in one line, and never show secrets."""

from __future__ import annotations

import pytest

from bot.core.config import Settings
from bot.core.errors import SettingsError


def test_missing_variables_are_named_together_in_one_line() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({})
    message = str(caught.value)
    assert "SLACK_BOT_TOKEN" in message and "SLACK_SIGNING_SECRET" in message
    assert "\n" not in message


def test_defaults_follow_the_contract() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert settings.database_url == "sqlite:///tandem.db"
    assert settings.api_url == "https://slack.com/api/"
    assert settings.config_path == "tandem.toml"
    assert settings.port == 3000


def test_secrets_never_appear_in_the_repr() -> None:
    settings = Settings.from_env(
        {"SLACK_BOT_TOKEN": "xoxb-secret", "SLACK_SIGNING_SECRET": "sig-secret"}
    )
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"PORT": "http"}, "PORT must be a number"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "xoxb-"),
    ],
)
def test_malformed_values_are_explained(env: dict[str, str], fragment: str) -> None:
    full = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", **env}
    with pytest.raises(SettingsError, match=fragment):
        Settings.from_env(full)
