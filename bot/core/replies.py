"""Which prompt a person's direct message answers, across the features that DM prompts.

Stand-ups and retrospectives both ask people questions by DM, and both take the answer as a
plain reply in that DM. Slack gives the bot one `message` event for it, so one rule decides
where it goes: the person's open prompt that still has a question to answer, the most
recently sent first (of prompts one tick sent, the one it sent last); when every open
prompt is answered, the most recently sent one (which says so). With no open prompt at
all, the first target answers (the stand-ups: "you have no open stand-up"). An edit goes
to the feature that stored the edited message as an answer.

Each feature implements `ReplyTarget` over its own tables; features never see each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class DirectMessage:
    """A person's DM to the bot (new, or an edit of an earlier one)."""

    user: str
    text: str
    ts: str
    event_id: str


@dataclass(frozen=True)
class OpenPrompt:
    """A feature's candidate for a person's DM.

    Attributes:
        sent_at: when its DM was sent.
        unfinished: it still has a question without an answer.
        handle: the feature's own id for it, handed back to `record_dm`.
    """

    sent_at: datetime
    unfinished: bool
    handle: int


class ReplyTarget(Protocol):
    """A feature whose prompts are answered by DM replies."""

    def latest_open(self, user: str, now: datetime) -> OpenPrompt | None:
        """The person's open prompt a DM would answer, if any (a read, no lock)."""
        ...

    def record_dm(self, dm: DirectMessage, now: datetime, handle: int | None = None) -> None:
        """Store `dm` as the answer to prompt `handle` (None: the feature looks itself and
        answers that nothing is open). Claims `event:{dm.event_id}`, so a retry is a no-op."""
        ...

    def answered_by(self, user: str, ts: str) -> int | None:
        """The handle of what DM `ts` of `user` answered, when this feature stored it."""
        ...

    def record_edit(self, dm: DirectMessage, now: datetime, handle: int | None = None) -> None:
        """`dm` is an edit of an answer this feature stored: the answer follows it."""
        ...


@dataclass(frozen=True)
class ReplyRouter:
    """Sends each DM and each edit to the one feature it answers."""

    # In the order the tick sends their prompts; the first answers a DM when no prompt is open.
    targets: Sequence[ReplyTarget]

    def record_dm(self, dm: DirectMessage, now: datetime) -> None:
        best: tuple[OpenPrompt, ReplyTarget] | None = None
        for target in self.targets:
            found = target.latest_open(dm.user, now)
            if found is not None and (best is None or _rank(found) >= _rank(best[0])):
                best = (found, target)
        if best is None:
            self.targets[0].record_dm(dm, now)
        else:
            best[1].record_dm(dm, now, best[0].handle)

    def record_edit(self, dm: DirectMessage, now: datetime) -> None:
        for target in self.targets:
            handle = target.answered_by(dm.user, dm.ts)
            if handle is not None:
                target.record_edit(dm, now, handle)
                return


def _rank(prompt: OpenPrompt) -> tuple[bool, datetime]:
    """Unfinished before answered, then the newest. Prompts one tick sent together tie on
    `sent_at`: the later target wins, as its DM is the one the tick sent last."""
    return prompt.unfinished, prompt.sent_at
