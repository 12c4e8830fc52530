"""Storage of the register: safe numbering under concurrency, the digests' read functions
(with a bounded number of SQL statements), and `tandem export risks`."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.app.cli import main
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from storage import risks as repo
from storage.db import count_statements, make_session_factory, read_connection, unit_of_work
from storage.risks import Risk
from tests.support.clock import START
from tests.support.workspace import EXAMPLE_CONFIG

DAY = timedelta(days=1)


def make(
    services: Services,
    number: int,
    *,
    p: int = 3,
    i: int = 3,
    status: str = "open",
    team: str | None = "apollo",
    created: datetime = START,
    due: datetime | None = None,
    review: datetime | None = None,
) -> None:
    """A risk row with its 'created' event (and a 'closed' one when closed)."""
    rating = services.workspace.risks.rating(p * i)
    with unit_of_work(services.factory) as session:
        risk = Risk(
            id=number,
            title=f"Risk {number}",
            kind="threat",
            category="technical",
            team=team,
            owner="U0DEV1",
            raised_by="U0DEV1",
            probability=p,
            impact=i,
            score=p * i,
            rating=rating,
            status=status,
            due_at=due,
            next_review_at=review or created + 30 * DAY,
            created_at=created,
            updated_at=created,
        )
        session.add(risk)
        session.flush()
        repo.add_event(session, risk, actor="U0DEV1", type="created", at=created)
        if status == "closed":
            repo.add_event(session, risk, actor="U0DEV1", type="closed", at=created + DAY)


def test_concurrent_raises_get_distinct_numbers(services: Services) -> None:
    factory = make_session_factory(services.engine)
    barrier = threading.Barrier(6)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def raise_one() -> None:
        try:
            barrier.wait()
            with unit_of_work(factory) as session:
                numbers.append(repo.next_number(session))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=raise_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


def test_top_open_is_by_score_and_skips_closed_risks(services: Services) -> None:
    make(services, 1, p=5, i=5, status="closed")
    make(services, 2, p=2, i=2)
    make(services, 3, p=4, i=4, team="ops")
    make(services, 4, p=3, i=4)
    with unit_of_work(services.factory) as session:
        assert [r.id for r in repo.top_open(session, 2)] == [3, 4]
        assert [r.id for r in repo.top_open(session, 5, teams=["apollo"])] == [4, 2]


def test_changes_between_splits_created_changed_and_closed(services: Services) -> None:
    make(services, 1, created=START - 10 * DAY)  # created before the period, changed in it
    make(services, 2, created=START + DAY)  # created in the period
    make(services, 3, created=START, status="closed")  # created and closed in the period
    make(services, 4, created=START - 20 * DAY)  # untouched
    with unit_of_work(services.factory) as session:
        one = repo.get(session, 1)
        assert one is not None
        repo.add_event(session, one, actor="U0PM", type="updated", at=START + 2 * DAY)
    with unit_of_work(services.factory) as session:
        delta = repo.changes_between(session, START, START + 7 * DAY)
        empty = repo.changes_between(session, START + 30 * DAY, START + 31 * DAY)
    assert [r.id for r in delta.created] == [2]
    assert [r.id for r in delta.changed] == [1]
    assert [r.id for r in delta.closed] == [3]
    assert (empty.created, empty.changed, empty.closed) == ([], [], [])


def test_overdue_reviews_and_risks_due_soon(services: Services) -> None:
    now = START + 10 * DAY
    make(services, 1, review=now - DAY)
    make(services, 2, review=now + DAY, due=now + 3 * DAY)
    make(services, 3, review=now - 2 * DAY, status="closed")
    make(services, 4, due=now + 20 * DAY)
    make(services, 5, due=now - DAY)  # already past: not "due within"
    with unit_of_work(services.factory) as session:
        assert [r.id for r in repo.overdue_reviews(session, now)] == [1]
        assert [r.id for r in repo.due_within(session, now, now + 14 * DAY)] == [2]


def test_open_counts_by_rating_and_the_heat_map(services: Services) -> None:
    make(services, 1, p=1, i=1)
    make(services, 2, p=1, i=1)
    make(services, 3, p=5, i=4)
    make(services, 4, p=3, i=3, status="closed")
    make(services, 5, p=2, i=5, team="ops")
    with unit_of_work(services.factory) as session:
        counts = repo.open_counts_by_rating(session)
        matrix = repo.heat_map(session)
        apollo = repo.heat_map(session, teams=["apollo"])
    assert counts == {"low": 2, "medium": 0, "high": 1, "critical": 1}
    assert matrix[0][0] == 2 and matrix[4][3] == 1 and matrix[1][4] == 1
    assert sum(map(sum, matrix)) == 4 and matrix[2][2] == 0
    assert apollo[1][4] == 0


@pytest.mark.parametrize("risk_count", [3, 40])
def test_the_digest_reads_run_a_fixed_number_of_statements(
    services: Services, risk_count: int
) -> None:
    for n in range(1, risk_count + 1):
        make(services, n, p=1 + n % 5, i=1 + n % 3, created=START + (n % 5) * DAY)
    now = START + 3 * DAY
    with count_statements(services.engine) as statements, unit_of_work(services.factory) as session:
        risks = repo.top_open(session, 10)
        delta = repo.changes_between(session, START, now)
        overdue = repo.overdue_reviews(session, now + 60 * DAY)
        due = repo.due_within(session, now, now + 14 * DAY)
        repo.open_counts_by_rating(session)
        repo.heat_map(session)
        # Reading what a digest renders touches no lazy relationship.
        [(r.title, r.owner, r.rating) for r in [*risks, *delta.created, *overdue, *due]]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 7


@pytest.fixture
def env(engine: Engine, fake_slack: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
    }


def test_export_risks_as_csv_with_since(
    slack: SlackDriver,
    services: Services,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    slack.command("/risk", "add Vendor late p:4 i:2 due:2026-12-01", user_id="U0DEV1")
    services.clock.advance(2 * DAY)
    slack.command("/risk", "add Disk fills up, again", user_id="U0DEV1")
    capsys.readouterr()

    assert main(["export", "risks", "--format", "csv"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["R-1", "R-2"]
    first = rows[0]
    assert (first["title"], first["score"], first["rating"], first["owner"]) == (
        "Vendor late",
        "8",
        "medium",
        "U0DEV1",
    )
    assert first["due_at"] == "2026-12-01T22:00:00+00:00"
    assert first["thread_channel"] == "C0RISKS" and first["thread_ts"]
    assert rows[1]["title"] == "Disk fills up, again"

    assert main(["export", "risks", "--format", "csv", "--since", "2026-11-25"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["R-2"]


def test_export_risks_as_json(
    slack: SlackDriver, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    slack.command("/risk", "add Vendor late", user_id="U0DEV1")
    capsys.readouterr()
    assert main(["export", "risks", "--format", "json"], env=env) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == "R-1" and row["customer_impact"] is False
    assert datetime.fromisoformat(row["created_at"]) == START.astimezone(UTC)


def test_a_risk_only_reviewed_in_a_period_is_not_a_digest_change(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Vendor late p:2 i:3", user_id="U0DEV1")
    reviewed_at = services.clock.advance(timedelta(days=1))
    root = fake_slack.messages("C0RISKS")[0]
    slack.action(
        ActionId.RISK_REVIEWED, "1", user_id="U0DEV1", message_ts=root["ts"], channel_id="C0RISKS"
    )
    updated_at = services.clock.advance(timedelta(hours=1))
    slack.command("/risk", "update R-1 p:4", user_id="U0DEV1")
    with unit_of_work(services.factory) as session:
        reviewed_only = repo.changes_between(session, reviewed_at, updated_at)
        with_update = repo.changes_between(session, reviewed_at, updated_at + timedelta(1))
    assert reviewed_only.changed == []
    assert [risk.id for risk in with_update.changed] == [1]


def test_a_page_and_the_total_matching_come_from_one_statement(services: Services) -> None:
    for n in range(1, 21):
        make(services, n, p=1 + n % 5, team="apollo" if n % 2 else "gemini")
    make(services, 21, status="closed")
    with (
        read_connection(services.engine) as conn,
        count_statements(services.engine) as statements,
    ):
        page, total = repo.search(conn, repo.RiskFilter(), offset=0, limit=15)
    assert (len(page), total) == (15, 20)
    assert len(statements) == 1
    assert [r.score for r in page] == sorted((r.score for r in page), reverse=True)


def test_a_page_past_the_end_still_knows_the_total(services: Services) -> None:
    for n in range(1, 4):
        make(services, n)
    with read_connection(services.engine) as conn:
        assert repo.search(conn, repo.RiskFilter(), offset=15, limit=15) == ([], 3)
        assert repo.search(conn, repo.RiskFilter(team="none"), offset=0, limit=15) == ([], 0)


def test_each_filter_shape_takes_its_values_anew_on_every_search(services: Services) -> None:
    make(services, 1, team="apollo", due=START + DAY)
    make(services, 2, team="gemini", due=START + 3 * DAY)
    make(services, 3, team="gemini", status="closed")

    def numbers(wanted: repo.RiskFilter) -> list[int]:
        with read_connection(services.engine) as conn:
            return [r.id for r in repo.search(conn, wanted, offset=0, limit=15)[0]]

    assert numbers(repo.RiskFilter(team="apollo")) == [1]
    assert numbers(repo.RiskFilter(team="gemini")) == [2]
    assert numbers(repo.RiskFilter(statuses=("closed",), team="gemini")) == [3]
    assert numbers(repo.RiskFilter(overdue_at=START + 2 * DAY)) == [1]
    assert sorted(numbers(repo.RiskFilter(overdue_at=START + 4 * DAY))) == [1, 2]
    assert numbers(repo.RiskFilter(owner="U0SOMEONE")) == []
    assert sorted(numbers(repo.RiskFilter(owner="U0DEV1"))) == [1, 2]


def test_a_listed_risk_carries_every_column_the_stored_risk_has_for_rendering(
    services: Services,
) -> None:
    make(services, 1, due=START + DAY)
    with read_connection(services.engine) as conn:
        (listed,), _ = repo.search(conn, repo.RiskFilter(), offset=0, limit=15)
    with unit_of_work(services.factory) as session:
        stored = repo.get(session, 1)
    assert stored is not None
    for name in [f.name for f in fields(repo.ListedRisk)] + ["ref", "active"]:
        assert getattr(listed, name) == getattr(stored, name), name
    assert listed.due_at is not None and listed.due_at.tzinfo is not None
