"""Hand-overs: with `handover = true`, the outgoing person is asked at each hand-off what the
incoming one should know, and what they write reaches the incoming person and the team.

The hand-offs are the ones `/oncall` and the hand-off notices see (`load_rotas`: the
rotation's boundaries, override edges and the edges of away periods), each checked with
`on_call_now` on both sides, so a boundary where the same person stays on call asks nobody.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.core.blocks.ids import HandoverField
from bot.core.blocks.text import clip, escape, slack_time
from bot.core.errors import Conflict, Forbidden, NotFound, UserError
from bot.core.messages import t
from bot.core.outbox import Outbox
from bot.core.ports import WorkspaceSource
from bot.core.sends import Sends
from bot.core.workspace.model import Rotation, WorkspaceConfig
from bot.oncall.blocks import handover_prompt
from bot.oncall.service import CATCH_UP, load_rotas, on_call_now
from storage import escalations as escalation_repo
from storage import handovers as repo
from storage import risks as risk_repo
from storage.db import SessionFactory, unit_of_work

MAX_NOTES = 2500
MAX_LISTED = 10
SEVERE = ("critical", "high")
# Who was on call just before an instant: a hand-off's outgoing person.
_BEFORE = timedelta(microseconds=1)


@dataclass(frozen=True)
class HandoverRef:
    """Which hand-over a button or modal is about: a rotation's hand-off instant."""

    rotation: str
    at: datetime

    def encode(self) -> str:
        return json.dumps({"rotation": self.rotation, "at": self.at.isoformat()})

    @classmethod
    def decode(cls, text: str) -> HandoverRef:
        """Raises NotFound when `text` is not what `encode` wrote."""
        try:
            data = json.loads(text)
            at = datetime.fromisoformat(str(data["at"]))
            rotation = str(data["rotation"])
        except (ValueError, KeyError, TypeError):
            raise NotFound("oncall.handover_unknown") from None
        if at.tzinfo is None:
            raise NotFound("oncall.handover_unknown")
        return cls(rotation, at)


@dataclass(frozen=True)
class HandoverForm:
    """What the hand-over modal shows: the hand-off, the open pages and severe risks."""

    ref: HandoverRef
    outgoing: str
    incoming: str | None
    pages: tuple[str, ...]  # one line each
    risks: tuple[str, ...]


@dataclass(frozen=True)
class Submitted:
    """What a submitted hand-over form gets: errors by block id, or messages to send."""

    errors: dict[str, str]
    sends: Sends | None = None


