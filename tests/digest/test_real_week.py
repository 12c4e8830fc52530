"""The weekly digest over a real week: every input made through Slack, read from the tables.

Risks are raised, re-scored and closed with `/risk`; a critical risk pages its owner, who
presses Acknowledge; stand-up prompts go out on the clock's ticks and are answered by DM (one
person away with `/standup away`, one reporting a blocker); both team leads submit their
weekly status report through its modal. The digest at Fri 27 Nov 16:00 New York must say all
of it, once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, message_text
from bot.app.standin.slack_requests import (
    SlackDriver,
    plain_text_value,
    state_values,
    static_select_value,
)
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from tests.support.digest import listed, refs
from tests.support.digest_week import WEEK_END
from tests.support.slack import roots
from tests.support.workspace import EXAMPLE_CONFIG, status_report, toml

PM, DEV1, DEV2 = "U0PM", "U0DEV1", "U0DEV2"
OPS_LEAD, SRE1, SRE2 = "U0OPSMGR", "U0SRE1", "U0SRE2"
LINK = "https://tandem-test.slack.com/archives/"


@pytest.fixture
def workspace_toml() -> str:
    return toml(EXAMPLE_CONFIG.read_text(), status_report("ops-weekly"))


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in (PM, DEV1, DEV2, OPS_LEAD, SRE1, SRE2, "U0ADMIN"):
        fake_slack.add_user(user, tz="America/New_York", name=user.lower())


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant in November 2026 (New York is UTC-5)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def project_report(rag: str, progress: str, milestone: str) -> dict[str, Any]:
    return state_values(
        static_select_value("rag", "value", rag),
        plain_text_value("progress", "value", progress),
        plain_text_value("milestone", "value", milestone),
        plain_text_value("milestone_date", "value", "2026-12-04"),
        plain_text_value("risks", "value", "Payments keys late"),
    )


class Week:
    """Drives one week of activity through the signed Slack deliveries and the tick."""

    def __init__(
        self, services: Services, clock: FixedClock, slack: SlackDriver, fake: FakeSlack
    ) -> None:
        self.services, self.clock, self.slack, self.fake = services, clock, slack, fake

    def tick(self, when: datetime) -> None:
        self.clock.set(when)
        assert jobs.tick(self.services, when) == []

    def risk(self, text: str, user: str) -> None:
        response = self.slack.command("/risk", text, user_id=user)
        assert response.status == 200

    def answer(self, user: str, *answers: str) -> None:
        for text in answers:
            self.slack.im(user, text)

    def button(self, user: str, action: str) -> tuple[str, dict[str, Any]]:
        """The value of the newest `action` button in `user`'s DM, and its message."""
        for message in reversed(self.fake.messages("D" + user[1:])):
            for block in message.get("blocks") or []:
                for element in block.get("elements") or []:
                    if element.get("action_id") == action:
                        return str(element["value"]), message
        raise AssertionError(f"no {action} button in {user}'s DM")

    def status_report(self, lead: str, values: dict[str, Any]) -> None:
        """The lead opens the report from its DM and submits the modal."""
        value, _ = self.button(lead, ActionId.STATUS_REPORT_OPEN)
        self.slack.action(ActionId.STATUS_REPORT_OPEN, value, user_id=lead)
        response = self.slack.submit_view(values, user_id=lead)
        assert response.status == 200 and not response.body

    def standup_day(self, day: int, answers: dict[str, tuple[str, ...]]) -> None:
        """Prompts at 09:30 New York, the answers given, the report at 11:00."""
        self.tick(at(day, 14, 30))
        for user, given in answers.items():
            self.answer(user, *given)
        self.tick(at(day, 16, 0))

    def run(self) -> None:
        # Thursday, the week before: the register already holds three risks.
        self.clock.set(at(19, 15))
        self.risk("add Key engineer may leave p:2 i:3 team:apollo", PM)
        self.risk("add Old licence expires p:2 i:2 team:ops", OPS_LEAD)
        self.risk("add Load tests not booked p:3 i:5 team:apollo due:2026-12-04", PM)
        # Friday: the clock starts (it first sees the digest, due next at 16:00); only PM
        # answers the stand-up, and reports the project green.
        self.standup_day(20, {PM: ("Kick-off", "Plans", "none")})
        self.tick(at(20, 19))
        self.status_report(PM, project_report("green", "50", "Alpha"))
        self.tick(at(20, 21))  # the digest of the week before
        # Saturday: DEV1 plans two days off.
        self.clock.set(at(21, 12))
        self.slack.command("/standup", "away 2026-11-23 to 2026-11-24", user_id=DEV1)

        self.tick(at(23, 14, 30))  # Monday's prompts
        self.answer(PM, "Planning", "Reviews", "none")
        self.answer(DEV2, "Checkout", "Payments", "no")
        self.clock.set(at(23, 15))
        self.risk(f"add Primary database has no tested failover p:5 i:4 owner:<@{SRE1}|sre1>", PM)
        self.clock.set(at(23, 15, 6))
        value, page = self.button(SRE1, ActionId.ESCALATION_ACK)
        self.slack.action(
            ActionId.ESCALATION_ACK,
            value,
            user_id=SRE1,
            message_ts=page["ts"],
            channel_id=page["channel"],
        )
        self.tick(at(23, 16))  # Monday's report

        self.standup_day(
            24,
            {
                PM: ("Reviews", "Release notes", "none"),
                DEV2: ("Payments", "More payments", "Waiting for the payments API keys"),
            },
        )
        self.clock.set(at(24, 17))
        self.risk("update R-1 p:3 i:4", PM)
        self.risk("add Staging environment unstable p:2 i:2 team:apollo", DEV1)
        self.standup_day(
            25, {PM: ("Release notes", "Demo", "none"), DEV1: ("Back", "Search", "none")}
        )
        self.clock.set(at(25, 18))
        self.risk("close R-2 licence renewed for three years", OPS_LEAD)
        self.standup_day(
            26,
            {
                PM: ("Demo", "Planning", "none"),
                DEV1: ("Search", "Search", "none"),
                DEV2: ("Payments", "Payments", "Still waiting for the API keys &amp; certs"),
            },
        )
        self.standup_day(
            27, {PM: ("Planning", "Status", "none"), DEV1: ("Search", "Tests", "none")}
        )

        self.tick(at(27, 19))  # 14:00: the project lead is asked for the weekly report
        self.status_report(PM, project_report("amber", "60%", "Beta launch"))
        self.tick(at(27, 20))  # 15:00: the ops lead
        self.status_report(
            OPS_LEAD,
            state_values(
                plain_text_value("kpis", "value", "Uptime: 99.95%\nMTTR: 42m"),
                plain_text_value(
                    "incidents",
                    "value",
                    "INC-7 database failover (resolved)\n\n- INC-8 cache <stampede>",
                ),
                static_select_value("sla", "value", "at_risk"),
            ),
        )
        self.tick(WEEK_END)  # 16:00: the weekly digest


