"""tandem.toml loading: typed values from the shipped example, and every problem by key path."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.workspace.load import ConfigError, load_workspace, parse_workspace
from bot.core.workspace.model import EscalationPolicy, WorkspaceConfig
from bot.core.workspace.validate import parse_duration

EXAMPLE = Path(__file__).resolve().parents[2] / "tandem.example.toml"
NEW_YORK = ZoneInfo("America/New_York")

MINIMAL = """
[[teams]]
id = "apollo"
name = "Apollo"
kind = "project"
channel = "C0APOLLO"
lead = "U0PM"
members = ["U0PM", "U0DEV1"]
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_workspace(text)
    return caught.value.problems


def example_with(old: str, new: str) -> str:
    text = EXAMPLE.read_text()
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def example() -> WorkspaceConfig:
    return load_workspace(EXAMPLE)


def test_the_shipped_example_loads_with_typed_values(example: WorkspaceConfig) -> None:
    assert example.timezone == NEW_YORK
    assert example.admins == ("U0ADMIN",)
    assert dict(example.channels) == {
        "digest": "C0DIGEST",
        "risks": "C0RISKS",
        "escalations": "C0ESCAL",
    }
    apollo = example.team("apollo")
    assert (apollo.kind, apollo.lead, apollo.members) == (
        "project",
        "U0PM",
        example.teams[0].members,
    )
    assert apollo.timezone == NEW_YORK
    assert apollo.holidays == ()
    standup = example.standup("apollo-daily")
    assert standup.time == time(9, 30)
    assert standup.report_at == time(11, 0)
    assert standup.days == (0, 1, 2, 3, 4)
    assert len(standup.questions) == 3
    assert standup.blocker_question == 3
    assert standup.remind_after == timedelta(hours=1)
    assert standup.participants == apollo.members
    assert standup.blocker_risk_after == timedelta(days=2)
    assert standup.blocker_escalate_after is None
    assert (standup.reminders, standup.mention, standup.report_style) == (True, True, "message")
    assert example.status_reports[0].day == 4
    assert example.status_reports[0].time == time(14, 0)


def test_the_example_rotation_starts_at_ten_new_york_time(example: WorkspaceConfig) -> None:
    rotation = example.rotation("ops-primary")
    assert rotation.start == datetime(2026, 11, 2, 10, 0, tzinfo=NEW_YORK)
    assert rotation.start.utcoffset() == timedelta(hours=-5)
    assert rotation.start.astimezone(UTC) == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert rotation.length == timedelta(weeks=1)
    assert rotation.handoff_notice == timedelta(hours=24)


def test_the_example_policy_has_three_levels(example: WorkspaceConfig) -> None:
    policy = example.policy("default")
    assert policy.repeat == 1
    assert policy.repeat_from_level == 0
    assert [level.notify for level in policy.levels] == [
        ("owner",),
        ("rotation:ops-primary",),
        ("lead:ops", "lead:apollo"),
    ]
    assert [level.after for level in policy.levels] == [
        timedelta(minutes=15),
        timedelta(minutes=15),
        timedelta(minutes=30),
    ]


def test_policy_version_is_stable_and_changes_when_a_level_changes(
    example: WorkspaceConfig,
) -> None:
    policy = example.policy("default")
    again = parse_workspace(EXAMPLE.read_text()).policy("default")
    assert len(policy.version) == 12
    assert int(policy.version, 16) >= 0
    assert again.version == policy.version
    edited = parse_workspace(example_with('after = "30m"', 'after = "45m"')).policy("default")
    assert edited.version != policy.version
    renotified = dataclasses.replace(policy, levels=policy.levels[:2])
    assert isinstance(renotified, EscalationPolicy)
    assert renotified.version != policy.version


def test_the_example_digest_resolves_its_channel_key(example: WorkspaceConfig) -> None:
    digest = example.digest("weekly")
    assert digest.channel == "C0DIGEST"
    assert (digest.day, digest.days, digest.time) == (4, (4,), time(16, 0))
    assert digest.period == timedelta(days=7)
    assert digest.teams == ("apollo", "ops")
    assert digest.charts is True
    assert digest.timezone == NEW_YORK


def test_lookup_helpers(example: WorkspaceConfig) -> None:
    assert example.channel("risks") == "C0RISKS"
    assert example.channel("C0ELSEWHERE") == "C0ELSEWHERE"
    assert example.is_admin("U0ADMIN")
    assert not example.is_admin("U0PM")
    assert [t.id for t in example.teams_led_by("U0OPSMGR")] == ["ops"]
    assert example.teams_led_by("U0DEV1") == ()
    with pytest.raises(KeyError):
        example.team("nope")
    with pytest.raises(KeyError):
        example.channel("nope")


