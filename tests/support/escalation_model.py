"""A small reference model of the escalation rules, and random cases for it (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

TARGETS = ["owner", "U0A", "U0B", "rotation:vacant", "lead:ops"]
LEADS = {"lead:ops": "U0OPSMGR"}


@dataclass(frozen=True)
class Case:
    levels: tuple[tuple[tuple[str, ...], int], ...]  # (targets, after in minutes)
    repeat: int
    repeat_from_level: int
    owner: str | None
    ack_minute: int | None  # acknowledged 30 s after this minute, if at all


@st.composite
def cases(draw: st.DrawFn) -> Case:
    levels = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(TARGETS), min_size=1, max_size=3).map(tuple),
                st.integers(min_value=1, max_value=10),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return Case(
        levels=tuple(levels),
        repeat=draw(st.integers(min_value=0, max_value=2)),
        repeat_from_level=draw(st.integers(min_value=0, max_value=len(levels) - 1)),
        owner=draw(st.sampled_from([None, "U0DEV1"])),
        ack_minute=draw(st.none() | st.integers(min_value=0, max_value=130)),
    )


def model(case: Case) -> tuple[list[tuple[int, int, int, str]], str]:
    """The pages (minute, pass, level, user) and the final status the rules call for."""

    def resolve(target: str) -> str | None:
        if target == "owner":
            return case.owner
        if target.startswith("rotation:"):
            return None  # the vacant rotation has nobody
        return LEADS.get(target, target)

    pages: list[tuple[int, int, int, str]] = []
    minute, pass_no, level = 0, 0, 0
    last = len(case.levels) - 1
    while True:
        if case.ack_minute is not None and case.ack_minute < minute:
            return pages, "acknowledged"
        targets, after = case.levels[level]
        users = list(dict.fromkeys(u for u in map(resolve, targets) if u))
        pages += [(minute, pass_no, level, user) for user in users]
        pass_empty = level == last and not any(p[1] == pass_no for p in pages)
        if pass_empty:
            return pages, "exhausted"
        if level < last:
            level += 1
        elif pass_no < case.repeat:
            pass_no, level = pass_no + 1, case.repeat_from_level
        else:
            if users and (case.ack_minute is None or case.ack_minute >= minute + after):
                return pages, "exhausted"
            return pages, "acknowledged" if users else "exhausted"
        if users:
            minute += after
