"""Weekly status reports: a DM to each team lead, a modal, structured rows for the digests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.blocks.text import escape
from bot.core.dates import parse_day
from bot.core.errors import Conflict, Forbidden, NotFound, UserError
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox, enqueue_message
from bot.core.ports import WorkspaceSource
from bot.core.users import UserDirectory
from bot.standup import rules
from bot.standup.common import display_name, flush, usable
from bot.standup.status_blocks import (
    RAG,
    SLA,
    StatusForm,
    StatusView,
    status_prompt_message,
    status_saved_message,
)
from storage import sightings
from storage.db import SessionFactory, unit_of_work
from storage.standups import status_reports as repo
from storage.standups.models import StatusReportEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


FormErrors = dict[str, str]


def parse_form(
    kind: str, values: Mapping[str, str], tz: ZoneInfo, now: datetime
) -> tuple[StatusForm, FormErrors]:
    """Validate the modal's values (block id → text); errors are keyed by block id."""
    errors: FormErrors = {}

    def text(block: str, required: bool = False) -> str | None:
        value = (values.get(block) or "").strip()
        if required and not value:
            errors[block] = t("status.error.required")
        return escape(value) if value else None

    def choice(block: str, allowed: tuple[str, ...]) -> str | None:
        value = values.get(block) or ""
        if value not in allowed:
            errors[block] = t("status.error.required")
            return None
        return value

    if kind == "ops":
        kpis: dict[str, str] = {}
        lines = [line for line in (values.get("kpis") or "").splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            name, sep, value = line.partition(":")
            if not sep or not name.strip() or not value.strip():
                errors["kpis"] = t("status.error.kpis", line=number)
                break
            kpis[escape(name.strip())] = escape(value.strip())
        if not lines:
            errors["kpis"] = t("status.error.required")
        form = StatusForm(
            kind="ops", kpis=kpis, incidents=text("incidents"), sla=choice("sla", SLA)
        )
        return form, errors
    progress_text = (values.get("progress") or "").strip().rstrip("%").strip()
    progress = int(progress_text) if progress_text.isdigit() else None
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = t("status.error.progress")
    milestone_date: date | None = None
    date_text = (values.get("milestone_date") or "").strip()
    if not date_text:
        errors["milestone_date"] = t("status.error.required")
    else:
        try:
            milestone_date = parse_day(date_text, tz, now)
        except UserError as exc:
            errors["milestone_date"] = exc.render()
    form = StatusForm(
        kind="project",
        rag=choice("rag", RAG),
        progress=progress,
        milestone=text("milestone", required=True),
        milestone_date=milestone_date,
        risks=text("risks"),
    )
    return form, errors


def _form_of(entry: StatusReportEntry) -> StatusForm:
    """The stored answers as the form shows them (the form's fields are column names)."""
    stored = {f.name: getattr(entry, f.name) for f in fields(StatusForm)}
    stored["kpis"] = {str(k): str(v) for k, v in (entry.kpis or {}).items()}
    return StatusForm(**stored)


@dataclass(kw_only=True)
class StatusReports:
    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    outbox: Outbox

    def tick(self, now: datetime) -> None:
        """Ask each team lead once per configured week day (same-day catch-up, marked late)."""
        workspace = self.workspace()
        ids = [report.id for report in workspace.status_reports]
        with unit_of_work(self.factory) as session:
            seen = sightings.first_seen(session, "status_report", ids, now)
        for report in workspace.status_reports:
            team = workspace.team(report.team)
            day = rules.status_report_day(report, team, now)
            if day is None:
                continue
            due_at = rules.local_instant(day, report.time, team.timezone)
            if due_at < seen[report.id]:
                continue  # fell due before Tandem first saw this report: not asked late
            with unit_of_work(self.factory) as session:
                if repo.status_entry_for(session, report.id, day) is not None:
                    continue
            if not usable(self.users.get(team.lead)):
                continue  # deactivated, or Slack could not say who they are: next tick
            late = now - due_at > rules.LATE_AFTER
            with unit_of_work(self.factory) as session:
                entry = repo.add_status_entry(
                    session,
                    report_id=report.id,
                    team_id=team.id,
                    kind=team.kind,
                    week_date=day,
                    lead=team.lead,
                    prompted_at=now,
                    late=late,
                )
                if entry is None:
                    continue
                with speaking(self.users.locale(team.lead, team.language)):
                    message = status_prompt_message(
                        entry_id=entry.id,
                        team=team.name,
                        day=day,
                        late_time=report.time.strftime("%H:%M") if late else None,
                    )
                key = enqueue_message(session, entry.outbox_key, team.lead, message, now)
            flush(self.outbox, [key], now)

    def view(self, entry_id: int, user: str) -> StatusView:
        """The lead's status report for the week, as the form shows it."""
        with unit_of_work(self.factory) as session:
            entry = self._editable(session, entry_id, user)
            return StatusView(
                entry_id=entry.id,
                team=self._team_name(entry.team_id),
                day=entry.week_date,
                form=_form_of(entry),
            )

    def submit(
        self, entry_id: int, user: str, values: Mapping[str, str], now: datetime
    ) -> FormErrors:
        """Validate and store; returns errors by block id (empty when saved)."""
        tz = self.users.get(user).tz
        with unit_of_work(self.factory) as session:
            entry = self._editable(session, entry_id, user, lock=True)
            form, errors = parse_form(entry.kind, values, tz, now)
            if errors:
                return errors
            entry.rag, entry.progress, entry.milestone = form.rag, form.progress, form.milestone
            entry.milestone_date, entry.risks = form.milestone_date, form.risks
            entry.kpis = dict(form.kpis) if entry.kind == "ops" else None
            entry.incidents, entry.sla = form.incidents, form.sla
            entry.submitted_by, entry.updated_at = user, now
            entry.submitted_at = entry.submitted_at or now
            entry.revision += 1
            message = status_saved_message(
                entry_id=entry.id,
                team=self._team_name(entry.team_id),
                day=entry.week_date,
                by=user,
                form=form,
            )
            key = f"status:{entry.report_id}:{entry.week_date.isoformat()}:saved:{entry.revision}"
            enqueue_message(session, key, entry.lead, message, now, target_key=entry.outbox_key)
        flush(self.outbox, [key], now)
        return {}

    def _editable(
        self, session: Session, entry_id: int, user: str, *, lock: bool = False
    ) -> StatusReportEntry:
        entry = session.get(StatusReportEntry, entry_id, with_for_update=lock)
        if entry is None:
            raise NotFound("standup.error.prompt_missing")
        teams = self.workspace().teams
        leads = {entry.lead} | {team.lead for team in teams if team.id == entry.team_id}
        if user not in leads:
            raise Forbidden("status.error.not_lead", lead=entry.lead)
        if repo.newer_status_entry_exists(session, entry):
            raise Conflict("status.error.closed")
        return entry

    def _team_name(self, team_id: str) -> str:
        return display_name(self.workspace(), team_id, team_id)
