"""Storage guarantees every feature builds on: UTC round trips, idempotent inserts, migrations."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, insert, select
from sqlalchemy.exc import StatementError

from storage import clock_state, deliveries
from storage.db import (
    ReadOnlyViolation,
    insert_ignore_many,
    make_session_factory,
    normalize_url,
    read_connection,
    unit_of_work,
)
from storage.lessons import include_object
from storage.migrate import HEAD, alembic_config, is_current, upgrade
from storage.models import Heartbeat, OutboxMessage
from storage.schema import Base


def test_timestamps_come_back_as_the_same_utc_instant(engine: Engine) -> None:
    factory = make_session_factory(engine)
    berlin_noon = datetime(2026, 10, 25, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    with unit_of_work(factory) as session:
        session.add(Heartbeat(name="x", at=berlin_noon))
    with unit_of_work(factory) as session:
        stored = session.scalar(select(Heartbeat.at).where(Heartbeat.name == "x"))
    assert stored == berlin_noon
    assert stored is not None and stored.tzinfo is not None and stored.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    factory = make_session_factory(engine)
    naive = datetime(2026, 1, 1)  # noqa: DTZ001 - the point of the test
    with unit_of_work(factory) as session:
        session.add(Heartbeat(name="x", at=naive))
        with pytest.raises(StatementError, match="naive datetime"):
            session.flush()
        session.expunge_all()


def test_a_delivery_is_claimed_once_and_a_rolled_back_claim_can_be_retried(engine: Engine) -> None:
    factory = make_session_factory(engine)
    now = datetime(2026, 11, 24, tzinfo=UTC)

    def failing_effect() -> None:
        with unit_of_work(factory) as session:
            assert deliveries.claim(session, "event:Ev1", now)
            raise RuntimeError("the effect failed, so Slack's retry must be processed")

    with pytest.raises(RuntimeError):
        failing_effect()
    with unit_of_work(factory) as session:
        assert deliveries.claim(session, "event:Ev1", now)
    with unit_of_work(factory) as session:
        assert not deliveries.claim(session, "event:Ev1", now)


def test_many_rows_inserted_at_once_return_only_the_new_ones_and_leave_the_old_alone(
    engine: Engine,
) -> None:
    factory = make_session_factory(engine)
    now = datetime(2026, 11, 24, tzinfo=UTC)

    def row(key: str, text: str) -> dict[str, object]:
        return {
            "key": key,
            "op": "post",
            "channel": "C1",
            "text": text,
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }

    with unit_of_work(factory) as session:
        first = insert_ignore_many(
            session, OutboxMessage, [row("a", "old"), row("b", "old")], "key"
        )
    with unit_of_work(factory) as session:
        new = insert_ignore_many(
            session, OutboxMessage, [row("b", "new"), row("c", "new"), row("a", "new")], "key"
        )
    with unit_of_work(factory) as session:
        texts = {k: v for k, v in session.execute(select(OutboxMessage.key, OutboxMessage.text))}
    assert sorted(r.key for r in first) == ["a", "b"]
    assert [r.key for r in new] == ["c"]
    assert {r.id for r in new}.isdisjoint({r.id for r in first})
    assert texts == {"a": "old", "b": "old", "c": "new"}


def test_clock_lease_refuses_a_second_holder_until_it_expires(engine: Engine) -> None:
    factory = make_session_factory(engine)
    now = datetime(2026, 11, 24, tzinfo=UTC)
    ttl = timedelta(seconds=90)
    with unit_of_work(factory) as session:
        assert clock_state.acquire_lease(session, "a", now, ttl)
    with unit_of_work(factory) as session:
        assert not clock_state.acquire_lease(session, "b", now + timedelta(seconds=30), ttl)
        assert clock_state.acquire_lease(session, "a", now + timedelta(seconds=30), ttl)
    with unit_of_work(factory) as session:
        assert clock_state.acquire_lease(session, "b", now + timedelta(seconds=121), ttl)


def test_migrations_build_exactly_the_schema_the_models_declare(engine: Engine) -> None:
    assert is_current(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_the_head_start_up_checks_against_is_the_newest_migration() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD]


def test_a_database_one_migration_behind_or_empty_is_not_current() -> None:
    engine = create_engine("sqlite://")
    assert not is_current(engine)
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(HEAD).down_revision
    assert isinstance(previous, str)
    upgrade(engine, previous)
    assert not is_current(engine)
    upgrade(engine)
    assert is_current(engine)


def test_postgres_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("postgres://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("sqlite:///tandem.db") == "sqlite:///tandem.db"


def test_a_read_only_unit_reads_its_snapshot_while_a_writer_holds_the_lock(
    engine: Engine,
) -> None:
    factory = make_session_factory(engine)
    before = datetime(2026, 11, 24, tzinfo=UTC)
    with unit_of_work(factory) as session:
        clock_state.beat(session, "x", before)
    seen: list[datetime | None] = []

    def read() -> None:
        with unit_of_work(factory, readonly=True) as session:
            seen.append(clock_state.last_beat(session, "x"))

    with unit_of_work(factory) as writer:
        clock_state.beat(writer, "x", before + timedelta(hours=1))
        writer.flush()  # the writer now holds SQLite's write lock (a row lock on PostgreSQL)
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(5)
        finished = not reader.is_alive()
    reader.join()
    assert finished, "the read queued behind the writer"
    assert seen == [before]


def test_a_reader_that_waits_for_another_thread_s_read_is_slowed_never_deadlocked(
    engine: Engine,
) -> None:
    """An outbox flush inside a read fans out to sender threads that read too: on SQLite the
    per-process read lock must not make them wait for a holder that waits for them."""
    factory = make_session_factory(engine)
    seen: list[datetime | None] = []

    def read() -> None:
        with unit_of_work(factory, readonly=True) as session:
            seen.append(clock_state.last_beat(session, "x"))

    with unit_of_work(factory, readonly=True):
        with unit_of_work(factory, readonly=True):  # nested in its own thread: no wait
            pass
        other = threading.Thread(target=read)
        other.start()
        other.join(5)
        finished = not other.is_alive()
    other.join()
    assert finished and seen == [None]


def test_a_read_only_unit_refuses_to_write(engine: Engine) -> None:
    factory = make_session_factory(engine)
    now = datetime(2026, 11, 24, tzinfo=UTC)
    with unit_of_work(factory, readonly=True) as session:
        session.add(Heartbeat(name="x", at=now))
        with pytest.raises(ReadOnlyViolation):
            session.flush()
        session.expunge_all()
    with unit_of_work(factory, readonly=True) as session, pytest.raises(ReadOnlyViolation):
        deliveries.claim(session, "event:Ev1", now)
    with unit_of_work(factory) as session:
        assert session.scalar(select(Heartbeat).where(Heartbeat.name == "x")) is None
        assert deliveries.claim(session, "event:Ev1", now)


def test_a_read_connection_refuses_to_write(engine: Engine) -> None:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    with read_connection(engine) as conn, pytest.raises(ReadOnlyViolation):
        conn.execute(insert(Heartbeat).values(name="x", at=now))
    with unit_of_work(make_session_factory(engine)) as session:
        assert session.scalar(select(Heartbeat).where(Heartbeat.name == "x")) is None
