"""Random policies and acknowledgement times against a small reference model of the rules."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from bot.app.container import Services
from bot.core.ports import Subject
from bot.core.workspace.model import EscalationLevel, EscalationPolicy
from storage.db import unit_of_work
from storage.escalations import EscalationPage, EscalationRun
from tests.support.escalation_model import Case, cases, model

_refs = itertools.count(1)


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
