"""What the digests read: participation, open blockers, away people, latest status reports,
each in one query however much data there is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from bot.app.container import Services
from bot.app.standin.slack_requests import (
    SlackDriver,
    plain_text_value,
    state_values,
    static_select_value,
)
from bot.core.blocks.ids import CallbackId
from bot.core.clock import FixedClock
from storage.db import count_statements, unit_of_work
from storage.standups import reads as repo
from storage.standups.models import StatusReportEntry
from tests.support.standup import BERLIN, NY, SHANGHAI, WATCHED_SINCE, tick, watched_since


@contextmanager
def count_selects(services: Services) -> Iterator[list[str]]:
    with count_statements(services.engine) as statements:
        selects: list[str] = []
        yield selects
    selects += [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def two_days(services: Services, clock: FixedClock, slack: SlackDriver) -> None:
    """Monday: New York answers, Berlin half, Shanghai not. Tuesday: Berlin skips, both
    others answer, New York with a blocker."""
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    slack.command("/standup", "skip 2026-11-24", user_id=BERLIN)
    tick(services, clock, datetime(2026, 11, 23, 1, 30, tzinfo=UTC))
    tick(services, clock, datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    slack.im(BERLIN, "half done")
    tick(services, clock, datetime(2026, 11, 23, 14, 30, tzinfo=UTC))
    for text in ("a", "b", "none"):
        slack.im(NY, text)
    tick(services, clock, datetime(2026, 11, 23, 16, 0, tzinfo=UTC))
    tick(services, clock, datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    for text in ("c", "d", "no"):
        slack.im(SHANGHAI, text)
    tick(services, clock, datetime(2026, 11, 24, 8, 30, tzinfo=UTC))
    tick(services, clock, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    for text in ("e", "f", "Blocked on the staging database"):
        slack.im(NY, text)
    tick(services, clock, datetime(2026, 11, 24, 16, 0, tzinfo=UTC))


def test_participation_per_team_and_day_in_one_query(
    services: Services, clock: FixedClock, slack: SlackDriver
) -> None:
    two_days(services, clock, slack)
    with unit_of_work(services.factory) as session, count_selects(services) as queries:
        days = repo.participation(
            session, ["apollo", "ops"], date(2026, 11, 23), date(2026, 11, 24)
        )
    assert len(queries) == 1
    assert [(d.team, d.day, d.expected, d.answered, d.away) for d in days] == [
        ("apollo", date(2026, 11, 23), 3, 2, 0),
        ("apollo", date(2026, 11, 24), 2, 2, 1),
    ]


def test_open_blockers_with_their_age_in_one_query(
    services: Services, clock: FixedClock, slack: SlackDriver
) -> None:
    two_days(services, clock, slack)
    later = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
    with unit_of_work(services.factory) as session, count_selects(services) as queries:
        blockers = repo.open_blockers(session, ["apollo"], later)
        none_before = repo.open_blockers(
            session, ["apollo"], datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
        )
    assert len(queries) == 2
    [blocker] = blockers
    assert (blocker.user, blocker.text, blocker.first_date) == (
        NY,
        "Blocked on the staging database",
        date(2026, 11, 24),
    )
    assert blocker.ref == f"B-{blocker.id}" and blocker.age > timedelta(days=1, hours=23)
    assert none_before == []


def test_away_people_in_a_period_in_one_query(
    services: Services, clock: FixedClock, slack: SlackDriver
) -> None:
    two_days(services, clock, slack)
    slack.command("/standup", "away 2026-12-01 to 2026-12-04", user_id=NY)
    with unit_of_work(services.factory) as session, count_selects(services) as queries:
        periods = repo.away_between(session, date(2026, 11, 23), date(2026, 11, 30))
        december = repo.away_between(session, date(2026, 12, 3), date(2026, 12, 31), [NY, BERLIN])
    assert len(queries) == 2
    assert [(p.user, p.start, p.end) for p in periods] == [
        (BERLIN, date(2026, 11, 24), date(2026, 11, 24))
    ]
    assert [(p.user, p.start, p.end) for p in december] == [
        (NY, date(2026, 12, 1), date(2026, 12, 4))
    ]


def test_latest_status_report_per_team_up_to_an_instant_in_one_query(
    services: Services, clock: FixedClock, slack: SlackDriver
) -> None:
    watched_since(services, WATCHED_SINCE)
    first_friday = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    for week in range(2):
        tick(services, clock, first_friday + timedelta(days=7 * week))
        with unit_of_work(services.factory) as session:
            ident = max(e.id for e in session.query(StatusReportEntry).filter_by(team_id="apollo"))
        values = state_values(
            static_select_value("rag", "value", ["green", "red"][week]),
            plain_text_value("progress", "value", str(40 + 10 * week)),
            plain_text_value("milestone", "value", "Beta"),
            plain_text_value("milestone_date", "value", "2027-01-15"),
        )
        slack.submit(CallbackId.STATUS_REPORT, values, user_id="U0PM", private_metadata=str(ident))
    with unit_of_work(services.factory) as session, count_selects(services) as queries:
        now = repo.latest_status_reports(session, None, clock.now())
        before = repo.latest_status_reports(session, ["apollo"], first_friday + timedelta(days=3))
        nothing = repo.latest_status_reports(session, ["apollo"], first_friday - timedelta(days=1))
    assert len(queries) == 3
    assert set(now) == {"apollo"}  # ops never submitted
    assert (now["apollo"].rag, now["apollo"].progress) == ("red", 50)
    assert (before["apollo"].rag, before["apollo"].week) == ("green", date(2026, 11, 27))
    assert nothing == {}
