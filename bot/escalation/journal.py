"""What a run tells Slack, through the outbox: its log thread, channel notices and page DMs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.blocks.text import mention, slack_time
from bot.core.messages import speaking, t
from bot.core.sends import Sends
from bot.core.workspace.model import WorkspaceConfig
from bot.escalation.blocks import Page, closed_page_message, page_message
from bot.escalation.policy import Position, Snapshot
from bot.escalation.targets import find_team
from storage import escalations as repo
from storage.escalations import EscalationEvent, EscalationPage, EscalationRun

log = logging.getLogger(__name__)


def page_key(run_id: int, pass_no: int, level: int, user: str, cycle: int = 0) -> str:
    """Outbox key of one page DM; every page of a run starts with `page_prefix(run_id)`.

    A re-escalation cycle after the first adds `~cycle`, so pages of cycle 0 keep their keys.
    """
    return f"{page_prefix(run_id)}{pass_no}:{level}:{user}" + (f"~{cycle}" if cycle else "")


def fallback_key(key: str) -> str:
    """Outbox key of the plain DM that stands in for the page `key` while Slack holds it back;
    it starts like the page's, so acknowledging or resolving cancels both."""
    return f"{key}:dm"


def run_of_page(key: str) -> int | None:
    """The run id in a page's outbox key; None for other keys and for fallback DMs."""
    parts = key.split(":")
    if len(parts) != 5 or parts[0] != "page" or not parts[1].isdigit():
        return None
    return int(parts[1])


def page_prefix(run_id: int) -> str:
    return f"page:{run_id}:"


def numbers(snap: Snapshot, at: Position) -> dict[str, int]:
    """Where `at` is in the run, 1-based as people count: level and pass, each "of" how many."""
    return {
        "level": at.level + 1,
        "levels": len(snap.levels),
        "pass_no": at.pass_no + 1,
        "passes": snap.passes,
    }


class Journal:
    """Writes one unit of work's messages into `sends`, which the service flushes after commit.

    Every message is keyed by the event (or page) it reports, so a retried step queues nothing
    twice.
    """

    def __init__(
        self,
        session: Session,
        sends: Sends,
        workspace: WorkspaceConfig,
        language_of: Callable[[str], str],
    ) -> None:
        self.session = session
        self.sends = sends
        self.workspace = workspace
        self.language_of = language_of

    # --- the run's thread and the channel --------------------------------------------------

    def open_thread(self, run: EscalationRun, event: EscalationEvent) -> None:
        """Give a run whose subject has no thread its own, in the escalations channel, rooted
        at `event`'s log line; without that channel the run logs nowhere."""
        if run.thread_key is None and self.workspace.channels.get("escalations"):
            run.thread_key = _log_key(event)

    def log(self, run: EscalationRun, event: EscalationEvent, text: str) -> None:
        """Mirror an event in the run's thread (rule 14)."""
        if run.thread_key is None:
            return
        key = _log_key(event)
        if key == run.thread_key:  # the run's own root (`open_thread`)
            self._post(key, self.workspace.channels.get("escalations", ""), text)
        else:
            self._post(key, "", text, thread_key=run.thread_key)

    def notice(self, run: EscalationRun, event: EscalationEvent, text: str) -> None:
        """Tell the escalations channel (or, without one, the subject's team channel)."""
        channel = self.workspace.channels.get("escalations")
        if not channel and (team := find_team(self.workspace, run.subject_team)):
            channel = team.channel
        if not channel:
            log.error("no channel to tell that nobody was paged", extra={"run": run.id})
            return
        self._post(f"esc-notice:{event.id}", channel, text)

    def tell(self, run: EscalationRun, event: EscalationEvent, text: str) -> None:
        """Ask the channel for help (`notice`), and say so in the run's thread."""
        self.notice(run, event, text)
        self.log(run, event, text)

    # --- page DMs ----------------------------------------------------------------------------

    def page(self, run: EscalationRun, snap: Snapshot, at: Position, user: str) -> None:
        with speaking(self.language_of(user)):
            text, blocks = page_message(_page_view(run, snap, at))
        key = page_key(run.id, at.pass_no, at.level, user, run.cycle)
        self.sends.add(self.session, key=key, channel=user, text=text, blocks=blocks)

    def fallback(self, run: EscalationRun, page: str, user: str, delay: str) -> None:
        """A plain DM standing in for the page `page` (an outbox key) that Slack holds back."""
        ref, title = run.subject_ref, run.subject_title
        text = t("escalation.page_fallback", ref=ref, title=title, delay=delay)
        self.sends.add(self.session, key=fallback_key(page), channel=user, text=text)

    def close_pages(self, run: EscalationRun, event: EscalationEvent, outcome: str) -> None:
        """Replace the buttons of every page DM that went (or is going) out with `outcome`."""
        snap = Snapshot.from_json(run.policy)
        pages: dict[str, EscalationPage] = {
            page_key(run.id, p.pass_no, p.level, p.user_id, p.cycle): p
            for p in repo.pages(self.session, run.id)
        }
        live = repo.live_message_keys(self.session, list(pages))
        for key, page in pages.items():
            if key not in live:
                continue
            view = _page_view(run, snap, Position(page.pass_no, page.level))
            text, blocks = closed_page_message(view, outcome)
            self.sends.add(
                self.session,
                key=f"esc-upd:{event.id}:{page.id}",
                channel=page.user_id,
                text=text,
                blocks=blocks,
                op="update",
                target_key=key,
            )

    # --- how people and times read -----------------------------------------------------------

    def who(self, user: str | None) -> str:
        return mention(user, t("escalation.system"))

    def time(self, at: datetime) -> str:
        return slack_time(at, self.workspace.timezone)

    def _post(self, key: str, channel: str, text: str, *, thread_key: str | None = None) -> None:
        self.sends.add(self.session, key=key, channel=channel, text=text, thread_key=thread_key)


def _log_key(event: EscalationEvent) -> str:
    return f"esc-log:{event.id}"


def _page_view(run: EscalationRun, snap: Snapshot, at: Position) -> Page:
    return Page(
        run_id=run.id,
        ref=run.subject_ref,
        title=run.subject_title,
        reason=run.reason,
        policy=snap.id,
        version=snap.version,
        customer=run.subject_customer,
        **numbers(snap, at),
    )
