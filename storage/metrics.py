"""Deployment-wide metric totals: every process adds its counts here, `/metrics` reads them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Float, String, Table, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.escalations import ACTIVE, EscalationRun
from storage.models import Base

# (metric name, labels as canonical "k=v" pairs joined by "\x1f")
SeriesKey = tuple[str, str]


class MetricTotal(Base):
    """One counter series' running total, summed over every process that ever counted."""

    __tablename__ = "metric_total"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    labels: Mapped[str] = mapped_column(String(400), primary_key=True)
    value: Mapped[float] = mapped_column(Float, default=0.0)


_TABLE: Table = MetricTotal.__table__  # type: ignore[assignment]


def add(connection: Connection, deltas: Mapping[SeriesKey, float]) -> None:
    """Add `deltas` to their totals (one upsert statement for the lot)."""
    if not deltas:
        return
    rows = [{"name": n, "labels": labels, "value": v} for (n, labels), v in deltas.items()]
    table = _TABLE
    upsert: Any
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(table)
        upsert = stmt.on_conflict_do_update(
            index_elements=["name", "labels"], set_={"value": table.c.value + stmt.excluded.value}
        )
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(table)
        upsert = lite.on_conflict_do_update(
            index_elements=["name", "labels"], set_={"value": table.c.value + lite.excluded.value}
        )
    connection.execute(upsert, rows)


def totals(connection: Connection) -> dict[SeriesKey, float]:
    """Every series' total (one statement)."""
    rows = connection.execute(select(MetricTotal.name, MetricTotal.labels, MetricTotal.value))
    return {(r.name, r.labels): float(r.value) for r in rows}


def open_escalations(connection: Connection) -> int:
    """Escalation runs that are triggered or acknowledged now."""
    count = connection.scalar(
        select(func.count()).select_from(EscalationRun).where(EscalationRun.status.in_(ACTIVE))
    )
    return int(count or 0)