@pytest.fixture
def week(
    services: Services, clock: FixedClock, slack: SlackDriver, fake_slack: FakeSlack
) -> FakeSlack:
    Week(services, clock, slack, fake_slack).run()
    return fake_slack


def digest_text(fake: FakeSlack, header: str) -> str:
    """A digest as people read it: its root and its thread, in order."""
    root = root_of(fake, "C0DIGEST", header)
    thread = [m for m in fake.messages("C0DIGEST") if m.get("thread_ts", m["ts"]) == root["ts"]]
    return "\n".join(str(m["text"]) for m in thread)


@pytest.fixture
def text(week: FakeSlack) -> str:
    return digest_text(week, "week to Fri 27 Nov")


def ts_link(message: dict[str, Any]) -> str:
    return f"{LINK}{message['channel']}/p{str(message['ts']).replace('.', '')}"


def root_of(fake: FakeSlack, channel: str, needle: str) -> dict[str, Any]:
    [found] = [m for m in roots(fake, channel) if needle in message_text(m)]
    return found


def test_the_headline_gives_each_team_its_colour_severe_risks_and_pages_with_mtta(
    text: str,
) -> None:
    assert (
        "*At a glance:* :large_yellow_circle: Apollo launch · :large_yellow_circle: "
        "Platform operations" in text
    )
    # R-1 now 12 (high), R-3 15 (high), R-4 20 (critical); R-2 closed, R-5 low
    assert "Critical/high risks open: *3* · Pages: *1*, median time to acknowledge *6m*" in text


def test_the_project_section_has_the_report_participation_and_the_open_blocker(
    week: FakeSlack, text: str
) -> None:
    [apollo] = [line for line in text.splitlines() if line.startswith("*Apollo launch*")]
    assert apollo == (
        "*Apollo launch* · :large_yellow_circle: At risk · 60% done"
        " · next milestone: Beta launch (Fri 4 Dec) · reported Fri 27 Nov"
    )
    # 15 asked-or-away, DEV1 away Mon and Tue, DEV2 silent Wed and Fri: 11 of 13
    assert "Stand-ups: 11 of 13 answered (85%) over 5 days · 2 away" in text
    thursday = root_of(week, "C0APOLLO", "Thu 26 Nov")
    assert "Open blockers (1):" in text
    assert (
        # Slack escapes DMs; the digest escapes once, not twice
        f"• <@{DEV2}>: <{ts_link(thursday)}|Still waiting for the API keys &amp; certs> · open 3d"
        in text
    )


