"""/risk through signed slash commands: add, list, show, update, close, escalate, actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.messages import usage
from tests.support.escalator import RecordingEscalator
from tests.support.risk import RISKS, events, last_response, replies, risk, risks, roots


def test_add_posts_a_root_in_the_risks_channel_and_links_the_caller_to_it(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command(
        "/risk",
        "add Vendor may miss the API freeze p:4 i:3 owner:<@U0DEV2|dev2> due:next friday 5pm",
        user_id="U0DEV1",
    )
    [root] = roots(fake_slack)
    text = root["text"] + str(root["blocks"])
    assert "R-1" in text and "Vendor may miss the API freeze" in text
    assert "High" in text and "P4 × I3 = 12" in str(root["blocks"])
    assert "<@U0DEV2>" in text
    # "next friday 5pm" in the caller's zone (New York): Friday 27 November, 17:00 EST.
    stored = risk(services, 1)
    assert stored.due_at == datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    assert stored.channel == RISKS and stored.thread_ts == root["ts"]
    assert stored.raised_by == "U0DEV1" and stored.owner == "U0DEV2"
    assert stored.next_review_at == services.clock.now() + timedelta(days=14)
    reply = last_response(fake_slack)
    assert "R-1" in reply and f"https://fake.slack/archives/{RISKS}/p" in reply
    assert fake_slack.responses[-1]["response_type"] == "ephemeral"


def test_add_defaults_to_the_caller_as_owner_their_team_and_a_medium_score(
    slack: SlackDriver, services: Services
) -> None:
    slack.command("/risk", "add Staging cluster runs out of disk", user_id="U0DEV1")
    [stored] = risks(services)
    assert (stored.owner, stored.team, stored.probability, stored.impact) == (
        "U0DEV1",
        "apollo",
        3,
        3,
    )
    assert (stored.score, stored.rating, stored.status, stored.kind) == (
        9,
        "medium",
        "open",
        "threat",
    )
    assert stored.category == "technical" and stored.due_at is None


def test_the_root_carries_the_five_thread_buttons_and_edit(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/risk", "add Vendor late", user_id="U0DEV1")
    [root] = roots(fake_slack)
    [actions] = [b for b in root["blocks"] if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["Re-score", "Reviewed ✓", "Trigger fired", "Close…", "Escalate", "Edit"]
    assert {e["value"] for e in actions["elements"]} == {"1"}


def test_the_same_command_delivered_twice_creates_one_risk(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Vendor late p:2", user_id="U0DEV1", trigger_id="T-same")
    slack.command("/risk", "add Vendor late p:2", user_id="U0DEV1", trigger_id="T-same")
    assert len(risks(services)) == 1
    assert len(roots(fake_slack)) == 1
    assert "already handled" in last_response(fake_slack)


def test_numbers_follow_one_global_sequence(slack: SlackDriver, services: Services) -> None:
    for title in ("One", "Two", "Three"):
        slack.command("/risk", f"add {title}", user_id="U0DEV1")
    assert [r.ref for r in risks(services)] == ["R-1", "R-2", "R-3"]


def test_when_the_root_is_not_sent_yet_the_caller_is_told_where_it_will_appear(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    from bot.app import jobs
    from bot.app.standin.slack_api import ServerError

    fake_slack.fail("chat.postMessage", ServerError(status=503))
    slack.command("/risk", "add Vendor late", user_id="U0DEV1")
    assert f"will appear in <#{RISKS}>" in last_response(fake_slack)
    assert roots(fake_slack) == []
    jobs.tick(services, services.clock.advance(timedelta(minutes=1)))
    [root] = roots(fake_slack)
    assert risk(services, 1).thread_ts == root["ts"]


@pytest.mark.parametrize(
    ("user", "phrase", "expected"),
    [
        ("U0DEV2", "tomorrow", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),  # 17:00 Berlin
        ("U0DEV1", "in 2 weeks", datetime(2026, 12, 8, 22, 0, tzinfo=UTC)),  # 17:00 New York
        ("U0DEV1", "2026-12-01", datetime(2026, 12, 1, 22, 0, tzinfo=UTC)),
        ("U0SRE1", "next friday 5pm", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),  # Shanghai
    ],
)
def test_due_dates_are_read_in_the_callers_own_zone(
    slack: SlackDriver, services: Services, user: str, phrase: str, expected: datetime
) -> None:
    slack.command("/risk", f"add Vendor late due:{phrase} p:2", user_id=user)
    [stored] = risks(services)
    assert stored.due_at == expected
    assert stored.probability == 2  # the value of due: stopped at the next key


def test_a_critical_risk_starts_an_escalation_on_its_thread(
    slack: SlackDriver, services: Services, escalator: RecordingEscalator
) -> None:
    slack.command("/risk", "add Data centre power feed fails p:4 i:5", user_id="U0DEV1")
    [call] = escalator.started
    subject = call["subject"]
    assert (subject.kind, subject.ref, subject.owner, subject.team) == (
        "risk",
        "R-1",
        "U0DEV1",
        "apollo",
    )
    assert subject.thread_key == "risk:1:root"
    assert subject.title == "Data centre power feed fails"
    assert call["by"] == "U0DEV1" and call["now"] == services.clock.now()


def test_critical_risks_do_not_escalate_when_the_config_says_so(
    slack: SlackDriver, services: Services, escalator: RecordingEscalator
) -> None:
    import dataclasses

    from bot.core.workspace.model import RiskSettings

    services.workspace = dataclasses.replace(
        services.workspace, risks=RiskSettings(escalate_critical=False)
    )
    slack.command("/risk", "add Power fails p:5 i:5", user_id="U0DEV1")
    slack.command("/risk", "add Minor thing p:1 i:2", user_id="U0DEV1")
    assert escalator.started == []
    assert risk(services, 1).rating == "critical"


# --- list and show ----------------------------------------------------------------------------


def add(slack: SlackDriver, text: str, user: str = "U0DEV1") -> None:
    slack.command("/risk", f"add {text}", user_id=user)


def listed_refs(fake_slack: FakeSlack) -> list[str]:
    """The risk ids in the last list answer, in order."""
    import re

    text = fake_slack.responses[-1]["text"]
    return re.findall(r"\*(R-\d+)\*", text)


def test_list_sorts_by_score_and_filters(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Low one p:1 i:1")
    add(slack, "Big one p:4 i:4 owner:<@U0DEV2|dev2>")
    add(slack, "Ops one p:3 i:2 team:ops", user="U0SRE1")
    add(slack, "Past due p:2 i:2 due:tomorrow")
    slack.command("/risk", "close R-1 mitigated", user_id="U0DEV1")

    slack.command("/risk", "list", user_id="U0DEV1")
    listed = last_response(fake_slack)
    assert listed.index("R-2") < listed.index("R-3") < listed.index("R-4")
    assert "R-1" not in listed

    slack.command("/risk", "list mine", user_id="U0DEV1")
    assert "R-4" in last_response(fake_slack) and "R-2" not in last_response(fake_slack)

    slack.command("/risk", "list team:ops", user_id="U0DEV1")
    assert "R-3" in last_response(fake_slack) and "R-2" not in last_response(fake_slack)

    slack.command("/risk", "list closed", user_id="U0DEV1")
    assert "R-1" in last_response(fake_slack) and "R-2" not in last_response(fake_slack)

    slack.command("/risk", "list top", user_id="U0DEV1")
    assert "R-2" in last_response(fake_slack)

    services.clock.advance(timedelta(days=3))
    slack.command("/risk", "list overdue", user_id="U0DEV1")
    overdue = last_response(fake_slack)
    assert "R-4" in overdue and "R-2" not in overdue


def test_list_is_paged_within_slacks_limits(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    for n in range(1, 21):
        add(slack, f"Risk number {n} p:{1 + n % 5}")
    slack.command("/risk", "list open", user_id="U0DEV1")
    first = fake_slack.responses[-1]
    assert len(first["blocks"]) <= 50
    assert "Page 1 of 2" in last_response(fake_slack)
    assert "/risk list open page:2" in last_response(fake_slack)
    slack.command("/risk", "list open page:2", user_id="U0DEV1")
    second = last_response(fake_slack)
    assert "Page 2 of 2" in second
    assert len(listed_refs(fake_slack)) == 5


def test_top_shows_the_five_highest_scores(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    for n in range(1, 8):
        add(slack, f"Risk {n} p:{min(n, 5)} i:{min(n, 5)}")
    slack.command("/risk", "list top", user_id="U0DEV1")
    assert listed_refs(fake_slack) == ["R-5", "R-6", "R-7", "R-4", "R-3"]


def test_list_with_nothing_matching_says_so(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command("/risk", "list mine", user_id="U0DEV1")
    assert "No risks match" in last_response(fake_slack)


def test_show_renders_one_risk_with_its_history_and_thread_link(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    add(slack, "Vendor late p:2 i:2")
    slack.command("/risk", "update R-1 p:4", user_id="U0DEV1")
    slack.command("/risk", "action R-1 Call the vendor due:friday", user_id="U0DEV1")
    slack.command("/risk", "show r-1", user_id="U0DEV2")
    shown = last_response(fake_slack)
    assert "R-1" in shown and "Vendor late" in shown
    assert "P4 × I2 = 8" in shown
    assert "History" in shown and "raised it" in shown and "changed probability" in shown
    assert "#1 Call the vendor" in shown
    assert "https://fake.slack/archives/C0RISKS/p" in shown


# --- changes ------------------------------------------------------------------------------


def test_update_replies_in_the_thread_and_updates_the_root(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Vendor late p:2 i:2")
    services.clock.advance(timedelta(hours=1))
    slack.command("/risk", "update R-1 p:4 i:5 due:2026-12-15", user_id="U0DEV1")
    [root] = roots(fake_slack)
    [reply] = replies(fake_slack, root["ts"])
    assert "Probability: 2 → 4" in reply["text"] and "Impact: 2 → 5" in reply["text"]
    assert "Rating: Low → Critical" in reply["text"]
    [update] = fake_slack.calls_to("chat.update")
    assert update.params["ts"] == root["ts"]
    assert "P4 × I5 = 20" in str(root["blocks"])  # the live root shows the new state
    stored = risk(services, 1)
    assert (stored.score, stored.rating) == (20, "critical")
    assert stored.next_review_at == services.clock.now() + timedelta(days=7)
    [created, updated] = events(services, 1)
    assert created.type == "created"
    assert updated.actor == "U0DEV1" and updated.at == services.clock.now()
    assert updated.before == {
        "probability": 2,
        "impact": 2,
        "due_at": None,
        "score": 4,
        "rating": "low",
    }
    assert updated.after["score"] == 20 and updated.after["due_at"].startswith("2026-12-15")
    assert "Updated *R-1*" in last_response(fake_slack)


def test_reassigning_tells_the_new_owner(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Vendor late")
    slack.command("/risk", "update R-1 owner:<@U0DEV2|dev2>", user_id="U0DEV1")
    assert risk(services, 1).owner == "U0DEV2"
    [dm] = fake_slack.messages("D0DEV2")
    assert "R-1" in dm["text"]
    [root] = roots(fake_slack)
    [reply] = replies(fake_slack, root["ts"])
    assert "Owner: <@U0DEV1> → <@U0DEV2>" in reply["text"]


def test_an_update_that_changes_nothing_says_so_and_records_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Vendor late p:2")
    slack.command("/risk", "update R-1 p:2", user_id="U0DEV1")
    assert "Nothing changed" in last_response(fake_slack)
    assert len(events(services, 1)) == 1
    assert fake_slack.calls_to("chat.update") == []


def test_status_occurred_by_update_starts_the_escalation(
    slack: SlackDriver, services: Services, escalator: RecordingEscalator
) -> None:
    add(slack, "Vendor late")
    slack.command("/risk", "update R-1 status:occurred", user_id="U0DEV1")
    [call] = escalator.started
    assert call["subject"].ref == "R-1" and call["by"] == "U0DEV1"
    stored = risk(services, 1)
    assert stored.status == "occurred" and stored.occurred_at == services.clock.now()


def test_close_needs_a_reason_then_closes_resolves_and_updates_the_thread(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, escalator: RecordingEscalator
) -> None:
    add(slack, "Vendor late")
    slack.command("/risk", "close R-1", user_id="U0DEV1")
    assert "Say why the risk is closed" in last_response(fake_slack)
    assert usage("/risk") in last_response(fake_slack)
    assert risk(services, 1).status == "open"

    slack.command("/risk", "close R-1 mitigated: vendor shipped the fix", user_id="U0DEV1")
    stored = risk(services, 1)
    assert (stored.status, stored.close_reason) == ("closed", "mitigated: vendor shipped the fix")
    assert stored.closed_at == services.clock.now()
    [root] = roots(fake_slack)
    [reply] = replies(fake_slack, root["ts"])
    assert "closed R-1: mitigated: vendor shipped the fix" in reply["text"]
    assert not [b for b in root["blocks"] if b["type"] == "actions"]  # no buttons once closed
    assert escalator.resolved == [
        {"kind": "risk", "ref": "R-1", "by": "U0DEV1", "now": services.clock.now()}
    ]
    assert events(services, 1)[-1].type == "closed"


def test_a_closed_risk_must_be_reopened_before_it_changes(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Vendor late")
    slack.command("/risk", "close R-1 expired", user_id="U0DEV1")
    slack.command("/risk", "update R-1 p:5", user_id="U0DEV1")
    assert "is closed" in last_response(fake_slack)
    slack.command("/risk", "close R-1 again", user_id="U0DEV1")
    assert "already closed" in last_response(fake_slack)
    slack.command("/risk", "update R-1 status:open p:5", user_id="U0DEV1")
    stored = risk(services, 1)
    assert (stored.status, stored.probability, stored.close_reason) == ("open", 5, None)


def test_escalate_without_an_escalation_service_says_it_is_not_configured(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    services.risks.escalator = None
    add(slack, "Vendor late")
    slack.command("/risk", "escalate R-1", user_id="U0DEV1")
    reply = last_response(fake_slack)
    assert "not configured" in reply and usage("/risk") not in reply
    assert len(events(services, 1)) == 1


def test_escalate_starts_a_run_and_anyone_may_ask(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, escalator: RecordingEscalator
) -> None:
    add(slack, "Vendor late")
    slack.command("/risk", "escalate R-1", user_id="U0SRE1")
    [call] = escalator.started
    assert call["by"] == "U0SRE1" and call["subject"].thread_key == "risk:1:root"
    assert "Escalated *R-1*" in last_response(fake_slack)
    assert events(services, 1)[-1].type == "escalated"
    [root] = roots(fake_slack)
    assert "<@U0SRE1> escalated R-1" in replies(fake_slack, root["ts"])[0]["text"]


def test_mitigation_actions_are_added_and_finished(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Vendor late")
    slack.command(
        "/risk", "action R-1 Call the vendor owner:<@U0DEV2|dev2> due:friday", user_id="U0DEV1"
    )
    assert "Added action #1" in last_response(fake_slack)
    slack.command("/risk", "action R-1 done:1", user_id="U0DEV2")  # the action's owner may
    assert "action #1 of *R-1* done" in last_response(fake_slack)
    slack.command("/risk", "action R-1 done:1", user_id="U0DEV2")
    assert "already done" in last_response(fake_slack)
    [root] = roots(fake_slack)
    texts = [m["text"] for m in replies(fake_slack, root["ts"])]
    assert "added action #1 for <@U0DEV2>" in texts[0] and "finished action #1" in texts[1]
    assert [e.type for e in events(services, 1)] == ["created", "action_added", "action_done"]


# --- who may do what ------------------------------------------------------------------------


def test_others_get_a_polite_refusal_and_nothing_changes(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    add(slack, "Vendor late p:2")
    for text in ("update R-1 p:5", "close R-1 not mine", "update R-1 owner:me"):
        slack.command("/risk", text, user_id="U0SRE1")
        reply = last_response(fake_slack)
        assert "Sorry, only its owner <@U0DEV1>, the Apollo launch lead <@U0PM>" in reply
        assert usage("/risk") not in reply
    stored = risk(services, 1)
    assert (stored.probability, stored.status, stored.owner) == (2, "open", "U0DEV1")
    assert len(events(services, 1)) == 1 and fake_slack.calls_to("chat.update") == []


@pytest.mark.parametrize("user", ["U0DEV1", "U0PM", "U0ADMIN"])
def test_the_owner_the_team_lead_and_admins_may_change_a_risk(
    slack: SlackDriver, services: Services, user: str
) -> None:
    add(slack, "Vendor late p:2")
    slack.command("/risk", "update R-1 p:3 owner:<@U0DEV2|dev2>", user_id=user)
    assert (risk(services, 1).probability, risk(services, 1).owner) == (3, "U0DEV2")


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("add", "A risk needs a title"),
        ("add   p:3", "A risk needs a title"),
        ("add Vendor late p:9", "`p:9` is not on the scale"),
        ("add Vendor late i:x", "`i:x` is not on the scale"),
        ("add Vendor late due:blurgh", '"blurgh" is not a date I understand'),
        ("add Vendor late due:2020-01-01", "is in the past"),
        ("add Vendor late team:nope", "There is no team `nope`"),
        ("add Vendor late owner:bob", '"bob" is not a person'),
        ("add Vendor late owner:<@U0GONE|gone>", "<@U0GONE> is deactivated"),
        ("add Vendor late owner:<@U0NOBODY|x>", "can't find user U0NOBODY"),
        ("add Vendor late p:2 p:3", "`p:` is given twice"),
        ("add Vendor late p:", "`p:` has no value"),
        ("add " + "x" * 201, "The title is 201 characters long; keep it to 200"),
        ("add " + "x" * 10_000, "characters long"),
        ("show R-999", "There is no risk R-999"),
        ("show banana", '"banana" is not a risk id'),
        ("update R-999 p:2", "There is no risk R-999"),
        ("update R-1", "Say what to change"),
        ("update R-1 status:closed", "Closing needs a reason"),
        ("update R-1 status:sleeping", "`sleeping` is not a status"),
        ("update R-1 owner:<@U0GONE|gone>", "<@U0GONE> is deactivated"),
        ("close R-999 done", "There is no risk R-999"),
        ("escalate R-x", '"R-x" is not a risk id'),
        ("list everything", "`everything` is not a list filter"),
        ("list team:nope", "There is no team `nope`"),
        ("list page:0", "`page:0` is not a page number"),
        ("action R-1", "Say what the action is"),
        ("action R-1 done:x", "`done:x` is not an action number"),
        ("action R-1 done:7", "R-1 has no action #7"),
        ("frobnicate", "`/risk frobnicate` is not a command I know"),
    ],
)
def test_bad_input_says_what_is_wrong_and_stores_and_posts_nothing(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    services: Services,
    escalator: RecordingEscalator,
    text: str,
    problem: str,
) -> None:
    add(slack, "Existing risk p:2")
    before = fake_slack.messages()
    slack.command("/risk", text, user_id="U0DEV1")
    reply = fake_slack.responses[-1]
    assert reply["response_type"] == "ephemeral"
    assert problem in reply["text"]
    if "There is no risk" not in problem and "has no action" not in problem:
        assert usage("/risk") in reply["text"]
    assert fake_slack.messages() == before
    assert [r.ref for r in risks(services)] == ["R-1"]
    assert risk(services, 1).probability == 2
    assert len(events(services, 1)) == 1
    assert escalator.started == []


def test_help_and_the_bare_command(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command("/risk", "help", user_id="U0DEV1")
    assert usage("/risk") in last_response(fake_slack)
    slack.command("/risk", "", user_id="U0DEV1")
    [opened] = fake_slack.calls_to("views.open")
    assert opened.params["view"]["title"]["text"] == "New risk"
