"""What an escalation is about, and the port features use to start and stop escalations.

Risks and stand-up blockers start escalations without knowing how paging works; the
escalation service implements `Escalator`. Keeping the port here lets each side be built and
tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.workspace.model import WorkspaceConfig


@dataclass(frozen=True)
class Subject:
    """The thing being escalated.

    Attributes:
        kind: "risk", "blocker" or "page".
        ref: its human id, e.g. "R-12", or a blocker's id.
        title: one line shown in the page.
        owner: Slack user id the `owner` escalation target resolves to, if any.
        team: team id from tandem.toml, if any.
        thread_key: outbox key of the subject's Slack thread root; escalation log lines are
            posted as replies there (they wait until the root has been sent).
        customer: the subject affects customers (a risk flagged so); its pages say so.
    """

    kind: str
    ref: str
    title: str
    owner: str | None
    team: str | None
    thread_key: str | None
    customer: bool = False


class Escalator(Protocol):
    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        """Start a run on the configured policy; True when one started.

        A subject whose run is already going gets nothing new: nobody more is paged (only a
        page's *Escalate now* moves a run on). `key` makes the request idempotent (e.g. the
        Slack action that asked for it); a key used before starts nothing.
        """
        ...

    def describe(
        self, kind: str, ref: str, *, tz: ZoneInfo, link: Callable[[], str | None] | None = None
    ) -> str | None:
        """Where the subject's active run stands (level, who was paged when, the next step,
        the thread's link from `link`, asked only then), for someone in zone `tz`; None when
        no run is going."""
        ...

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        """Stop every active run for the subject, including queued sends; True if one stopped."""
        ...


WorkspaceSource = Callable[[], WorkspaceConfig]
"""The current tandem.toml; services call it when they need the configuration, so a
reloaded file (or a test's edited one) is seen without rebuilding them."""
