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
from storage import escalations as repo
from storage.db import unit_of_work
from storage.escalations import EscalationPage, EscalationRun
from tests.support.escalation_model import Case, Plan, cases, model

_examples = itertools.count(1)


def _policy(policy_id: str, plan: Plan, case: Case, then: str | None) -> EscalationPolicy:
    after = case.reescalate_after
    return EscalationPolicy(
        id=policy_id,
        levels=tuple(
            EscalationLevel(targets, timedelta(minutes=minutes), assign)
            for targets, minutes, assign in plan.levels
        ),
        repeat=plan.repeat,
        repeat_from_level=plan.repeat_from_level,
        then=then,
        reescalate_after=None if after is None else timedelta(minutes=after),
    )


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
def test_the_engine_pages_exactly_what_the_reference_model_says(
    services: Services, case: Case
) -> None:
    # Fresh policy ids each example: round-robin cursors persist per (policy, level).
    n = next(_examples)
    main, backup = f"main-{n}", f"backup-{n}"
    policies = [_policy(main, case.main, case, backup if case.backup else None)]
    if case.backup:
        policies.append(_policy(backup, case.backup, case, main if case.hand_back else None))
    services.workspace = replace(
        services.workspace,
        escalation_policies=tuple(policies),
        risks=replace(services.workspace.risks, policy=main),
    )
    if case.turn is not None:
        with unit_of_work(services.factory) as session:
            for policy in policies:
                for level in range(len(policy.levels)):
                    repo.set_turn(session, policy.id, level, case.turn, services.clock.now())
    ref = f"R-{n}"
    subject = Subject("risk", ref, "model", case.owner, "apollo", None)
    t0 = services.clock.now()
    assert services.escalator is not None
    services.escalator.start(subject, by=None, reason="model", now=t0, key=ref)
    expected = model(case)
    for minute in range(1, expected.end + 3):
        if case.ack_minute == minute - 1:
            at = t0 + timedelta(minutes=minute - 1, seconds=30)
            with unit_of_work(services.factory) as session:
                active = repo.active_run(session, "risk", ref, lock=False)
                active_id = None if active is None else active.id
            if active_id is not None:
                services.escalations.acknowledge(active_id, "U0ADMIN", at, key=f"ack:{ref}")
        services.escalations.tick(t0 + timedelta(minutes=minute))

    with unit_of_work(services.factory) as session:
        runs = list(
            session.scalars(
                select(EscalationRun)
                .where(EscalationRun.subject_ref == ref)
                .order_by(EscalationRun.id)
            )
        )
        index = {run.id: number for number, run in enumerate(runs)}
        rows = session.scalars(
            select(EscalationPage)
            .where(EscalationPage.run_id.in_(list(index)))
            .order_by(EscalationPage.id)
        )
        paged = [
            (
                int((p.paged_at - t0).total_seconds() // 60),
                index[p.run_id],
                p.pass_no,
                p.level,
                p.user_id,
            )
            for p in rows
        ]
    assert paged == expected.pages
    assert [run.status for run in runs] == expected.statuses
    assert len(runs) <= 2  # a hand-off happens once; the backup never hands back
    for run in runs:
        assert all(p[2] <= run.policy["repeat"] for p in paged if p[1] == index[run.id])
