"""On-call load per person over a period: shifts, time on call and after hours, pages and
after-hours pages, time to acknowledge, covers given and taken.

After hours is outside 09:00–18:00 on the person's own clock (their zone from the user
directory's cache), every day of the week (README, Decisions). Shifts come from the one
rotation model (`load_rotas`: overrides, covers and away applied).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.exports import Row
from bot.core.ports import WorkspaceSource
from bot.core.users import cached_zones
from bot.core.workspace.model import WorkspaceConfig
from bot.oncall.service import load_rotas
from storage import oncall as repo
from storage.db import SessionFactory, unit_of_work

WORK_START = time(9, 0)
WORK_END = time(18, 0)


@dataclass(frozen=True)
class PersonLoad:
    """One person's on-call load over a period (the export's columns, in order)."""

    person: str
    shifts: int = 0
    on_call_minutes: int = 0
    after_hours_minutes: int = 0
    pages: int = 0
    after_hours_pages: int = 0
    acknowledged: int = 0
    mtta_seconds: int | None = None
    covers_given: int = 0
    covers_taken: int = 0


def after_hours(at: datetime, tz: ZoneInfo) -> bool:
    """Outside 09:00–18:00 on the clock of `tz`."""
    local = at.astimezone(tz).time()
    return not WORK_START <= local < WORK_END


def after_hours_minutes(start: datetime, end: datetime, tz: ZoneInfo) -> int:
    """Minutes of [start, end) outside 09:00–18:00 on the clock of `tz`."""
    if end <= start:
        return 0
    working = timedelta(0)
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        opens = datetime.combine(day, WORK_START, tzinfo=tz).astimezone(UTC)
        closes = datetime.combine(day, WORK_END, tzinfo=tz).astimezone(UTC)
        overlap = min(end, closes) - max(start, opens)
        if overlap > timedelta(0):
            working += overlap
        day += timedelta(days=1)
    return int((end - start - working).total_seconds() // 60)


def person_loads(
    session: Session, ws: WorkspaceConfig, since: datetime, until: datetime
) -> list[PersonLoad]:
    """Everyone with shifts, pages or covers in [since, until), by person id."""
    rotas = load_rotas(session, ws, [r.id for r in ws.rotations], since, until)
    pages = repo.pages_between(session, since, until)
    covers = repo.covers_taken_between(session, since, until)
    people = {p.user for p in pages} | {c.requested_by for c in covers}
    people |= {c.taken_by for c in covers if c.taken_by}
    people |= {u for r in ws.rotations for u in r.members}
    zones = cached_zones(session, people, ws.timezone)
    found: dict[str, dict[str, int]] = {}

    def add(user: str, **counts: int) -> None:
        row = found.setdefault(user, {})
        for name, value in counts.items():
            row[name] = row.get(name, 0) + value

    for rota in rotas.values():
        for shift in rota.shifts(since, until):
            if shift.user is None:
                continue
            end = min(shift.end or until, until)
            tz = zones.get(shift.user, ws.timezone)
            add(
                shift.user,
                shifts=1,
                on_call_minutes=int((end - shift.start).total_seconds() // 60),
                after_hours_minutes=after_hours_minutes(shift.start, end, tz),
            )
    first_page: dict[tuple[int, str], datetime] = {}
    for page in pages:
        tz = zones.get(page.user, ws.timezone)
        add(page.user, pages=1, after_hours_pages=int(after_hours(page.paged_at, tz)))
        first_page.setdefault((page.run_id, page.user), page.paged_at)
    waits: dict[str, list[float]] = {}
    for page in pages:
        if page.acked_by != page.user or page.acked_at is None:
            continue
        if first_page.pop((page.run_id, page.user), None) is None:
            continue  # counted at this person's first page of the run
        waits.setdefault(page.user, []).append((page.acked_at - page.paged_at).total_seconds())
    for cover in covers:
        add(cover.requested_by, covers_given=1)
        if cover.taken_by:
            add(cover.taken_by, covers_taken=1)
    loads = []
    for user in sorted(found):
        counts = found[user]
        mine = waits.get(user, [])
        mtta = int(sum(mine) / len(mine)) if mine else None
        loads.append(PersonLoad(user, acknowledged=len(mine), mtta_seconds=mtta, **counts))
    return [
        load
        for load in loads
        if load.shifts or load.pages or load.covers_given or load.covers_taken
    ]


def load_columns() -> list[str]:
    return [column.name for column in fields(PersonLoad)]


@dataclass(kw_only=True)
class OnCallLoad:
    """`tandem export oncall` and the digest's on-call load lines."""

    factory: SessionFactory
    workspace: WorkspaceSource
    now: Callable[[], datetime]

    def between(self, since: datetime, until: datetime) -> list[PersonLoad]:
        with unit_of_work(self.factory, readonly=True) as session:
            return person_loads(session, self.workspace(), since, until)

    def export(self, since: datetime | None) -> tuple[list[str], Iterable[Row]]:
        """One row per person from `since` (else from the first rotation start or page) to
        now."""
        now = self.now()
        ws = self.workspace()
        if since is None:
            with unit_of_work(self.factory, readonly=True) as session:
                first = repo.first_page_at(session)
            starts: Sequence[datetime] = [r.start for r in ws.rotations]
            candidates = [*starts, *([first] if first else [])]
            since = min(candidates).astimezone(UTC) if candidates else now
        rows = [asdict(load) for load in self.between(since, now)] if since < now else []
        return load_columns(), rows
