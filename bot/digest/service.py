"""The merged project + ops digest: when each is due, what it holds, and posting it once.

A digest is due at its `day`/`days` and `time` in its zone. The tick posts the newest due
occurrence that has no `digest_run` row yet, so a late clock posts late rather than never
(until the next occurrence replaces it), and the run row, inserted with ON CONFLICT DO NOTHING
in the transaction that queues the messages, keeps ticks and restarts from posting twice.
Charts are rows too: uploaded into the digest's thread once its root message has a ts, and
retried by the tick like any message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.core.blocks import Message
from bot.core.blocks.text import month_day
from bot.core.errors import Forbidden, UserError
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox, enqueue_message, retry_delay
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackGateway, SlackSendError, Upload
from bot.core.workspace.model import Digest
from bot.digest import charts
from bot.digest.blocks import render_digest
from bot.digest.model import DigestData, DigestSources, weekly_rates
from storage import deliveries
from storage import digests as repo
from storage import outbox as outbox_repo
from storage.db import SessionFactory, unit_of_work

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(minutes=15)  # posted this long after its time, a digest says "(late)"
TREND_WEEKS = 8


# --- when digests are due (pure) -----------------------------------------------------------


def latest_occurrence(digest: Digest, at: datetime) -> datetime:
    """The digest's newest scheduled time at or before `at`, in UTC."""
    local = at.astimezone(digest.timezone)
    for back in range(8):
        day = local.date() - timedelta(days=back)
        if day.weekday() in digest.days:
            when = datetime.combine(day, digest.time, tzinfo=digest.timezone).astimezone(UTC)
            if when <= at:
                return when
    raise ValueError(f"digest {digest.id} has no days to run on")


def period(digest: Digest, end: datetime) -> tuple[datetime, datetime]:
    """The period a digest ending at `end` covers.

    At least `period` long, and always back to the previous scheduled time, so nothing
    between two digests is left out (Monday's daily digest covers the weekend).
    """
    previous = latest_occurrence(digest, end - timedelta(microseconds=1))
    return min(end - digest.period, previous), end


@dataclass(frozen=True)
class Posted:
    """The outcome of `/digest post`: False when this request was already handled."""

    digest: Digest
    posted: bool


