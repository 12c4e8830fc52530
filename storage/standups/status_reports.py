"""Weekly status report rows: claimed once per (report, week), edited until the next one."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import insert_new
from storage.standups.models import StatusReportEntry


def add_status_entry(
    session: Session,
    *,
    report_id: str,
    team_id: str,
    kind: str,
    week_date: date,
    lead: str,
    prompted_at: datetime,
    late: bool,
) -> StatusReportEntry | None:
    """Insert the (report, week) row unless it exists; the new row, or None."""
    values = {
        "report_id": report_id,
        "team_id": team_id,
        "kind": kind,
        "week_date": week_date,
        "lead": lead,
        "prompted_at": prompted_at,
        "late": late,
        "revision": 0,
    }
    return insert_new(session, StatusReportEntry, values, "report_id", "week_date")


def status_entry_for(session: Session, report_id: str, week: date) -> StatusReportEntry | None:
    return session.scalar(
        select(StatusReportEntry).where(
            StatusReportEntry.report_id == report_id, StatusReportEntry.week_date == week
        )
    )


def newer_status_entry_exists(session: Session, entry: StatusReportEntry) -> bool:
    return (
        session.scalar(
            select(StatusReportEntry.id)
            .where(
                StatusReportEntry.report_id == entry.report_id,
                StatusReportEntry.week_date > entry.week_date,
            )
            .limit(1)
        )
        is not None
    )
