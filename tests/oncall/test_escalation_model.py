"""Random policies and acknowledgement times against a small reference model of the rules."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.app.container import Services
from bot.core.ports import Subject
from bot.core.workspace.model import EscalationLevel, EscalationPolicy
from storage.db import unit_of_work
from storage.escalations import EscalationPage, EscalationRun

TARGETS = ["owner", "U0A", "U0B", "rotation:vacant", "lead:ops"]
LEADS = {"lead:ops": "U0OPSMGR"}
_refs = itertools.count(1)


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


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
def test_the_engine_pages_exactly_what_the_reference_model_says(
    services: Services, case: Case
) -> None:
    policy = EscalationPolicy(
        id="default",
        levels=tuple(
            EscalationLevel(targets, timedelta(minutes=after)) for targets, after in case.levels
        ),
        repeat=case.repeat,
        repeat_from_level=case.repeat_from_level,
    )
    services.workspace = replace(services.workspace, escalation_policies=(policy,))
    ref = f"R-{next(_refs)}"
    subject = Subject("risk", ref, "model", case.owner, "apollo", None)
    t0 = services.clock.now()
    assert services.escalator is not None
    services.escalator.start(subject, by=None, reason="model", now=t0, key=ref)
    with unit_of_work(services.factory) as session:
        run_id = session.scalar(select(EscalationRun.id).where(EscalationRun.subject_ref == ref))
    assert run_id is not None
    horizon = sum(after for _, after in case.levels) * (case.repeat + 1) + 2
    for minute in range(1, horizon + 1):
        if case.ack_minute == minute - 1:
            at = t0 + timedelta(minutes=minute - 1, seconds=30)
            services.escalations.acknowledge(run_id, "U0ADMIN", at, key=f"ack:{ref}")
        services.escalations.tick(t0 + timedelta(minutes=minute))

    with unit_of_work(services.factory) as session:
        run = session.get(EscalationRun, run_id)
        assert run is not None
        rows = session.scalars(
            select(EscalationPage)
            .where(EscalationPage.run_id == run_id)
            .order_by(EscalationPage.id)
        )
        paged = [
            (int((p.paged_at - t0).total_seconds() // 60), p.pass_no, p.level, p.user_id)
            for p in rows
        ]
        status = run.status
    expected, expected_status = model(case)
    assert paged == expected
    assert status == expected_status
    assert all(p[1] <= case.repeat for p in paged)  # at most repeat + 1 passes
    if case.ack_minute is not None:
        assert all(p[0] <= case.ack_minute for p in paged)  # nothing after the ack
