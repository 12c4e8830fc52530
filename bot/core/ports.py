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

from bot.core.workspace.model import WorkspaceConfig


@dataclass(frozen=True)
class Subject:
    """The thing being escalated.

    Attributes:
        kind: "risk" or "blocker".
        ref: its human id, e.g. "R-12", or a blocker's id.
        title: one line shown in the page.
        owner: Slack user id the `owner` escalation target resolves to, if any.
        team: team id from tandem.toml, if any.
        thread_key: outbox key of the subject's Slack thread root; escalation log lines are
            posted as replies there (they wait until the root has been sent).
    """

    kind: str
    ref: str
    title: str
    owner: str | None
    team: str | None
    thread_key: str | None


class Escalator(Protocol):
    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        """Start a run on the configured policy; if one is already active for the subject,
        fire its next level now instead (a manual escalate, logged with `by`).

        `key` makes the request idempotent (e.g. the Slack action that asked for it); returns
        False when that key was already used.
        """
        ...

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        """Stop every active run for the subject, including queued sends; True if one stopped."""
        ...


WorkspaceSource = Callable[[], WorkspaceConfig]
"""The current tandem.toml; services call it when they need the configuration, so a
reloaded file (or a test's edited one) is seen without rebuilding them."""