def test_the_ops_section_has_kpis_incidents_on_call_and_the_acknowledged_page(
    week: FakeSlack, text: str
) -> None:
    assert (
        "*Platform operations* · :large_yellow_circle: SLAs at risk · reported Fri 27 Nov" in text
    )
    assert "KPIs: Uptime: 99.95% · MTTR: 42m" in text
    assert (
        "Incidents (2):\n• INC-7 database failover (resolved)\n• INC-8 cache &lt;stampede&gt;\n"
        in text
    )
    # ops-primary hands over weekly on Mondays 10:00: SRE2 has this week, SRE1 the next
    assert f"On call (ops-primary): <@{SRE2}> until Mon 30 Nov 10:00, then <@{SRE1}>" in text
    assert "*Escalations this period: 1* · median time to acknowledge 6m · 0 exhausted" in text
    r4 = root_of(week, "C0RISKS", "Primary database has no tested failover")
    assert (
        f"• <{ts_link(r4)}|R-4> Primary database has no tested failover"
        f" · paged Mon 23 Nov 10:00 · acknowledged by <@{SRE1}> after 6m" in text
    )


def test_the_risks_show_the_top_ones_and_what_was_raised_changed_and_closed(
    week: FakeSlack, text: str
) -> None:
    assert "Open risks: *4* · 1 critical · 2 high · 0 medium · 1 low" in text
    assert refs(listed(text, "*Top risks*")) == ["R-4", "R-3", "R-1", "R-5"]
    assert refs(listed(text, "*New since the last digest (2)*")) == ["R-4", "R-5"]
    r1 = root_of(week, "C0RISKS", "Key engineer may leave")
    assert listed(text, "*Changed (1)*") == [
        f"• <{ts_link(r1)}|R-1> Key engineer may leave · 12 high (p3×i4) · owner <@{PM}> · was 6"
    ]
    [closed] = listed(text, "*Closed (1)*")
    assert closed.endswith(
        f"R-2> Old licence expires · 4 low (p2×i2) · owner <@{OPS_LEAD}>"
        " · closed: licence renewed for three years"
    )
    assert refs(listed(text, "*Due within 14 days (1)*")) == ["R-3"]


def test_who_was_away_is_listed(text: str) -> None:
    assert f"*Away (1)*\n• <@{DEV1}>: Mon 23 Nov to Tue 24 Nov" in text


def test_the_digest_is_posted_once_however_often_the_clock_ticks(
    services: Services, clock: FixedClock, week: FakeSlack
) -> None:
    for minutes in (0, 1, 30, 120):
        when = WEEK_END + timedelta(minutes=minutes)
        clock.set(when)
        assert jobs.tick(services, when) == []
    headers = [root["blocks"][0]["text"]["text"] for root in roots(week, "C0DIGEST")]
    assert headers == ["Weekly digest · week to Fri 20 Nov", "Weekly digest · week to Fri 27 Nov"]
    posts = [c for c in week.calls_to("chat.postMessage") if c.params["channel"] == "C0DIGEST"]
    assert [c.params.get("thread_ts") for c in posts] == [None, None]


def test_each_digest_holds_only_its_own_period(week: FakeSlack, text: str) -> None:
    before = digest_text(week, "week to Fri 20 Nov")
    # Friday 20's stand-up report was due at 11:00, before that digest's 16:00
    assert "Stand-ups: 1 of 3 answered (33%) over 1 day · 0 away" in before
    assert ":large_green_circle: On track · 50% done · next milestone: Alpha" in before
    assert refs(listed(before, "*New since the last digest (3)*")) == ["R-3", "R-1", "R-2"]
    assert "*Escalations this period: 0*" in before
    assert "*Away" not in before  # DEV1 asked for days off on Saturday, for the week after
    assert "over 5 days" in text and "Alpha" not in text


class WeekWithLateAnswersAndKudos(Week):
    """The same week, and before the digest: DEV2 answers Friday's stand-up after its report
    was posted (late), and two kudos go to DEV2 and one to SRE1."""

    def tick(self, when: datetime) -> None:
        if when == WEEK_END:
            self.clock.set(at(27, 20, 30))
            self.answer(DEV2, "Payments", "Payments", "Still the API keys")
            for giver, receiver in ((PM, DEV2), (DEV1, DEV2), (PM, SRE1)):
                self.slack.command("/kudos", f"<@{receiver}> for the help", user_id=giver)
        super().tick(when)


def test_the_people_section_gives_each_teams_people_metrics(
    services: Services, clock: FixedClock, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    WeekWithLateAnswersAndKudos(services, clock, slack, fake_slack).run()
    lines = listed(digest_text(fake_slack, "week to Fri 27 Nov"), "*People metrics per team*")
    assert lines == [
        # 12 of 13 answered (DEV2's Friday late: 11 of 12 completed prompts on time); the
        # blocker first reported Tue, still open; raised 19 Nov, R-5 on 24 Nov.
        "• *Apollo launch*: participation 92% · on time 92% · blockers 1 (oldest 3d)"
        " · open risks 3 (median age 8d, oldest 8d) · overdue reviews 0 · MTTA – · kudos 2",
        # No ops stand-up; R-4 (owner SRE1) raised Mon 10:00 New York, acknowledged in 6m.
        "• *Platform operations*: participation – · on time – · blockers 0 (oldest –)"
        " · open risks 1 (median age 4d, oldest 4d) · overdue reviews 0 · MTTA 6m · kudos 1",
    ]