def test_risk_settings_default_bands_and_review_intervals(example: WorkspaceConfig) -> None:
    risks = example.risks
    assert [risks.rating(s) for s in (1, 4, 5, 9, 10, 15, 16, 25)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]
    assert risks.review_interval("critical") == timedelta(days=7)
    assert risks.review_interval("low") == timedelta(days=90)
    assert risks.escalate_critical is True
    assert risks.policy == "default"
    assert "technical" in risks.categories


def test_risk_settings_from_the_risks_table() -> None:
    config = parse_workspace(
        MINIMAL
        + """
[risks]
bands = { low = 3, high = 12 }
review_days = { critical = 2 }
escalate_critical = false
categories = ["security"]
"""
    )
    assert config.risks.rating(3) == "low"
    assert config.risks.rating(13) == "critical"
    assert config.risks.review_interval("critical") == timedelta(days=2)
    assert config.risks.review_interval("high") == timedelta(days=14)
    assert config.risks.escalate_critical is False
    assert config.risks.categories == ("security",)


def test_defaults_fill_in_optional_keys() -> None:
    config = parse_workspace(
        MINIMAL
        + """
holidays = ["2026-12-25", 2026-12-26]
[[standups]]
id = "s"
team = "apollo"
time = "09:00"
report_at = "10:00"
questions = ["What?"]
[[digests]]
id = "daily"
channel = "C0DAILY"
time = "17:00"
"""
    )
    assert config.timezone == ZoneInfo("UTC")
    assert config.team("apollo").holidays == (date(2026, 12, 25), date(2026, 12, 26))
    standup = config.standup("s")
    assert standup.days == (0, 1, 2, 3, 4)
    assert standup.participants == ("U0PM", "U0DEV1")
    assert standup.remind_after is None
    assert standup.blocker_question is None
    digest = config.digest("daily")
    assert (digest.day, digest.days, digest.period) == (None, (0, 1, 2, 3, 4), timedelta(days=1))
    assert digest.teams == ("apollo",)
    assert digest.charts is True  # CONTRACT: charts default to true


def test_an_empty_file_is_an_empty_workspace() -> None:
    config = parse_workspace("")
    assert config.teams == ()
    assert config.timezone == ZoneInfo("UTC")