@dataclass(kw_only=True)
class HandoverService:
    """Asks for hand-overs at hand-offs and delivers what was written."""

    factory: SessionFactory
    workspace: WorkspaceSource
    outbox: Outbox

    def tick(self, now: datetime) -> None:
        """DM the outgoing person of every hand-off up to `now` (within the hand-off notices'
        catch-up), once per hand-off: the key names rotation, instant and person."""
        ws = self.workspace()
        rotations = [r for r in ws.rotations if r.handover]
        if not rotations:
            return
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            ids = [r.id for r in rotations]
            # The one rotation model: boundaries, override edges and away edges.
            rotas = load_rotas(session, ws, ids, now - CATCH_UP, now)
            for rotation in rotations:
                for change in rotas[rotation.id].handoffs(now - CATCH_UP, now):
                    old, new = self._sides(session, ws, rotation, change.at)
                    if old is None or old == new:
                        continue
                    text, blocks = handover_prompt(
                        HandoverRef(rotation.id, change.at).encode(),
                        rotation=rotation.id,
                        incoming=new,
                        at=slack_time(change.at, ws.timezone),
                    )
                    sends.add(
                        session,
                        key=f"handover:{rotation.id}:{change.at.isoformat()}:{old}",
                        channel=old,
                        text=text,
                        blocks=blocks,
                    )
        # Sent by the tick's outbox step, with everything else the tick queued.

    @staticmethod
    def _sides(
        session: Session, ws: WorkspaceConfig, rotation: Rotation, at: datetime
    ) -> tuple[str | None, str | None]:
        """Who was on call just before `at`, and who from `at`."""
        return (
            on_call_now(session, ws, rotation.id, at - _BEFORE),
            on_call_now(session, ws, rotation.id, at),
        )

    def _check(self, session: Session, ref: HandoverRef, user: str) -> tuple[Rotation, str | None]:
        """The rotation and the incoming person, if `user` may write this hand-over.

        Raises:
            NotFound: no such rotation. Forbidden: `user` was not the outgoing person.
            Conflict: they already sent it.
        """
        ws = self.workspace()
        try:
            rotation = ws.rotation(ref.rotation)
        except KeyError:
            raise NotFound("oncall.handover_unknown") from None
        old, new = self._sides(session, ws, rotation, ref.at)
        if old != user:
            raise Forbidden("oncall.handover_not_yours", rotation=rotation.id)
        if repo.find(session, rotation.id, ref.at, user) is not None:
            raise Conflict("oncall.handover_done", rotation=rotation.id)
        return rotation, new

    def form(self, ref: HandoverRef, user: str) -> HandoverForm:
        """What the modal opens with.

        Raises:
            NotFound, Forbidden, Conflict: as `_check`.
        """
        with unit_of_work(self.factory, readonly=True) as session:
            rotation, incoming = self._check(session, ref, user)
            pages, risks = self._open_work(session, rotation, user)
        return HandoverForm(ref, user, incoming, pages, risks)

    def _open_work(
        self, session: Session, rotation: Rotation, user: str
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The outgoing person's open pages, and the open critical/high risks of the team."""
        tz = self.workspace().timezone
        pages = tuple(
            t(
                "oncall.handover_page_line",
                ref=run.subject_ref,
                title=escape(clip(run.subject_title, 120)),
                status=t(f"oncall.handover_run_{run.status}"),
                since=slack_time(run.started_at, tz),
            )
            for run in escalation_repo.open_runs_paging(session, user, MAX_LISTED)
        )
        risks = tuple(
            t(
                "oncall.handover_risk_line",
                ref=f"R-{risk.id}",
                title=escape(clip(risk.title, 120)),
                rating=risk.rating,
                owner=risk.owner,
            )
            for risk in risk_repo.open_of_team(session, rotation.team, SEVERE, MAX_LISTED)
        )
        return pages, risks

    def submit(self, ref: HandoverRef, user: str, notes: str, now: datetime) -> Submitted:
        """Store a hand-over and queue it for the incoming person (DM) and the team channel;
        the weekly digest lists it. When it cannot be stored, the modal's errors by block id.

        The caller acks the modal, then `deliver`s what was queued, so Slack's 3 seconds
        never wait for the posts.
        """
        notes = notes.strip()
        if not notes:
            return Submitted({HandoverField.NOTES: t("oncall.handover_notes_missing")})
        if len(notes) > MAX_NOTES:
            too_long = t(
                "error.too_long", field=t("field.notes"), length=len(notes), limit=MAX_NOTES
            )
            return Submitted({HandoverField.NOTES: too_long})
        ws = self.workspace()
        sends = Sends(now)
        try:
            with unit_of_work(self.factory) as session:
                rotation, incoming = self._check(session, ref, user)
                pages, risks = self._open_work(session, rotation, user)
                row = repo.add_if_absent(
                    session,
                    rotation_id=rotation.id,
                    team_id=rotation.team,
                    handoff_at=ref.at,
                    outgoing=user,
                    incoming=incoming,
                    notes=notes,
                    now=now,
                )
                if row is None:  # a concurrent submission of the same form won
                    raise Conflict("oncall.handover_done", rotation=rotation.id)
                none = t("oncall.handover_none")
                text = t(
                    "oncall.handover_text",
                    rotation=rotation.id,
                    outgoing=user,
                    incoming=f"<@{incoming}>" if incoming else t("oncall.nobody"),
                    at=slack_time(ref.at, ws.timezone),
                    pages="\n".join(f"• {line}" for line in pages) or none,
                    risks="\n".join(f"• {line}" for line in risks) or none,
                    notes=escape(notes),
                )
                if incoming and incoming != user:
                    sends.add(
                        session, key=f"handover-note:{row.id}:dm", channel=incoming, text=text
                    )
                channel = ws.team(rotation.team).channel
                sends.add(session, key=f"handover-note:{row.id}:team", channel=channel, text=text)
        except UserError as error:  # not theirs, already sent, or the rotation is gone
            return Submitted({HandoverField.NOTES: error.render()})
        return Submitted({}, sends)

    def deliver(self, submitted: Submitted) -> None:
        """Send what a successful `submit` queued (the tick would, a little later)."""
        if submitted.sends is not None:
            submitted.sends.flush(self.outbox)
