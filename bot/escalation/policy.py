"""The escalation policy as a pure function: given where a run is, what happens next, and when.

The rules are design/escalation-and-risk.md (b) 2-6. Level 0 fires at once; each level pages
every person its targets resolve to at that moment and waits its `after` for an
acknowledgement, counted from when it fired. A level that resolves to nobody is skipped at
once. After the last level come `repeat` more passes from `repeat_from_level`; then the run is
exhausted. A pass that paged nobody is announced with @here, and the run ends there: repeating
it at the same instant would page nobody again.

A `round_robin` level pages one of the people it resolves to: the one after the level's
cursor (`next_in_turn`). An exhausted run hands off to the policy's `then` unless that policy
is already in its chain (`handoff`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.workspace.model import EscalationPolicy

ROUND_ROBIN = "round_robin"


@dataclass(frozen=True)
class Level:
    targets: tuple[str, ...]
    after: timedelta
    assign: str = "all"

    @property
    def round_robin(self) -> bool:
        return self.assign == ROUND_ROBIN


@dataclass(frozen=True)
class Snapshot:
    """The policy as it was when a run started (rule 1); stored as JSON on the run.

    `chain` lists the policies whose runs handed off, one to the next, to this one.
    """

    id: str
    version: str
    levels: tuple[Level, ...]
    repeat: int = 0
    repeat_from_level: int = 0
    then: str | None = None
    reescalate_after: timedelta | None = None
    chain: tuple[str, ...] = ()

    @classmethod
    def of(cls, policy: EscalationPolicy, chain: tuple[str, ...] = ()) -> Snapshot:
        levels = tuple(Level(lv.notify, lv.after, lv.assign) for lv in policy.levels)
        return cls(
            policy.id,
            policy.version,
            levels,
            policy.repeat,
            policy.repeat_from_level,
            policy.then,
            policy.reescalate_after,
            chain,
        )

    @classmethod
    def missing(cls, policy_id: str) -> Snapshot:
        """Stands for a policy tandem.toml does not define: no levels, so nobody is paged."""
        return cls(policy_id, "-", ())

    def to_json(self) -> dict[str, Any]:
        again = self.reescalate_after
        return {
            "id": self.id,
            "version": self.version,
            "repeat": self.repeat,
            "repeat_from_level": self.repeat_from_level,
            "levels": [
                {
                    "notify": list(lv.targets),
                    "after_seconds": lv.after.total_seconds(),
                    "assign": lv.assign,
                }
                for lv in self.levels
            ],
            "then": self.then,
            "reescalate_after_seconds": None if again is None else again.total_seconds(),
            "chain": list(self.chain),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        """Read a stored snapshot; those written before a key existed get its default."""
        levels = tuple(
            Level(
                tuple(lv["notify"]), timedelta(seconds=lv["after_seconds"]), lv.get("assign", "all")
            )
            for lv in data["levels"]
        )
        again = data.get("reescalate_after_seconds")
        return cls(
            data["id"],
            data["version"],
            levels,
            data["repeat"],
            data["repeat_from_level"],
            data.get("then"),
            None if again is None else timedelta(seconds=again),
            tuple(data.get("chain", ())),
        )

    def handoff(self) -> str | None:
        """The policy an exhausted run hands off to: `then`, unless the chain has been there."""
        if self.then is None or self.then == self.id or self.then in self.chain:
            return None
        return self.then

    @property
    def passes(self) -> int:
        return self.repeat + 1

    def successor(self, at: Position) -> Position | None:
        """The position after `at`, or None after the last level of the last pass."""
        if at.level + 1 < len(self.levels):
            return Position(at.pass_no, at.level + 1)
        if at.pass_no < self.repeat:
            return Position(at.pass_no + 1, self.repeat_from_level)
        return None


@dataclass(frozen=True)
class Position:
    """A step of a run: its pass and level, both 0-based."""

    pass_no: int
    level: int


@dataclass(frozen=True)
class Fire:
    """Page `users` at `at`. Unless someone acknowledges, `then` is taken at `due`; when `then`
    is None (the last level of the last pass), the run is exhausted at `due`."""

    at: Position
    users: tuple[str, ...]
    then: Position | None
    due: datetime


@dataclass(frozen=True)
class Skip:
    """`at` resolves to nobody (rule 4): log it and take `then` at once (None: exhaust now).

    `nobody` says the whole pass paged nobody: the channel is told with @here and the run ends
    there, since repeating the pass at the same instant would page nobody again.
    """

    at: Position
    then: Position | None
    nobody: bool = False


@dataclass(frozen=True)
class Exhaust:
    """Past the last level of the last pass, and nobody acknowledged: the run is exhausted."""


Step = Fire | Skip | Exhaust


def next_in_turn(resolved: Sequence[str], last: str | None) -> str:
    """Who a round-robin level pages: the person after `last` (the level's cursor) in the
    order its targets resolve to, wrapping round; the first when `last` is not among them."""
    if last is not None and last in resolved:
        return resolved[(list(resolved).index(last) + 1) % len(resolved)]
    return resolved[0]


def next_step(
    snapshot: Snapshot,
    at: Position | None,
    resolved: Sequence[str],
    *,
    paged_in_pass: bool,
    now: datetime,
) -> Step:
    """What happens at `at` (None: past the end), given the people its level resolves to now.

    Args:
        snapshot: the run's policy.
        at: where the run is; None once the last level of the last pass has fired.
        resolved: the people the level at `at` resolves to at `now`, in order, each once.
        paged_in_pass: whether an earlier level of `at`'s pass paged anyone.
        now: when the step is taken; a fired level waits its `after` from here (rule 3).
    """
    if at is None:
        return Exhaust()
    then = snapshot.successor(at)
    if resolved:
        return Fire(at, tuple(resolved), then, now + snapshot.levels[at.level].after)
    if at.level == len(snapshot.levels) - 1 and not paged_in_pass:
        return Skip(at, None, nobody=True)
    return Skip(at, then)
