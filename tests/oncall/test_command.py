"""/oncall: who is on call now and next in the caller's zone; overrides by a lead or admin."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.messages import usage
from storage.db import unit_of_work
from storage.oncall import OncallOverride
from tests.support.oncall import lead_overrides
from tests.support.slack import dm_channel


def overrides_stored(services: Services) -> int:
    with unit_of_work(services.factory) as session:
        return int(session.scalar(select(func.count(OncallOverride.id))) or 0)


def test_oncall_shows_now_and_next_for_each_rotation_in_the_callers_zone(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0DEV1", tz="Europe/Berlin")
    slack.command("/oncall", "", user_id="U0DEV1")
    [reply] = fake_slack.responses
    assert reply["response_type"] == "ephemeral"
    primary, vacant = reply["text"].split("\n")
    # The hand-off is Monday 30 November 10:00 in New York: 16:00 in Berlin.
    assert primary == (
        "*ops-primary* (Platform operations): on call now <@U0SRE2> until Mon 30 Nov 16:00 CET"
        " · next <@U0SRE1> from Mon 30 Nov 16:00 CET until Mon 7 Dec 16:00 CET"
    )
    assert vacant == "*vacant* (Platform operations): on call now nobody · nobody else is scheduled"


def test_a_team_lead_overrides_who_is_on_call_and_both_people_are_told(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    lead_overrides(slack, fake_slack, "ops-primary <@U0SRE1|sre1> today 8am to tomorrow 8am")
    assert fake_slack.responses_text() == [
        "<@U0SRE1> is on call for *ops-primary* from Tue 24 Nov 08:00 EST until "
        "Wed 25 Nov 08:00 EST, instead of <@U0SRE2>."
    ]
    [new] = fake_slack.messages_text(dm_channel("U0SRE1"))
    assert new.startswith("<@U0OPSMGR> put you on call for *ops-primary* from <!date^")
    [old] = fake_slack.messages_text(dm_channel("U0SRE2"))
    assert "gave part of your *ops-primary* on-call time to <@U0SRE1>" in old
    slack.command("/oncall", "", user_id="U0OPSMGR")
    assert "on call now <@U0SRE1> until Wed 25 Nov 08:00 EST" in fake_slack.responses_text()[-1]
    with unit_of_work(services.factory) as session:
        [row] = session.scalars(select(OncallOverride))
    assert (row.starts_at, row.ends_at) == (
        datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
        datetime(2026, 11, 25, 13, 0, tzinfo=UTC),
    )


def test_an_admin_may_override_but_anyone_else_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    fake_slack.add_user("U0SRE1")
    slack.command("/oncall", "override ops-primary <@U0SRE1> now to tomorrow", user_id="U0PM")
    assert fake_slack.responses_text() == [
        "Only the lead of Platform operations or a Tandem admin can override `ops-primary`."
    ]
    assert overrides_stored(services) == 0
    slack.command("/oncall", "override ops-primary <@U0SRE1> now to tomorrow", user_id="U0ADMIN")
    assert overrides_stored(services) == 1


def test_bad_overrides_say_what_is_wrong_with_the_usage_and_store_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    fake_slack.add_user("U0SRE1")
    for text in (
        "override ops-primary <@U0SRE1>",
        "override ops-primary sre1 now to tomorrow",
        "override ops-primary <@U0SRE1> tomorrow 5pm to tomorrow 9am",
        "override ops-primary <@U0SRE1> blursday to tomorrow",
        "override nightly <@U0SRE1> now to tomorrow",
        "override ops-primary <@U0GONE> now to tomorrow",
    ):
        slack.command("/oncall", text, user_id="U0OPSMGR")
    answers = fake_slack.responses_text()
    assert "Say which rotation, who and when" in answers[0]
    assert "Say which rotation, who and when" in answers[1]
    assert "must end after it starts" in answers[2]
    assert '"blursday" is not a date I understand' in answers[3]
    assert "There is no rotation `nightly`. Rotations: `ops-primary`, `vacant`." in answers[4]
    assert "I can't find user U0GONE" in answers[5]
    assert all(usage("/oncall") in answer for answer in answers[:4])
    assert overrides_stored(services) == 0
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_retried_override_command_is_stored_and_announced_once(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    fake_slack.add_user("U0SRE1")
    for _ in range(2):
        slack.command(
            "/oncall",
            "override ops-primary <@U0SRE1> now to tomorrow 9am",
            user_id="U0OPSMGR",
            trigger_id="1337.42.same",
        )
    assert overrides_stored(services) == 1
    assert len(fake_slack.messages(dm_channel("U0SRE1"))) == 1
