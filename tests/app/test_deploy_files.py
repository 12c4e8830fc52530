"""The deployment files in deploy/ run real commands with real settings."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest

from bot.app.cli import _parser
from bot.core.config import Settings

DEPLOY = Path(__file__).parents[2] / "deploy"
README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


@pytest.mark.parametrize(
    ("name", "command"), [("tandem-web.service", "web"), ("tandem-clock.service", "clock")]
)
def test_each_systemd_unit_starts_its_tandem_command_with_the_shared_env_file(
    name: str, command: str
) -> None:
    service = unit(name)["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0].endswith("/tandem") and argv[1:] == [command]
    assert _parser().parse_args(argv[1:]).command == command
    assert service["EnvironmentFile"] == "/etc/tandem/tandem.env"


def test_the_example_env_file_sets_only_variables_the_readme_documents_and_settings_accept() -> (
    None
):
    lines = (DEPLOY / "tandem.env.example").read_text(encoding="utf-8").splitlines()
    env = dict(line.split("=", 1) for line in lines if re.match(r"[A-Z_]+=", line))
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, re.M))
    assert set(env) <= documented
    assert Settings.from_env(env).database_url.startswith("sqlite:////var/lib/tandem/")
