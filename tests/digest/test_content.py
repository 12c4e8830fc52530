"""What the weekly digest says about a seeded week, as Slack receives it."""

from __future__ import annotations

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, message_text
from bot.core.clock import FixedClock
from tests.fakes.digest_sources import StaticSources
from tests.support.digest import digest_messages, listed, post_weekly, refs

LINK = "https://tandem-test.slack.com/archives/"


@pytest.fixture
def text(services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources) -> str:
    post_weekly(services, clock)
    [root] = digest_messages(fake_slack)
    return str(root["text"])


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def test_the_headline_gives_rag_ops_health_severe_risks_and_pages(text: str) -> None:
    assert (
        "*At a glance:* :large_yellow_circle: Apollo launch · :large_green_circle: "
        "Platform operations" in text
    )
    # R-1 (20) is critical, R-6 (15) and R-2 (12) are high; last week's page is not counted
    assert "Critical/high risks open: *3* · Pages: *3*, median time to acknowledge *7m*" in text


def test_the_project_section_shows_the_latest_report_participation_and_blockers(
    text: str,
) -> None:
    [apollo] = lines_with(text, "|Apollo launch>*")
    assert apollo.startswith(f"*<{LINK}C0APOLLO/p1764266400000100|Apollo launch>*")
    assert ":large_yellow_circle: At risk · 60% done" in apollo  # not last week's green report
    assert "next milestone: Beta launch (Fri 4 Dec) · reported Fri 27 Nov" in apollo
    # 15 expected, 1 away, 12 answered; the seven earlier weeks are not this period
    assert "Stand-ups: 12 of 14 answered (86%) over 5 days · 1 away" in text
    assert "Open blockers (1):" in text
    assert (
        f"• <@U0DEV2>: <{LINK}C0APOLLO/p1763996400000300|Waiting for the payments API keys>"
        " · open 3d" in text
    )


def test_the_ops_section_shows_kpis_incidents_on_call_and_escalations(text: str) -> None:
    [ops] = lines_with(text, "|Platform operations>*")
    assert ops.startswith(f"*<{LINK}C0OPS/p1764268200000200|Platform operations>*")
    assert ":large_green_circle: SLAs met (99.95% vs 99.9% target)" in ops
    assert "KPIs: Uptime: 99.95% · MTTR: 42m" in text
    assert "Incidents (1):\n• INC-7 database failover (resolved)" in text
    assert "On call (ops-primary): <@U0SRE1> until Mon 30 Nov 10:00, then <@U0SRE2>" in text
    assert "*Escalations this period: 3* · median time to acknowledge 7m · 1 exhausted" in text
    [first, exhausted, second] = lines_with(text, "· paged ")
    assert first == (
        f"• <{LINK}C0RISKS/p1762000000000100|R-1> Vendor may miss the API delivery"
        " · paged Wed 25 Nov 05:00 · acknowledged by <@U0SRE1> after 4m"
    )
    assert exhausted.endswith(
        "paged Wed 25 Nov 22:00 · :rotating_light: exhausted: nobody acknowledged"
    )
    assert second.endswith("acknowledged by <@U0SRE2> after 10m")
    assert "Last week's page" not in text


def test_the_risk_section_has_top_five_deltas_overdue_reviews_and_due_dates(text: str) -> None:
    assert "Open risks: *5* · 1 critical · 2 high · 1 medium · 1 low" in text
    top = listed(text, "*Top risks*")
    assert refs(top) == ["R-1", "R-6", "R-2", "R-3", "R-5"]
    assert top[0] == (
        f"• <{LINK}C0RISKS/p1762000000000100|R-1> Vendor may miss the API delivery"
        " · 20 critical (p4×i5) · owner <@U0PM> · due Fri 4 Dec"
    )
    [new] = listed(text, "*New since the last digest (1)*")
    assert new == (
        "• R-2 Database capacity runs out · 12 high (p3×i4) · owner <@U0SRE1> · due Tue 15 Dec"
    )
    assert listed(text, "*Changed (1)*") == [
        "• R-3 Key engineer may leave · 6 medium (p2×i3) · owner <@U0PM> · was 4"
    ]
    assert listed(text, "*Closed (1)*") == [
        "• R-4 Old licence expires · 4 low (p2×i2) · owner <@U0PM> · closed: mitigated"
    ]
    [overdue] = listed(text, "*Reviews overdue (1)*")
    assert overdue.startswith("• R-3 ") and overdue.endswith("review was due Fri 20 Nov")
    # R-2 is due on 15 Dec, more than 14 days away
    assert refs(listed(text, "*Due within 14 days (2)*")) == ["R-5", "R-1"]


def test_user_text_cannot_inject_markup(text: str) -> None:
    assert "R-6 Load tests &lt;b&gt;&amp; soak&lt;/b&gt; not booked" in text
    assert "<b>" not in text


def test_people_away_in_the_period_are_listed_and_empty_parts_are_left_out(text: str) -> None:
    assert "*Away (1)*\n• <@U0DEV1>: Mon 23 Nov to Tue 24 Nov" in text
    assert "U0SRE2>: " not in text  # away three weeks ago
    assert "Kudos" not in text
    assert "Shared goals" not in text


def test_the_blocks_carry_the_same_content_as_the_fallback_text(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    post_weekly(services, clock)
    [root] = digest_messages(fake_slack)
    assert root["blocks"][0]["type"] == "header"
    assert root["blocks"][0]["text"]["text"] == "Weekly digest · week to Fri 27 Nov"
    assert root["blocks"][1]["elements"][0]["text"] == (
        "Fri 20 Nov 16:00 – Fri 27 Nov 16:00 · Apollo launch, Platform operations"
    )
    assert message_text({"blocks": root["blocks"]}) == root["text"]


def test_each_kind_of_input_is_asked_for_once(
    services: Services, clock: FixedClock, week: StaticSources
) -> None:
    services.digests.preview("weekly", clock.now())
    assert sorted(week.calls) == [
        "away",
        "blockers",
        "escalations",
        "goals",
        "handovers",
        "kudos",
        "lessons",
        "on_call",
        "on_call_load",
        "participation",
        "risks",
        "team_people",
        "team_statuses",
    ]
