"""People are answered in their Slack language (Simplified Chinese or English), channels in
their team's or the file's; Chinese dates parse and read the Chinese way."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.text import date_text, day_text, duration, month_day
from bot.core.clock import FixedClock
from bot.core.dates import split_range
from bot.core.messages import speaking
from storage.db import unit_of_work
from storage.risks import Risk
from tests.support.workspace import EXAMPLE_CONFIG

TUESDAY_0930_NY = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


@pytest.fixture
def workspace_toml() -> str:
    # The Apollo team posts in Chinese; the file (risk threads, digests) stays English.
    return EXAMPLE_CONFIG.read_text().replace(
        'kind = "project"', 'kind = "project"\nlanguage = "zh-CN"', 1
    )


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U0DEV1", name="wei", locale="zh-CN")
    fake_slack.add_user("U0DEV2", name="dana", locale="en-US")
    fake_slack.add_user("U0PM", name="pm", locale="en-GB")
    for user in ("U0OPSMGR", "U0SRE1", "U0SRE2", "U0ADMIN"):
        fake_slack.add_user(user, name=user.lower(), locale="en-US")


def last_answer(fake_slack: FakeSlack) -> str:
    return fake_slack.responses_text()[-1]


def test_help_is_in_the_persons_slack_language(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    services.users.get("U0DEV1")  # the profile Tandem keeps (users.info, with the locale)
    services.users.get("U0DEV2")
    slack.command("/risk", "help", user_id="U0DEV1")
    assert "风险登记册" in last_answer(fake_slack)
    slack.command("/risk", "help", user_id="U0DEV2")
    assert "risk register" in last_answer(fake_slack).lower()


def test_a_mistake_is_explained_in_chinese_and_nothing_is_stored(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    services.users.get("U0DEV1")
    slack.command("/risk", "show R-99", user_id="U0DEV1")
    answer = last_answer(fake_slack)
    assert "R-99" in answer and "风险" in answer


def test_a_chinese_due_date_is_read_in_the_persons_zone(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))  # Wednesday 09:00 in New York
    slack.command("/risk", "add 供应商接口延期 p:3 i:4 due:下周五", user_id="U0DEV1")
    with unit_of_work(services.factory) as session:
        [risk] = session.query(Risk).all()
    assert risk.title == "供应商接口延期"
    assert risk.due_at is not None
    assert risk.due_at.astimezone(services.workspace.timezone).date() == date(2026, 12, 4)


def test_prompts_follow_each_person_and_the_report_follows_the_team(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    clock.set(TUESDAY_0930_NY)
    jobs.tick(services, TUESDAY_0930_NY)
    [to_wei] = fake_slack.messages("D0DEV1")
    [to_dana] = fake_slack.messages("D0DEV2")
    assert "站会" in str(to_wei["text"]) and "11月24日 周二" in str(to_wei["text"])
    assert "stand-up" in str(to_dana["text"]) and "Tue 24 Nov" in str(to_dana["text"])
    clock.set(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # 11:00: the report, in Chinese
    jobs.tick(services, clock.now())
    [report] = fake_slack.messages("C0APOLLO")
    assert "站会" in str(report["text"])


def test_days_are_written_the_way_each_language_writes_them() -> None:
    tuesday = date(2026, 12, 1)
    assert day_text(tuesday) == "Tue 1 Dec"
    with speaking("zh-CN"):
        assert day_text(tuesday) == "12月1日 周二"
    with speaking("fr-FR"):  # not a language of the catalog: English
        assert day_text(tuesday) == "Tue 1 Dec"


def test_days_with_a_year_are_written_the_way_each_language_writes_them() -> None:
    thursday = date(2026, 12, 31)
    assert (day_text(thursday, year=True), date_text(thursday)) == (
        "Thu 31 Dec 2026",
        "31 Dec 2026",
    )
    with speaking("zh-CN"):
        assert day_text(thursday, year=True) == "2026年12月31日 周四"
        assert date_text(thursday) == "2026年12月31日"


@pytest.mark.parametrize(
    ("seconds", "whole_days", "english", "chinese"),
    [
        (45, False, "45s", "45秒"),
        (15 * 60, False, "15m", "15分钟"),
        (3 * 3600, False, "3h", "3小时"),
        (2 * 3600 + 5 * 60, False, "2h 5m", "2小时5分钟"),
        (2 * 86400, False, "2d", "2天"),
        (3 * 86400 + 4 * 3600, False, "3d 4h", "3天4小时"),
        (3 * 86400 + 4 * 3600, True, "3d", "3天"),
        (-5, False, "0s", "0秒"),
    ],
)
def test_durations_are_written_in_the_readers_language(
    seconds: int, whole_days: bool, english: str, chinese: str
) -> None:
    assert duration(seconds, whole_days=whole_days) == english
    with speaking("zh-CN"):
        assert duration(seconds, whole_days=whole_days) == chinese


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("下周一到下周五", ("下周一", "下周五")),
        ("明天上午9点 到 周五下午5点", ("明天上午9点", "周五下午5点")),
        ("2026-12-24至2027-01-02", ("2026-12-24", "2027-01-02")),
        ("monday to friday", ("monday", "friday")),
    ],
)
def test_a_range_splits_on_the_chinese_to_as_well(text: str, parts: tuple[str, str]) -> None:
    assert split_range(text) == parts


@pytest.mark.parametrize(("locale", "expected"), [("en", "7 Dec"), ("zh-CN", "12月7日")])
def test_chart_axis_days_are_written_the_way_the_language_writes_them(
    locale: str, expected: str
) -> None:
    with speaking(locale):
        assert month_day(date(2026, 12, 7)) == expected
