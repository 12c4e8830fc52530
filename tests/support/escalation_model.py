"""A small reference model of the escalation rules, and random cases for it (hypothesis).

It covers levels and repeats, empty levels, round-robin levels (a cursor per policy and level),
`reescalate_after` (an acknowledged run pages its last level again) and `then` (an exhausted
run hands off once to a backup policy, which may name the first policy back: it never goes
there again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

TARGETS = ["owner", "U0A", "U0B", "rotation:vacant", "lead:ops"]
LEADS = {"lead:ops": "U0OPSMGR"}

Levels = tuple[tuple[tuple[str, ...], int, str], ...]  # (targets, after in minutes, assign)
Page = tuple[int, int, int, int, str]  # (minute, run, pass, level, user)


@dataclass(frozen=True)
class Plan:
    levels: Levels
    repeat: int
    repeat_from_level: int


@dataclass(frozen=True)
class Case:
    main: Plan
    backup: Plan | None  # the main policy's `then`, if any
    hand_back: bool  # the backup names the main policy as its `then` (refused at run time)
    reescalate_after: int | None  # minutes, for both policies
    owner: str | None
    ack_minute: int | None  # acknowledged 30 s after this minute, if at all
    turn: str | None = None  # whom every round-robin level paged last, before this run


def _levels(max_levels: int) -> st.SearchStrategy[Levels]:
    level = st.tuples(
        st.lists(st.sampled_from(TARGETS), min_size=1, max_size=3).map(tuple),
        st.integers(min_value=1, max_value=10),
        st.sampled_from(["all", "all", "round_robin"]),
    )
    return st.lists(level, min_size=1, max_size=max_levels).map(tuple)


@st.composite
def _plan(draw: st.DrawFn, max_levels: int, max_repeat: int) -> Plan:
    levels = draw(_levels(max_levels))
    return Plan(
        levels=levels,
        repeat=draw(st.integers(min_value=0, max_value=max_repeat)),
        repeat_from_level=draw(st.integers(min_value=0, max_value=len(levels) - 1)),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    return Case(
        main=draw(_plan(3, 2)),
        backup=draw(st.none() | _plan(2, 1)),
        hand_back=draw(st.booleans()),
        reescalate_after=draw(st.none() | st.integers(min_value=1, max_value=15)),
        owner=draw(st.sampled_from([None, "U0DEV1"])),
        ack_minute=draw(st.none() | st.integers(min_value=0, max_value=120)),
        turn=draw(st.sampled_from([None, "U0A", "U0B", "U0OPSMGR", "U0DEV1"])),
    )


@dataclass
class Outcome:
    pages: list[Page] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)  # per run, in order
    end: int = 0  # the minute the last run ended (or was acknowledged for good)


def model(case: Case) -> Outcome:
    """The pages and the runs' final statuses the rules call for."""

    def resolve(target: str) -> str | None:
        if target == "owner":
            return case.owner
        if target.startswith("rotation:"):
            return None  # the vacant rotation has nobody
        return LEADS.get(target, target)

    out = Outcome()
    cursors: dict[tuple[int, int], str] = {}
    if case.turn is not None:
        for run, plan in enumerate(p for p in (case.main, case.backup) if p):
            cursors.update({(run, level): case.turn for level in range(len(plan.levels))})
    ack_at = None if case.ack_minute is None else case.ack_minute + 0.5
    plans = [case.main] + ([case.backup] if case.backup else [])
    start = 0
    for run, plan in enumerate(plans):
        status, start, used = _run(case, run, plan, start, resolve, cursors, ack_at, out)
        out.statuses.append(status)
        if used:
            ack_at = None  # one click acknowledges one run
        if status != "exhausted":
            break
        # Exhausted: the main policy hands off to the backup; the backup's `then` (the main
        # policy, when `hand_back`) is in its chain, so the loop ends after it.
    out.end = start
    return out


def _run(
    case: Case,
    run: int,
    plan: Plan,
    t: int,
    resolve: Callable[[str], str | None],
    cursors: dict[tuple[int, int], str],
    ack_at: float | None,
    out: Outcome,
) -> tuple[str, int, bool]:
    """One run from minute `t`: its final status, the minute it ended, whether the
    acknowledgement landed on it."""
    last = len(plan.levels) - 1
    position: tuple[int, int] | None = (0, 0)
    fired: tuple[int, int] | None = None
    acked = False
    while True:
        if ack_at is not None and not acked and ack_at < t:
            acked = True  # the one acknowledgement lands before this step
            if case.reescalate_after is None or fired is None:
                return "acknowledged", t, True
            # The tick after `reescalate_after` pages the level that fired last, again.
            t = int(ack_at + case.reescalate_after) + 1
            position = fired
            continue
        if position is None:
            return "exhausted", t, acked
        pass_no, level = position
        targets, after, assign = plan.levels[level]
        users = list(dict.fromkeys(u for u in map(resolve, targets) if u))
        if users and assign == "round_robin":
            previous = cursors.get((run, level))
            index = users.index(previous) + 1 if previous in users else 0
            users = [users[index % len(users)]]
            cursors[(run, level)] = users[0]
        out.pages += [(t, run, pass_no, level, user) for user in users]
        if users:
            fired = position
        elif level == last and not any(p[1] == run and p[2] == pass_no for p in out.pages):
            return "exhausted", t, acked  # the whole pass paged nobody
        if level < last:
            position = (pass_no, level + 1)
        elif pass_no < plan.repeat:
            position = (pass_no + 1, plan.repeat_from_level)
        else:
            position = None
        if users:
            t += after
