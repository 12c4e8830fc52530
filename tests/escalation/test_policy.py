"""The pure escalation policy: which step comes next, and when, with no database."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings

from bot.escalation.policy import (
    Exhaust,
    Fire,
    Level,
    Position,
    Skip,
    Snapshot,
    next_in_turn,
    next_step,
)
from tests.support.escalation_model import LEADS, Case, cases, model

T0 = datetime(2026, 11, 5, 14, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)

# The documented default: owner, then whoever is on call, then the lead; one repeat.
THREE_LEVELS = Snapshot(
    "default",
    "v1",
    (
        Level(("owner",), 15 * MIN),
        Level(("rotation:ops-primary",), 15 * MIN),
        Level(("lead:ops",), 30 * MIN),
    ),
    repeat=1,
)
PEOPLE = {"owner": "U0DEV1", "rotation:ops-primary": "U0SRE2", "lead:ops": "U0OPSMGR"}


def walk(snap: Snapshot, people: dict[str, str]) -> list[tuple[int, object]]:
    """Take every step as the service would when nobody acknowledges: (minute, step)."""
    steps: list[tuple[int, object]] = []
    at: Position | None = Position(0, 0)
    now, paged_passes = T0, set[int]()
    while True:
        targets = snap.levels[at.level].targets if at else ()
        users = list(dict.fromkeys(people[x] for x in targets if x in people))  # each once
        paged = at is not None and at.pass_no in paged_passes
        step = next_step(snap, at, users, paged_in_pass=paged, now=now)
        steps.append((int((now - T0) / MIN), step))
        match step:
            case Fire():
                paged_passes.add(step.at.pass_no)
                at, now = step.then, step.due
            case Skip() if step.then is not None:
                at = step.then
            case _:
                return steps


def test_three_levels_with_one_repeat_page_in_the_documented_order_and_times_then_exhaust() -> None:
    steps = walk(THREE_LEVELS, PEOPLE)
    fired = [(minute, s.at, s.users) for minute, s in steps if isinstance(s, Fire)]
    assert fired == [
        (0, Position(0, 0), ("U0DEV1",)),
        (15, Position(0, 1), ("U0SRE2",)),
        (30, Position(0, 2), ("U0OPSMGR",)),
        (60, Position(1, 0), ("U0DEV1",)),
        (75, Position(1, 1), ("U0SRE2",)),
        (90, Position(1, 2), ("U0OPSMGR",)),
    ]
    assert steps[-1] == (120, Exhaust())


def test_a_fired_level_waits_its_own_after_counted_from_when_it_fired() -> None:
    late = T0 + 7 * MIN  # a step taken late (the watchdog) still waits the full `after`
    step = next_step(THREE_LEVELS, Position(0, 2), ["U0OPSMGR"], paged_in_pass=True, now=late)
    assert step == Fire(Position(0, 2), ("U0OPSMGR",), Position(1, 0), late + 30 * MIN)


def test_an_empty_level_is_skipped_at_once_to_the_next_level() -> None:
    step = next_step(THREE_LEVELS, Position(0, 1), [], paged_in_pass=True, now=T0)
    assert step == Skip(Position(0, 1), Position(0, 2))
    steps = walk(THREE_LEVELS, {"owner": "U0DEV1", "lead:ops": "U0OPSMGR"})
    assert [(minute, type(s).__name__) for minute, s in steps[:3]] == [
        (0, "Fire"),
        (15, "Skip"),
        (15, "Fire"),  # the lead is paged as soon as the rotation turns out empty
    ]


def test_an_empty_last_level_of_a_pass_that_paged_someone_starts_the_next_pass() -> None:
    step = next_step(THREE_LEVELS, Position(0, 2), [], paged_in_pass=True, now=T0)
    assert step == Skip(Position(0, 2), Position(1, 0))


def test_a_pass_that_paged_nobody_ends_the_run_even_with_repeats_left() -> None:
    step = next_step(THREE_LEVELS, Position(0, 2), [], paged_in_pass=False, now=T0)
    assert step == Skip(Position(0, 2), None, nobody=True)


def test_repeats_start_from_repeat_from_level() -> None:
    snap = Snapshot("p", "v", THREE_LEVELS.levels, repeat=2, repeat_from_level=1)
    fired = [s.at for _, s in walk(snap, PEOPLE) if isinstance(s, Fire)]
    assert fired == [Position(0, 0), Position(0, 1), Position(0, 2)] + [
        Position(p, level) for p in (1, 2) for level in (1, 2)
    ]


def test_the_last_level_of_the_last_pass_leads_to_exhaustion_when_its_time_is_up() -> None:
    step = next_step(THREE_LEVELS, Position(1, 2), ["U0OPSMGR"], paged_in_pass=True, now=T0)
    assert isinstance(step, Fire) and step.then is None and step.due == T0 + 30 * MIN
    assert next_step(THREE_LEVELS, None, [], paged_in_pass=False, now=step.due) == Exhaust()
    empty_last = next_step(THREE_LEVELS, Position(1, 2), [], paged_in_pass=True, now=T0)
    assert empty_last == Skip(Position(1, 2), None)


def test_a_snapshot_survives_its_json_round_trip() -> None:
    snap = Snapshot("p", "v", THREE_LEVELS.levels, repeat=2, repeat_from_level=1)
    assert Snapshot.from_json(snap.to_json()) == snap


def _plain(case: Case) -> Case:
    """The case without what needs the service (cursors, hand-offs, re-escalation)."""
    levels = tuple((targets, after, "all") for targets, after, _ in case.main.levels)
    main = dataclasses.replace(case.main, levels=levels)
    return dataclasses.replace(case, main=main, backup=None, reescalate_after=None, turn=None)


@settings(max_examples=300, deadline=None)
@given(case=cases().map(_plain))
def test_the_policy_alone_pages_what_the_reference_model_says(case: Case) -> None:
    """The database test's reference model (tests/support), checked against next_step alone."""
    snap = Snapshot(
        "p",
        "v",
        tuple(Level(targets, after * MIN) for targets, after, _ in case.main.levels),
        case.main.repeat,
        case.main.repeat_from_level,
    )
    people = {"U0A": "U0A", "U0B": "U0B", **LEADS}
    if case.owner:
        people["owner"] = case.owner
    acked = T0 + case.ack_minute * MIN + MIN / 2 if case.ack_minute is not None else None
    pages: list[tuple[int, int, int, str]] = []
    status = "exhausted"
    for minute, step in walk(snap, people):
        if acked is not None and acked < T0 + minute * MIN:
            status = "acknowledged"
            break
        if isinstance(step, Fire):
            pages += [(minute, step.at.pass_no, step.at.level, u) for u in step.users]
    expected = model(case)
    assert pages == [(minute, p, level, u) for minute, _, p, level, u in expected.pages]
    assert [status] == expected.statuses


def test_round_robin_takes_the_person_after_the_cursor_and_wraps_round() -> None:
    people = ["U0A", "U0B", "U0C"]
    assert next_in_turn(people, None) == "U0A"
    assert next_in_turn(people, "U0A") == "U0B"
    assert next_in_turn(people, "U0C") == "U0A"
    assert next_in_turn(people, "U0GONE") == "U0A"  # no longer among them: from the start


def test_a_handoff_never_goes_to_the_policy_itself_or_back_along_its_chain() -> None:
    base = Snapshot("a", "v", THREE_LEVELS.levels)
    assert base.handoff() is None
    assert dataclasses.replace(base, then="b").handoff() == "b"
    assert dataclasses.replace(base, then="a").handoff() is None
    assert dataclasses.replace(base, id="b", then="a", chain=("a",)).handoff() is None
