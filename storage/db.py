"""Engine and session factory; `unit_of_work` is the only way to get a session."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Row, create_engine, event, select, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = sessionmaker[Session]
_Row = TypeVar("_Row")
# The execution option (and Session.info key) that marks a read-only unit of work.
READ_ONLY = "tandem_read_only"


class ReadOnlyViolation(RuntimeError):
    """A read-only unit of work tried to write."""


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the deployment gave."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


READ_LOCK_PATIENCE = 0.25  # seconds; an ordinary read holds the lock for well under 1 ms
_READ_LOCKS: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Python's sqlite3 opens transactions lazily; BEGIN IMMEDIATE semantics come from
            # SQLAlchemy's own begin below, so writers queue on the lock instead of failing.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        event.listen(engine, "before_execute", _refuse_write)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A read-only unit takes no write lock: under WAL its reads see one snapshot and
            # never wait for a writer, nor make writers wait for it.
            dbapi = conn.connection.dbapi_connection
            if dbapi.in_transaction:
                return  # `tandem tick --dry-run` holds one transaction (bot/app/dry_run.py)
            read_only = conn.get_execution_options().get(READ_ONLY, False)
            # Straight to the driver: as a SQLAlchemy statement the BEGIN cost about as much
            # CPU as the transaction's own query (execution context, events, result).
            dbapi.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")

        _READ_LOCKS[engine] = threading.RLock()
        return engine
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    event.listen(engine, "before_execute", _refuse_write)
    return engine


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: SessionFactory, *, readonly: bool = False) -> Iterator[Session]:
    """One transaction: commits on success, rolls back on any exception.

    Args:
        factory: Where sessions come from.
        readonly: The unit only reads. On SQLite it starts with a plain `BEGIN` instead of
            `BEGIN IMMEDIATE`, so concurrent reads do not queue on the write lock; any
            write in it raises `ReadOnlyViolation` (a write that upgraded a deferred SQLite
            transaction could fail with "database is locked", README Decision 7).
    """
    bind = factory.kw.get("bind")
    lock = _read_lock(bind) if readonly and bind is not None else _outermost()
    with lock, factory.begin() as session:
        if readonly:
            session.info[READ_ONLY] = True
            session.connection(execution_options={READ_ONLY: True})
        yield session


@event.listens_for(Session, "before_flush")
def _refuse_flush(session: Session, *_: Any) -> None:
    if session.info.get(READ_ONLY):
        raise ReadOnlyViolation("a read-only unit of work tried to flush changes")


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction on a Core connection, for hot reads that need no ORM objects
    (the Session's and the ORM's per-row bookkeeping cost more than the query). Like
    `unit_of_work(readonly=True)` it takes no write lock on SQLite and refuses writes."""
    with _read_lock(engine), engine.connect() as conn:
        conn.execution_options(**{READ_ONLY: True})
        with conn.begin():
            yield conn


class _Units(threading.local):
    depth = 0


_units = _Units()


@contextmanager
def _outermost(lock: threading.RLock | None = None) -> Iterator[None]:
    """Count this thread's open units; hold `lock` only around an outermost one."""
    held = lock if _units.depth == 0 else None
    if held is not None and not held.acquire(timeout=READ_LOCK_PATIENCE):
        held = None  # someone holds it for long (or waits on us): read side by side
    _units.depth += 1
    try:
        yield
    finally:
        _units.depth -= 1
        if held is not None:
            held.release()


def _read_lock(engine: Engine) -> AbstractContextManager[None]:
    """On SQLite, one outermost read-only transaction at a time in a process (README
    Decision 46).

    Its queries are pure CPU, yet the driver lets go of the GIL around every step, so eight
    request threads reading at once hand the GIL round on each row: a convoy that doubled the
    CPU of a `/risk list` and set the ack p99. Queued on this lock they run one after the
    other, as the GIL would run them anyway. Only an outermost unit takes it: a read inside a
    write never waits for it, so a reader that opens a write and a writer that opens a read
    cannot wait for each other; and a reader waits at most READ_LOCK_PATIENCE, after which
    it reads beside the holder, so a holder that waits on another thread's read (an outbox
    flush's senders) is never deadlocked, only slowed. Writes are already one at a time
    (`BEGIN IMMEDIATE`); PostgreSQL's reads wait on the network and run side by side."""
    return _outermost(_READ_LOCKS.get(engine))


def _refuse_write(conn: Connection, clause: Any, *_: Any) -> None:
    if getattr(clause, "is_dml", False) and conn.get_execution_options().get(READ_ONLY):
        raise ReadOnlyViolation("a read-only transaction tried to write")


def is_postgres(session_or_engine: Session | Engine) -> bool:
    bind = (
        session_or_engine.get_bind()
        if isinstance(session_or_engine, Session)
        else session_or_engine
    )
    return bind.dialect.name == "postgresql"


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any driver error means "unreachable" for /healthz
        return False
    return True


def insert_ignore(session: Session, model: Any, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row was new.

    The unique key in `values` is what makes retries, double clicks and doubled ticks harmless.
    """
    session.flush()  # a Core statement does not autoflush: rows it may refer to go first
    stmt = _insert_ignore_statement(model, session.get_bind().dialect.name)
    # RETURNING, not rowcount: psycopg 3 reports -1 for INSERT … ON CONFLICT DO NOTHING.
    return session.execute(stmt, values).first() is not None


@cache
def _insert_ignore_statement(model: Any, dialect: str) -> Any:
    """Built once per table: the values come as parameters, so a fan-out of thousands of
    inserts pays for no statement construction or cache-key walk over literal values."""
    table = sa_inspect(model).local_table
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table)
    return stmt.on_conflict_do_nothing().returning(*table.primary_key.columns)


def insert_ignore_many(
    session: Session, model: Any, rows: Sequence[dict[str, Any]], *returning: str
) -> list[Row[Any]]:
    """`insert_ignore` of many rows; the primary key and `returning` columns of the new ones.

    SQLAlchemy sends the rows as one multi-row INSERT per batch ("insertmanyvalues"), so a
    fan-out of thousands pays for a handful of statements instead of one each. The rows come
    back in no particular order: return the unique columns to tell them apart.
    """
    if not rows:
        return []
    session.flush()
    stmt = _insert_ignore_statement(model, session.get_bind().dialect.name)
    table = sa_inspect(model).local_table
    stmt = stmt.returning(*(table.c[name] for name in returning))
    return list(session.execute(stmt, list(rows)))


def insert_new(
    session: Session, model: type[_Row], values: dict[str, Any], *unique: str
) -> _Row | None:
    """`insert_ignore`, then the new row found by its `unique` columns; None when it existed."""
    if not insert_ignore(session, model, values):
        return None
    return session.scalar(select(model).filter_by(**{key: values[key] for key in unique}))


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement sent through `engine` while inside, in order (tests, benchmarks)."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
