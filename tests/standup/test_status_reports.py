"""Weekly status reports: asked of each team lead once, a validated modal, structured rows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SlackDriver,
    plain_text_value,
    state_values,
    static_select_value,
)
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.standups import reads as repo
from storage.standups.models import StatusReportEntry
from tests.support.standup import dms, tick

FRIDAY_1400 = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)  # 14:00 in New York
PM, OPS = "U0PM", "U0OPSMGR"


def entry_id(services: Services, report: str) -> int:
    with unit_of_work(services.factory) as session:
        rows = session.query(StatusReportEntry).filter_by(report_id=report).all()
        return max(r.id for r in rows)


def project_values(**overrides: str | None) -> dict[str, Any]:
    fields = {
        "progress": "60%",
        "milestone": "Public beta",
        "milestone_date": "2026-12-15",
        "risks": "Need a second designer",
    } | overrides
    return state_values(
        static_select_value("rag", "value", "amber"),
        *(plain_text_value(block, "value", text) for block, text in fields.items()),
    )


def test_each_lead_is_asked_once_at_the_team_time(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    for minutes in (-30, 0, 0, 30, 60, 90):
        tick(services, clock, FRIDAY_1400 + timedelta(minutes=minutes))
    [asked] = dms(fake_slack, PM)
    assert "weekly status report of *Apollo launch*" in json.dumps(asked["blocks"])
    assert asked["ts"].startswith(str(int(FRIDAY_1400.timestamp())))
    [ops] = dms(fake_slack, OPS)
    assert ops["ts"].startswith(str(int((FRIDAY_1400 + timedelta(hours=1)).timestamp())))


def test_a_project_report_is_validated_then_stored_and_the_dm_shows_it(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, FRIDAY_1400)
    ident = entry_id(services, "apollo-weekly")
    slack.action(ActionId.STATUS_REPORT_OPEN, str(ident), user_id=PM)
    view = fake_slack.last_view()
    assert view is not None
    assert [b.get("block_id") for b in view["blocks"][1:]] == [
        "rag",
        "progress",
        "milestone",
        "milestone_date",
        "risks",
    ]
    bad = slack.submit(
        CallbackId.STATUS_REPORT,
        project_values(progress="lots", milestone_date="whenever"),
        user_id=PM,
        private_metadata=str(ident),
    )
    errors = json.loads(bad.body)["errors"]
    assert set(errors) == {"progress", "milestone_date"}
    with unit_of_work(services.factory) as session:
        assert repo.latest_status_reports(session, None, clock.now()) == {}
    good = slack.submit(
        CallbackId.STATUS_REPORT, project_values(), user_id=PM, private_metadata=str(ident)
    )
    assert good.status == 200 and not good.body
    with unit_of_work(services.factory) as session:
        snapshot = repo.latest_status_reports(session, ["apollo"], clock.now())["apollo"]
    assert (snapshot.rag, snapshot.progress, snapshot.milestone) == ("amber", 60, "Public beta")
    assert snapshot.milestone_date == date(2026, 12, 15)
    assert snapshot.week == date(2026, 11, 27) and snapshot.submitted_by == PM
    [dm] = dms(fake_slack, PM)
    assert "saved by <@U0PM>" in dm["text"]
    assert "Public beta" in json.dumps(dm["blocks"])


def test_an_ops_report_takes_kpi_lines(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, FRIDAY_1400 + timedelta(hours=1))
    ident = entry_id(services, "ops-weekly")

    def submit(kpis: str) -> Any:
        values = state_values(
            plain_text_value("kpis", "value", kpis),
            plain_text_value("incidents", "value", "INC-7 db failover"),
            static_select_value("sla", "value", "at_risk"),
        )
        return slack.submit(
            CallbackId.STATUS_REPORT, values, user_id=OPS, private_metadata=str(ident)
        )

    assert json.loads(submit("uptime: 99.9%\njust words").body)["errors"] == {
        "kpis": 'Line 2 is not "name: value".'
    }
    submit("uptime: 99.9%\n\nMTTR: 42m")
    with unit_of_work(services.factory) as session:
        snapshot = repo.latest_status_reports(session, ["ops"], clock.now())["ops"]
    assert snapshot.kpis == {"uptime": "99.9%", "MTTR": "42m"}
    assert (snapshot.sla, snapshot.incidents, snapshot.kind) == (
        "at_risk",
        "INC-7 db failover",
        "ops",
    )


def test_a_report_is_editable_until_the_next_one_is_asked(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, FRIDAY_1400)
    first = entry_id(services, "apollo-weekly")
    slack.submit(
        CallbackId.STATUS_REPORT, project_values(), user_id=PM, private_metadata=str(first)
    )
    slack.submit(
        CallbackId.STATUS_REPORT,
        project_values(progress="70"),
        user_id=PM,
        private_metadata=str(first),
    )
    tick(services, clock, FRIDAY_1400 + timedelta(days=7))
    slack.action(ActionId.STATUS_REPORT_OPEN, str(first), user_id=PM)
    assert "a newer one has been asked" in fake_slack.responses[-1]["text"]
    with unit_of_work(services.factory) as session:
        snapshot = repo.latest_status_reports(session, None, clock.now())["apollo"]
    assert snapshot.progress == 70 and snapshot.week == date(2026, 11, 27)


def test_only_the_lead_can_open_the_report(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, FRIDAY_1400)
    slack.action(
        ActionId.STATUS_REPORT_OPEN, str(entry_id(services, "apollo-weekly")), user_id="U0NY"
    )
    assert "Only the team lead, <@U0PM>" in fake_slack.responses[-1]["text"]
    assert fake_slack.calls_to("views.open") == []
