"""/oncall override list and remove: ids `O-N`, times in the caller's zone, who may remove,
and the rule that overrides of one rotation never overlap."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from storage.db import unit_of_work
from storage.oncall import OncallOverride
from tests.support.production import ProductionLane, wait_for_responses
from tests.support.slack import dm_channel


def stored(services: Services) -> int:
    with unit_of_work(services.factory) as session:
        return int(session.scalar(select(func.count(OncallOverride.id))) or 0)


def last(fake: FakeSlack) -> str:
    return str(fake.responses[-1]["text"])


def setup_people(fake: FakeSlack) -> None:
    fake.add_user("U0OPSMGR", tz="America/New_York")
    fake.add_user("U0SRE1", tz="America/New_York")
    fake.add_user("U0DEV1", tz="Europe/Berlin")


def test_anyone_lists_overrides_with_ids_in_their_own_zone(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    setup_people(fake_slack)
    slack.command("/oncall", "override list", user_id="U0DEV1")
    assert last(fake_slack) == "There are no overrides now or ahead."
    slack.command(
        "/oncall", "override ops-primary <@U0SRE1> today 8am to tomorrow 8am", user_id="U0OPSMGR"
    )
    slack.command("/oncall", "override list ops-primary", user_id="U0DEV1")
    assert last(fake_slack) == (
        "Overrides now and ahead:\n"
        "`O-1` *ops-primary*: <@U0SRE1> from Tue 24 Nov 14:00 CET until Wed 25 Nov 14:00 CET"
    )
    slack.command("/oncall", "override list vacant", user_id="U0DEV1")
    assert last(fake_slack) == "*vacant* has no overrides now or ahead."
    slack.command("/oncall", "override list nosuch", user_id="U0DEV1")
    assert last(fake_slack).startswith("There is no rotation `nosuch`.")


def test_an_overlapping_override_is_refused_naming_the_one_it_overlaps(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    setup_people(fake_slack)
    slack.command(
        "/oncall", "override ops-primary <@U0SRE1> today 8am to tomorrow 8am", user_id="U0OPSMGR"
    )
    slack.command(
        "/oncall", "override ops-primary <@U0DEV1> today 6pm to today 8pm", user_id="U0OPSMGR"
    )
    assert last(fake_slack) == (
        "That overlaps O-1 (<@U0SRE1> on call for *ops-primary* from Tue 24 Nov 08:00 EST until "
        "Wed 25 Nov 08:00 EST). Overrides of one rotation cannot overlap: remove O-1 first "
        "(`/oncall override remove O-1`) or pick another time."
    )
    assert stored(services) == 1
    # Touching edges are no overlap, and another rotation is independent.
    slack.command(
        "/oncall", "override ops-primary <@U0DEV1> tomorrow 8am to tomorrow 9am", user_id="U0OPSMGR"
    )
    slack.command("/oncall", "override vacant <@U0DEV1> today 6pm to today 8pm", user_id="U0OPSMGR")
    assert stored(services) == 3


def test_the_lead_an_admin_or_the_person_covering_removes_an_override_others_are_refused(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    setup_people(fake_slack)
    for span in ("today 8am to today 10am", "today 11am to today 1pm", "today 2pm to today 4pm"):
        slack.command("/oncall", f"override ops-primary <@U0SRE1> {span}", user_id="U0OPSMGR")
    slack.command("/oncall", "override remove O-1", user_id="U0DEV1")
    assert last(fake_slack) == (
        "Sorry, only <@U0SRE1> (who covers in O-1), the lead of Platform operations or a Tandem "
        "admin can remove O-1."
    )
    assert stored(services) == 3
    slack.command("/oncall", "override remove O-1", user_id="U0SRE1")
    assert last(fake_slack) == (
        "Removed O-1: <@U0SRE1> is no longer on call for *ops-primary* from Tue 24 Nov 08:00 "
        "EST until Tue 24 Nov 10:00 EST; the schedule applies again."
    )
    slack.command("/oncall", "override remove o-2", user_id="U0OPSMGR")
    slack.command("/oncall", "override remove O-3", user_id="U0ADMIN")
    assert stored(services) == 0
    # The person covering hears about removals by others, not their own.
    removed = [m for m in fake_slack.messages_text(dm_channel("U0SRE1")) if "removed" in m]
    assert [m.split(":")[0] for m in removed] == [
        "<@U0OPSMGR> removed O-2",
        "<@U0ADMIN> removed O-3",
    ]
    slack.command("/oncall", "override remove O-3", user_id="U0ADMIN")
    assert last(fake_slack).startswith(
        "There is no override O-3; `/oncall override list` shows the ones there are."
    )
    slack.command("/oncall", "override remove three", user_id="U0ADMIN")
    assert last(fake_slack).startswith("Say which override to remove by its id")


def test_a_retried_remove_removes_once_and_answers_once(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    setup_people(fake_slack)
    slack.command(
        "/oncall", "override ops-primary <@U0SRE1> today 8am to tomorrow 8am", user_id="U0OPSMGR"
    )
    answers = len(fake_slack.responses)
    for _ in range(2):
        slack.command("/oncall", "override remove O-1", user_id="U0OPSMGR", trigger_id="T-same")
    assert stored(services) == 0
    assert len(fake_slack.responses) == answers + 1


def test_the_list_answers_in_the_ack_and_a_refused_remove_answers_200_once(
    production: ProductionLane, services: Services, fake_slack: FakeSlack
) -> None:
    setup_people(fake_slack)
    production.command(
        "/oncall", "override ops-primary <@U0SRE1> today 8am to tomorrow 8am", user_id="U0OPSMGR"
    )
    wait_for_responses(fake_slack, 1)
    listed = production.command("/oncall", "override list", user_id="U0DEV1")
    assert listed.status == 200 and listed.elapsed < 1.0
    assert listed.text.startswith("Overrides now and ahead:\n`O-1` *ops-primary*: <@U0SRE1>")
    refused = production.command("/oncall", "override remove O-1", user_id="U0DEV1")
    assert refused.status == 200 and refused.elapsed < 1.0
    texts = [str(r["text"]) for r in wait_for_responses(fake_slack, 3)]
    assert sum(t.startswith("Sorry, only <@U0SRE1> (who covers in O-1)") for t in texts) == 1
    assert stored(services) == 1