class DigestService:
    """Builds digests from `DigestSources`, posts them through the outbox, uploads charts."""

    def __init__(
        self,
        *,
        factory: SessionFactory,
        workspace: WorkspaceSource,
        outbox: Outbox,
        gateway: SlackGateway,
        sources: DigestSources,
    ) -> None:
        self.factory = factory
        self.workspace = workspace
        self.outbox = outbox
        self.gateway = gateway
        self.sources = sources
        self._team_url: str | None = None

    # --- commands ---------------------------------------------------------------------------

    def find(self, digest_id: str | None) -> Digest:
        """The digest named `digest_id`, or the first one in tandem.toml when None.

        Raises:
            UserError: no such digest (the known ids are named), or none is configured.
        """
        known = self._known_ids()
        if digest_id is None:
            return self.workspace().digests[0]
        try:
            return self.workspace().digest(digest_id)
        except KeyError:
            raise UserError("digest.unknown", id=digest_id, known=known) from None

    def _known_ids(self) -> str:
        if not self.workspace().digests:
            raise UserError("digest.none_configured")
        return ", ".join(f"`{d.id}`" for d in self.workspace().digests)

    def preview(self, digest_id: str | None, now: datetime) -> list[Message]:
        """The digest as it would be posted now: root message first, then its thread."""
        digest = self.find(digest_id)
        start, end = period(digest, now)
        return self.render(self.gather(digest, start, end, now))

    def post_now(self, digest_id: str | None, *, user: str, request: str, now: datetime) -> Posted:
        """Post a digest now for the period ending now (admins only).

        Args:
            request: the Slack delivery's idempotency key (its trigger id), so a retried
                command posts once.

        Raises:
            UserError: no or an unknown digest id.
            Forbidden: the user is not an admin.
        """
        if digest_id is None:
            raise UserError("digest.post_needs_id", known=self._known_ids())
        digest = self.find(digest_id)
        if not self.workspace().is_admin(user):
            raise Forbidden("error.forbidden_admin")
        posted = self._post(digest, now, now, kind="manual", user=user, request=request)
        return Posted(digest, posted)

    # --- the tick ---------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Post every digest that is due and not posted yet, then upload waiting charts."""
        for digest in self.workspace().digests:
            end = latest_occurrence(digest, now)
            with unit_of_work(self.factory) as session:
                last = repo.last_scheduled_end(session, digest.id)
                if last is None and end < now:
                    # First sight of this digest after its time: start with its next time
                    # instead of posting late a period Tandem did not watch (a fresh install,
                    # a new digest). One due at this very moment is posted.
                    start, _ = period(digest, end)
                    self._add_run(
                        session, digest, start, end, now, kind="scheduled", state="skipped"
                    )
                    continue
            if last is None or last < end:
                self._post(digest, end, now, kind="scheduled")
        self.upload_charts(now)

    def upload_charts(self, now: datetime) -> int:
        """Upload charts whose digest root has been sent; returns how many runs were done."""
        with unit_of_work(self.factory) as session:
            runs = repo.runs_with_charts_ready(session, now)
        return sum(self._upload_run(run_key, now) for run_key in runs)

    # --- building ---------------------------------------------------------------------------

    def gather(self, digest: Digest, start: datetime, end: datetime, now: datetime) -> DigestData:
        """Ask each source for the period `[start, end)`; one call per kind of input."""
        teams = tuple(self.workspace().team(team_id) for team_id in digest.teams)
        ids = tuple(team.id for team in teams)
        history_start = min(start, end - timedelta(weeks=TREND_WEEKS)) if digest.charts else start
        history = tuple(self.sources.participation(ids, history_start, end, now))
        participation = tuple(p for p in history if p.due_at >= start)
        src = self.sources
        return DigestData(
            digest=digest,
            teams=teams,
            start=start,
            end=end,
            now=now,
            late=now - end > LATE_AFTER,
            risk_settings=self.workspace().risks,
            statuses=tuple(src.team_statuses(ids, start, end, now)),
            participation=participation,
            history=history if digest.charts else (),
            blockers=tuple(src.blockers(ids, start, end, now)),
            risks=src.risks(ids, start, end, now),
            escalations=tuple(src.escalations(ids, start, end, now)),
            on_call=tuple(src.on_call(ids, start, end, now)),
            on_call_load=tuple(src.on_call_load(ids, start, end, now)),
            away=tuple(src.away(ids, start, end, now)),
            handovers=tuple(src.handovers(ids, start, end, now)),
            kudos=tuple(src.kudos(ids, start, end, now)),
            goals=tuple(src.goals(ids, start, end, now)),
            lessons=tuple(src.lessons(ids, start, end, now)),
            people=tuple(src.team_people(ids, participation, now)),
        )

    def render(self, data: DigestData) -> list[Message]:
        """The digest in its channel's language: the file's `language`."""
        with speaking(self.workspace().language):
            return render_digest(data, self.team_url())

    def team_url(self) -> str:
        """The workspace URL links are built on; asked of Slack once per process."""
        if self._team_url is None:
            self._team_url = self.gateway.team_url()
        return self._team_url

    @staticmethod
    def charts(data: DigestData) -> list[tuple[str, Upload]]:
        """The weekly charts: open risks by probability x impact, and the participation trend
        of the teams that have stand-ups (left out when none has)."""
        zone = data.digest.timezone
        stamp = data.end.astimezone(zone).strftime("%Y-%m-%d")
        heat = data.risks.heat_map
        out = [
            (
                "heatmap",
                Upload(
                    filename=f"risk-heatmap-{stamp}.png",
                    content=charts.heat_map_png(heat.counts, data.risk_settings),
                    title=t("digest.chart.heatmap.title", count=heat.total),
                ),
            )
        ]
        names = {team.id: team.name for team in data.teams}
        rates = weekly_rates(data.history, list(names), data.end, TREND_WEEKS)
        series = {names[team]: r for team, r in rates.items() if any(x is not None for x in r)}
        if series:
            weeks = [data.end - timedelta(weeks=TREND_WEEKS - 1 - n) for n in range(TREND_WEEKS)]
            labels = [month_day(week.astimezone(zone).date()) for week in weeks]
            title = t("digest.chart.participation.title", weeks=TREND_WEEKS)
            png = charts.trend_png(series, labels)
            out.append(("participation", Upload(f"participation-{stamp}.png", png, title)))
        return out

    # --- posting ----------------------------------------------------------------------------

    def _add_run(
        self,
        session: Session,
        digest: Digest,
        start: datetime,
        end: datetime,
        now: datetime,
        *,
        kind: str,
        state: str,
        user: str | None = None,
    ) -> str | None:
        """Insert the run row; its key, or None when this period already has a run."""
        key = f"{digest.id}:{end.isoformat()}"
        added = repo.add_run(
            session,
            key=key,
            digest_id=digest.id,
            kind=kind,
            state=state,
            period_start=start,
            period_end=end,
            posted_by=user,
            created_at=now,
        )
        return key if added else None

    def _post(
        self,
        digest: Digest,
        end: datetime,
        now: datetime,
        *,
        kind: str,
        user: str | None = None,
        request: str | None = None,
    ) -> bool:
        """Build and queue the digest for the period ending `end`; False if already done."""
        start, end = period(digest, end)
        data = self.gather(digest, start, end, now)
        messages = self.render(data)
        uploads = self.charts(data) if digest.charts else []
        with unit_of_work(self.factory) as session:
            if request is not None and not deliveries.claim(session, f"digest:{request}", now):
                return False
            run_key = self._add_run(
                session, digest, start, end, now, kind=kind, state="posted", user=user
            )
            if run_key is None:
                return False
            root_key = f"digest:{run_key}"
            keys = [root_key] + [f"{root_key}:part:{n}" for n in range(1, len(messages))]
            for key, message in zip(keys, messages, strict=True):
                enqueue_message(
                    session,
                    key,
                    digest.channel,
                    message,
                    now,
                    thread_key=None if key == root_key else root_key,
                )
            repo.add_charts(
                session,
                [
                    {
                        "run_key": run_key,
                        "name": name,
                        "root_key": root_key,
                        "position": position,
                        "filename": upload.filename,
                        "title": upload.title,
                        "content": upload.content,
                        "state": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                    for position, (name, upload) in enumerate(uploads)
                ],
            )
        log.info("digest queued", extra={"digest": digest.id, "run": run_key})
        self.outbox.flush(now, keys=keys)
        self.upload_charts(now)
        return True

    def _upload_run(self, run_key: str, now: datetime) -> int:
        with unit_of_work(self.factory) as session:
            claimed = repo.claim_charts(session, run_key, now)
            root = outbox_repo.by_key(session, claimed[0].root_key) if claimed else None
            if root is None or root.sent_ts is None:
                return 0
            channel, thread_ts = root.sent_channel or root.channel, root.sent_ts
            attempts = claimed[0].attempts
            files = [Upload(c.filename, c.content, c.title) for c in claimed]
        try:
            self.gateway.upload(channel, thread_ts, files)
        except SlackSendError as exc:
            self._upload_failed(run_key, root.key, channel, exc, attempts, now)
            return 0
        with unit_of_work(self.factory) as session:
            repo.finish_charts(session, run_key, state="uploaded", now=now)
        return 1

    def _upload_failed(
        self,
        run_key: str,
        root_key: str,
        channel: str,
        exc: SlackSendError,
        attempts: int,
        now: datetime,
    ) -> None:
        """Retry later, or say in the digest's thread that the charts could not be attached."""
        extra = {"run": run_key, "error": exc.error, "attempts": attempts}
        with unit_of_work(self.factory) as session:
            if not exc.permanent:
                log.warning("digest chart upload failed, will retry", extra=extra)
                retry_at = now + retry_delay(exc, attempts)
                repo.finish_charts(
                    session, run_key, state="pending", now=now, error=exc.error, retry_at=retry_at
                )
                return
            log.error("digest chart upload failed for good", extra=extra)
            repo.finish_charts(session, run_key, state="failed", now=now, error=exc.error)
            notice = f"{root_key}:charts-failed"
            text = t("digest.charts_failed", error=exc.error)
            outbox_repo.enqueue(
                session, key=notice, channel=channel, text=text, thread_key=root_key, now=now
            )
        self.outbox.flush(now, keys=[notice])
