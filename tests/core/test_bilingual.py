"""Issue #13's bilingual proof: through signed deliveries into the Bolt app and ticks against
the fake Slack, each command's help and errors, a stand-up prompt and report, a page and a
digest read in Simplified Chinese for a zh-CN workspace and in English for an en one, with no
English dates or durations left in the Chinese; Chinese date phrases land on the right day
and time in Shanghai and in New York, on either side of New York's clock changes.

Each world speaks `lang` (the file, both teams, every Slack locale) except U0DEV2, whose
Slack locale is the other language: what is addressed to them follows them, not the team.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, message_text
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.dates import parse_when
from bot.core.errors import UserError
from bot.core.messages import COMMANDS, usage
from tests.support.digest_week import seeded_week
from tests.support.oncall import is_page
from tests.support.slack import dm_channel
from tests.support.workspace import EXAMPLE_CONFIG

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
OTHER = {"zh-CN": "en", "en": "zh-CN"}
SLACK_LOCALE = {"zh-CN": "zh-CN", "en": "en-US"}
PEOPLE = ("U0PM", "U0DEV1", "U0DEV2", "U0OPSMGR", "U0SRE1", "U0SRE2", "U0ADMIN")
ELSEWHERE = "U0DEV2"  # the one person whose Slack locale is the other language

CJK = re.compile(r"[\u4e00-\u9fff]")
# What an English renderer leaves in Chinese text: weekday and month names, "3d"-style units.
ENGLISH_LEAKS = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day)?\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
    r"|\b\d+\s?(?:s|m|h|d)\b|\bin \d+ (?:minutes?|hours?|days?)\b"
)


def assert_speaks(text: str, lang: str) -> None:
    """`text` is written in `lang`: Chinese with nothing English-rendered in it, or English
    with no Chinese at all."""
    if lang == "zh-CN":
        assert CJK.search(text), text
        assert ENGLISH_LEAKS.findall(text) == [], text
    else:
        assert not CJK.search(text), text


@pytest.fixture(params=["zh-CN", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def workspace_toml(lang: str) -> str:
    text = EXAMPLE_CONFIG.read_text()
    text = text.replace(
        'timezone = "America/New_York"', f'timezone = "America/New_York"\nlanguage = "{lang}"', 1
    )
    for kind in ("project", "ops"):
        text = text.replace(f'kind = "{kind}"', f'kind = "{kind}"\nlanguage = "{lang}"', 1)
    return text


@pytest.fixture
def people(fake_slack: FakeSlack, services: Services, lang: str) -> None:
    for user in PEOPLE:
        spoken = OTHER[lang] if user == ELSEWHERE else lang
        fake_slack.add_user(user, name=user.lower(), locale=SLACK_LOCALE[spoken])
        services.users.get(user)  # the profile Tandem keeps, with its Slack locale


def answer_to(slack: SlackDriver, fake: FakeSlack, command: str, text: str, user: str) -> str:
    """`user` runs `command text`; the one ephemeral answer they saw."""
    before = len(fake.responses_text())
    slack.command(command, text, user_id=user)
    [answer] = fake.responses_text()[before:]
    return answer


def test_the_manifest_declares_every_command_tandem_answers() -> None:
    declared = re.findall(r"^\s*- command: (/\w+)\s*$", MANIFEST.read_text(), re.MULTILINE)
    assert sorted(declared) == sorted(COMMANDS)


# The first sentence of each command's help, in Chinese and in English.
HELP = {
    "/standup": ("管理你的站会", "manages your stand-ups"),
    "/risk": ("风险登记册", "keeps the risk register"),
    "/oncall": ("查看和调整值班人员", "shows and changes who is on call"),
    "/page": ("立即呼叫某人", "pages someone now"),
    "/digest": ("合并后的项目 + 运维摘要", "merged project + ops digest"),
    "/goal": ("共享的目标", "goals that project and ops teams share"),
    "/kudos": ("感谢某人", "thanks someone"),
    "/lesson": ("经验教训", "keeps what teams learned"),
    "/retro": ("负责回顾会", "runs retrospectives"),
}


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("command", COMMANDS)
def test_help_answers_in_the_askers_own_language(
    slack: SlackDriver, fake_slack: FakeSlack, lang: str, command: str
) -> None:
    for user, spoken in (("U0DEV1", lang), (ELSEWHERE, OTHER[lang])):
        answer = answer_to(slack, fake_slack, command, "help", user)
        assert HELP[command][0 if spoken == "zh-CN" else 1] in answer
        assert usage(command, spoken) in answer
        assert_speaks(answer, spoken)


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_mistake_is_explained_with_the_usage_in_the_askers_language(
    slack: SlackDriver, fake_slack: FakeSlack, lang: str, command: str
) -> None:
    answer = answer_to(slack, fake_slack, command, "frobnicate now", "U0DEV1")
    label = "用法：" if lang == "zh-CN" else "Usage: "
    problem, _, rest = answer.partition("\n" + label)
    assert rest == usage(command, lang)
    assert_speaks(problem, lang)
    if command not in ("/page", "/kudos"):  # those read the word as a target
        assert ("我不认识命令" if lang == "zh-CN" else "is not a command I know") in problem


@pytest.mark.usefixtures("people")
def test_the_stand_up_prompts_each_person_and_reports_to_the_team_in_their_languages(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, clock: FixedClock, lang: str
) -> None:
    clock.set(datetime(2026, 11, 24, 14, 30, tzinfo=UTC))  # Tuesday 09:30 in New York
    jobs.tick(services, clock.now())
    [prompt] = fake_slack.messages(dm_channel("U0DEV1"))
    [elsewhere] = fake_slack.messages(dm_channel(ELSEWHERE))
    expected = {
        "zh-CN": "11月24日 周二 的 Apollo launch 站会",
        "en": "Apollo launch stand-up for Tue 24 Nov",
    }
    assert expected[lang] in message_text(prompt)
    assert expected[OTHER[lang]] in message_text(elsewhere)
    for answer in ("PR-12 merged", "PR-13", "API-7 keys"):
        slack.im("U0DEV1", answer)
    clock.set(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # 11:00: the report
    jobs.tick(services, clock.now())
    [report] = fake_slack.messages("C0APOLLO")
    text = message_text(report)
    summary = {
        "zh-CN": "1 人已回答 · 0 人请假 · 2 人未回答",
        "en": "1 answered · 0 away · 2 no answer",
    }
    assert summary[lang] in text and "PR-13" in text
    assert ("11月24日 周二" if lang == "zh-CN" else "Tue 24 Nov") in text
    assert_speaks(text, lang)


@pytest.mark.usefixtures("people")
def test_a_page_reaches_the_paged_person_and_its_thread_in_their_languages(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, clock: FixedClock, lang: str
) -> None:
    answer = answer_to(slack, fake_slack, "/page", "<@U0SRE1|ana> checkout HTTP 500", ELSEWHERE)
    assert (
        "已为 *P-1* 呼叫 <@U0SRE1>" if OTHER[lang] == "zh-CN" else "Paged <@U0SRE1> for *P-1*"
    ) in answer
    [page] = [m for m in fake_slack.messages(dm_channel("U0SRE1")) if is_page(m)]
    paged = {
        "zh-CN": "你被呼叫处理 P-1：checkout HTTP 500",
        "en": "You are paged for P-1: checkout HTTP 500",
    }
    assert paged[lang] in message_text(page)
    assert_speaks(message_text(page), lang)
    clock.advance(timedelta(minutes=12))
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0SRE1", message_ts=str(page["ts"]))
    thread = "\n".join(fake_slack.messages_text("C0ESCAL"))
    acked = {"zh-CN": "<@U0SRE1> 在 12分钟 后确认", "en": "Acknowledged by <@U0SRE1> after 12m"}
    assert acked[lang] in thread
    assert ("11月24日 周二 09:15 EST" if lang == "zh-CN" else "Tue 24 Nov 09:15 EST") in thread
    assert_speaks(thread, lang)


@pytest.mark.usefixtures("people")
def test_the_digest_is_posted_in_the_workspaces_language(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, clock: FixedClock, lang: str
) -> None:
    week = seeded_week()
    # Keep the teams' own words free of duration-like tokens ("MTTR: 42m" is what ops typed).
    week.statuses = [replace(s, kpis=(("Uptime", "99.95%"),)) for s in week.statuses]
    services.digests.sources = week
    clock.set(datetime(2026, 11, 27, 21, 0, tzinfo=UTC))  # Friday 16:00 in New York
    answer_to(slack, fake_slack, "/digest", "post weekly", "U0ADMIN")
    [digest] = [m for m in fake_slack.messages("C0DIGEST") if not m.get("thread_ts")]
    text = message_text(digest)
    expected = {
        "zh-CN": (
            "每周摘要 · 截至 11月27日 周五 的一周",
            "确认时长中位数 *7分钟*",
            "已持续 3天",
            "<@U0SRE1> 在 4分钟 后确认",
        ),
        "en": (
            "Weekly digest · week to Fri 27 Nov",
            "median time to acknowledge *7m*",
            "open 3d",
            "acknowledged by <@U0SRE1> after 4m",
        ),
    }
    for phrase in expected[lang]:
        assert phrase in text
    # The seeded risks, blockers and incidents stay in English, as their teams typed them.
    assert_speaks(text, lang)


# --- Chinese date phrases -----------------------------------------------------------------

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
DAY_START = time(9, 0)  # what a bare day means for a due date (bot.risk.grammar.DUE_TIME)
PAST = None

# Each reference instant falls on the same local day in both zones; its second part names
# that day's column in PHRASES.
REFERENCES = {
    # Wednesday 25 November 2026: 09:00 in New York, 22:00 in Shanghai.
    "wednesday": (datetime(2026, 11, 25, 14, 0, tzinfo=UTC), "wednesday"),
    # Sunday 8 March 2026: New York's clocks go forward at 02:00 EST to 03:00 EDT.
    "before-spring-forward": (datetime(2026, 3, 8, 6, 59, tzinfo=UTC), "spring"),  # 01:59 EST
    "after-spring-forward": (datetime(2026, 3, 8, 7, 1, tzinfo=UTC), "spring"),  # 03:01 EDT
    # Sunday 1 November 2026: they go back at 02:00 EDT to 01:00 EST.
    "before-fall-back": (datetime(2026, 11, 1, 5, 59, tzinfo=UTC), "fall"),  # 01:59 EDT
    "after-fall-back": (datetime(2026, 11, 1, 6, 1, tzinfo=UTC), "fall"),  # 01:01 EST
}
# phrase → (wall time, or None for a bare day, which starts at DAY_START) and, per
# reference day, the local day it names (PAST: refused as already gone; a week runs
# Monday to Sunday, so on a Sunday 本周三 is behind us).
PHRASES: dict[str, tuple[time | None, dict[str, date | None]]] = {
    "下周五": (
        None,
        {"wednesday": date(2026, 12, 4), "spring": date(2026, 3, 13), "fall": date(2026, 11, 6)},
    ),
    "本周三": (None, {"wednesday": date(2026, 11, 25), "spring": PAST, "fall": PAST}),
    "下星期一": (
        None,
        {"wednesday": date(2026, 11, 30), "spring": date(2026, 3, 9), "fall": date(2026, 11, 2)},
    ),
    "明天": (
        None,
        {"wednesday": date(2026, 11, 26), "spring": date(2026, 3, 9), "fall": date(2026, 11, 2)},
    ),
    "后天": (
        None,
        {"wednesday": date(2026, 11, 27), "spring": date(2026, 3, 10), "fall": date(2026, 11, 3)},
    ),
    "明天下午3点": (
        time(15),
        {"wednesday": date(2026, 11, 26), "spring": date(2026, 3, 9), "fall": date(2026, 11, 2)},
    ),
    "明天上午9点半": (
        time(9, 30),
        {"wednesday": date(2026, 11, 26), "spring": date(2026, 3, 9), "fall": date(2026, 11, 2)},
    ),
    "后天晚上8点": (
        time(20),
        {"wednesday": date(2026, 11, 27), "spring": date(2026, 3, 10), "fall": date(2026, 11, 3)},
    ),
    "3天后": (
        None,
        {"wednesday": date(2026, 11, 28), "spring": date(2026, 3, 11), "fall": date(2026, 11, 4)},
    ),
    "周五": (
        None,
        {"wednesday": date(2026, 11, 27), "spring": date(2026, 3, 13), "fall": date(2026, 11, 6)},
    ),
}


@pytest.mark.parametrize("zone", [SHANGHAI, NEW_YORK], ids=str)
@pytest.mark.parametrize("reference", list(REFERENCES))
@pytest.mark.parametrize("phrase", list(PHRASES))
def test_a_chinese_phrase_names_the_right_day_and_time(
    phrase: str, reference: str, zone: ZoneInfo
) -> None:
    wall, days = PHRASES[phrase]
    now, column = REFERENCES[reference]
    day = days[column]
    if day is PAST:
        with pytest.raises(UserError) as refused:
            parse_when(phrase, zone, now, day_start=DAY_START)
        assert refused.value.key == "error.date_past"
        return
    # The wall time in the zone, with the offset that day has (EDT after the spring change,
    # EST after the autumn one), whatever the offset at the reference instant was.
    assert parse_when(phrase, zone, now, day_start=DAY_START) == datetime.combine(
        day, wall or DAY_START, tzinfo=zone
    )