def test_a_file_with_three_mistakes_reports_all_three_by_key_path() -> None:
    text = example_with('time = "09:30"', 'time = "9.30"')
    text = text.replace('kind = "ops"', 'kind = "dev"')
    text = text.replace('team = "ops" ', 'team = "opps" ')
    assert problems_of(text) == [
        'teams[1].kind: "dev" must be one of project, ops',
        'standups[0].time: "9.30" is not HH:MM',
        'rotations[0].team: unknown team "opps"',
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('time = "09:30"', 'tme = "09:30"', 'standups[0]: unknown key "tme"'),
        ('time = "09:30"', 'tme = "09:30"', "standups[0].time: required"),
        (
            'members = ["U0PM", "U0DEV1", "U0DEV2"]',
            "members = 3",
            "teams[0].members: expected a list of strings, got integer",
        ),
        (
            'members = ["U0PM", "U0DEV1", "U0DEV2"]',
            'members = ["U0PM", 7, "bob"]',
            "teams[0].members[1]: expected a string, got integer",
        ),
        (
            'members = ["U0PM", "U0DEV1", "U0DEV2"]',
            'members = ["U0PM", 7, "bob"]',
            'teams[0].members[2]: "bob" is not a Slack user id',
        ),
        ("charts = true", 'charts = "yes"', "digests[0].charts: expected a boolean, got string"),
        ('time = "16:00"', 'time = "24:00"', 'digests[0].time: "24:00" is not HH:MM'),
        ('remind_after = "1h"', 'remind_after = "1 hour"', "standups[0].remind_after: "),
        ('length = "1w"', 'length = "0m"', "rotations[0].length: must be longer than zero"),
        ('day = "fri"', 'day = "fry"', 'status_reports[0].day: "fry" is not a weekday'),
        ('kind = "ops"', 'kind = "dev"', 'teams[1].kind: "dev" must be one of project, ops'),
        ('team = "ops" ', 'team = "opps" ', 'rotations[0].team: unknown team "opps"'),
        (
            '"rotation:ops-primary"',
            '"rotation:x"',
            'escalation_policies[0].levels[1].notify[0]: unknown rotation "x"',
        ),
        (
            '"lead:ops", "lead:apollo"',
            '"lead:ops", "lead:zeus"',
            'escalation_policies[0].levels[2].notify[1]: unknown team "zeus"',
        ),
        (
            '{ notify = ["owner"]',
            '{ notify = ["boss"]',
            'escalation_policies[0].levels[0].notify[0]: "boss" is not owner, lead:TEAM, '
            "rotation:ROTATION or a Slack user id",
        ),
        ("repeat = 1", "repeat = 10", "escalation_policies[0].repeat: 10 is not between 0 and 9"),
        (
            "repeat = 1",
            "repeat = 1\nrepeat_from_level = 3",
            "escalation_policies[0].repeat_from_level: 3 is not between 0 and 2",
        ),
        (
            'channel = "digest"',
            'channel = "general"',
            'digests[0].channel: unknown channel "general"',
        ),
        ('teams = ["apollo", "ops"]', 'teams = ["apollo", "x"]', "digests[0].teams[1]: unknown"),
        ('risks = "C0RISKS"', 'risks = "#risks"', 'channels.risks: "#risks" is not a Slack'),
        ('id = "ops"\n', 'id = "apollo"\n', 'teams: duplicate id "apollo"'),
        (
            "charts = true",
            'charts = true\n[[digests]]\nid = "weekly"\nchannel = "C0X"\ntime = "08:00"',
            'digests: duplicate id "weekly"',
        ),
        ('"America/New_York"', '"America/Gotham"', 'timezone: "America/Gotham" is not an IANA'),
        (
            'name = "Apollo launch"',
            'name = "Apollo launch"\ntimezone = "Mars"',
            'teams[0].timezone: "Mars" is not an IANA',
        ),
        (
            'admins = ["U0ADMIN"]',
            'admins = ["U0ADMIN"]\nlanguage = "fr"',
            'language: "fr" must be one of en, zh-CN',
        ),
        (
            'admins = ["U0ADMIN"]',
            'admins = ["U0ADMIN"]\nlanguages = "en"',
            'unknown key "languages"',
        ),
        ("blocker_question = 3", "blocker_question = 4", "standups[0].blocker_question: 4 is past"),
        (
            'start = "2026-11-02T10:00"',
            'start = "next monday"',
            'rotations[0].start: "next monday" is not a date and time',
        ),
        (
            '"2026-11-02T10:00"',
            '"2026-11-02T10:00"\nnotice = 1',
            'rotations[0]: unknown key "notice"',
        ),
    ],
)
def test_each_kind_of_problem_is_reported_with_its_key_path(
    old: str, new: str, problem: str
) -> None:
    found = problems_of(example_with(old, new))
    assert any(p.startswith(problem) for p in found), found


def test_structural_problems_are_reported_by_path() -> None:
    found = problems_of(
        """
teams = "apollo"
standups = [1]
[risks]
bands = { low = 10, medium = 9 }
policy = "missing"
[[escalation_policies]]
id = "p"
levels = []
[[digests]]
id = "d"
channel = "C0D"
time = "08:00"
day = "mon"
days = ["tue"]
"""
    )
    assert found == [
        "teams: expected a list of tables, got string",
        "standups[0]: expected a table, got integer",
        "escalation_policies[0].levels: must not be empty",
        "digests[0]: give either day or days, not both",
        "risks.bands: must increase: low < medium < high",
        'risks.policy: unknown escalation policy "missing"',
    ]


def test_too_many_questions_is_a_problem() -> None:
    questions = ", ".join(f'"Q{i}?"' for i in range(11))
    found = problems_of(example_with('questions = ["What did', f"questions = [{questions}]#"))
    assert found == ["standups[0].questions: has 11 items, at most 10 are allowed"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a = ", "line 1: Invalid value"),
        ("x = 1\ny == 2\n", "line 2: Invalid value (column 4)"),
        ("[t]\na = 1\n[t]\n", "line 3: Cannot declare ('t',) twice (column 3)"),
    ],
)
def test_a_toml_syntax_error_is_one_problem_with_its_line(text: str, problem: str) -> None:
    assert problems_of(text) == [problem]


def test_a_missing_file_is_one_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        load_workspace(missing)
    assert caught.value.problems == [f"{missing}: no such file"]
    assert str(caught.value) == f"{missing}: no such file"


def test_config_error_str_joins_problems_with_newlines() -> None:
    assert str(ConfigError(["a: x", "b: y"])) == "a: x\nb: y"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", timedelta(minutes=15)),
        ("1h", timedelta(hours=1)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1w2d3h4m", timedelta(weeks=1, days=2, hours=3, minutes=4)),
        ("90m", timedelta(minutes=90)),
        (" 24h ", timedelta(hours=24)),
        ("0m", timedelta(0)),
    ],
)
def test_parse_duration_accepts(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "m", "15", "1x", "1 h", "30m1h", "1.5h", "-1h", "15M", "1s"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)
