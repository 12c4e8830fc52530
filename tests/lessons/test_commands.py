"""/lesson through signed slash commands: add, search (ranked), list, help, mistakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.core.messages import usage
from tests.support.lessons import lessons


def last(fake_slack: FakeSlack) -> dict[str, object]:
    return fake_slack.responses[-1]


def test_add_stores_a_lesson_for_the_callers_first_team_and_says_its_id(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/lesson", "add Freeze the API a week before launch.", user_id="U0DEV1")
    [lesson] = lessons(services)
    assert (lesson.ref, lesson.team, lesson.author, lesson.source) == (
        "L-1",
        "apollo",
        "U0DEV1",
        "manual",
    )
    assert lesson.text == "Freeze the API a week before launch."
    assert lesson.risk_id is None and lesson.created_at == services.clock.now()
    reply = last(fake_slack)
    assert "L-1" in str(reply["text"]) and "Apollo launch" in str(reply["text"])
    assert reply["response_type"] == "ephemeral"


def test_add_links_a_risk_and_another_team_given_as_keys(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Vendor may slip", user_id="U0DEV1")
    slack.command("/lesson", "add Note: vendors need a week. team:ops risk:R-1", user_id="U0DEV1")
    [lesson] = lessons(services)
    assert (lesson.team, lesson.risk_id, lesson.text) == ("ops", 1, "Note: vendors need a week.")
    assert "R-1" in str(last(fake_slack)["text"])


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("add Freeze early risk:R-9", "R-9"),
        ("add Freeze early team:nope", "nope"),
        ("add Freeze early risk:soon", "soon"),
        ("add team:apollo", "Say what was learned"),
        ("add " + "x" * 2001, "2001"),
        ("search", "words"),
        ("list team:nope", "nope"),
        ("bogus", "bogus"),
    ],
)
def test_a_mistaken_lesson_command_says_why_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, text: str, word: str
) -> None:
    response = slack.command("/lesson", text, user_id="U0DEV1")
    assert response.status == 200
    reply = last(fake_slack)
    assert word in str(reply["text"]) and reply["response_type"] == "ephemeral"
    assert lessons(services) == []


def test_a_caller_in_no_team_must_name_one(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/lesson", "add Write runbooks first", user_id="U0ADMIN")
    assert "team:ID" in str(last(fake_slack)["text"])
    assert lessons(services) == []
    slack.command("/lesson", "add Write runbooks first team:ops", user_id="U0ADMIN")
    assert [x.team for x in lessons(services)] == ["ops"]


def test_a_redelivered_add_stores_one_lesson(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    for _ in range(2):
        slack.command("/lesson", "add Pair on risky migrations", trigger_id="T0SAME")
    assert len(lessons(services)) == 1
    assert "already recorded" in str(last(fake_slack)["text"])


def test_search_finds_the_lesson_with_both_words_in_different_sentences_first(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    for text in (
        "Database migrations need a dry run on staging.",
        "The vendor contract took three weeks. Start legal review before the kickoff.",
        "Vendors answer slowly in December.",
        "A kickoff without an agenda wastes an hour.",
    ):
        slack.command("/lesson", f"add {text}", user_id="U0DEV1")
        clock.advance(timedelta(minutes=1))
    response = slack.command("/lesson", "search vendor kickoff", user_id="U0DEV2")
    assert response.status == 200
    reply = last(fake_slack)
    blocks = reply["blocks"]
    assert isinstance(blocks, list)
    first = blocks[1]["text"]["text"]
    assert first.startswith("*L-2*") and "The vendor contract took three weeks" in first
    assert "Apollo launch" in first and "<@U0DEV1>" in first and "24 Nov 2026" in first
    assert "L-1" not in str(reply)  # every word is needed: the migration lesson is no match


def test_search_ranks_the_closer_match_first_and_shows_the_risk(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/risk", "add Rollback untested", user_id="U0DEV1")
    slack.command(
        "/lesson",
        "add We shipped on a Friday after a long week of reviews, demos, planning and "
        "meetings with the vendor, customer support, marketing and finance. The rollback "
        "worked in the end.",
        user_id="U0DEV1",
    )
    slack.command(
        "/lesson",
        "add Test the rollback. A rollback nobody tried fails. risk:R-1",
        user_id="U0DEV1",
    )
    slack.command("/lesson", "search rollbacks tested", user_id="U0DEV1")
    blocks = last(fake_slack)["blocks"]
    assert isinstance(blocks, list)
    metas = [b["text"]["text"].split("\n")[0] for b in blocks[1:]]
    assert metas[0].startswith("*L-2*") and "R-1" in metas[0]  # stems: rollbacks, tested


def test_search_without_a_match_says_so(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/lesson", "add Keep the runbook short")
    slack.command("/lesson", 'search "quantum" OR -(ledger*')  # FTS syntax is only words
    assert "No lesson matches" in str(last(fake_slack)["text"])


def test_list_shows_the_newest_first_and_filters_by_team(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command("/lesson", "add First apollo lesson", user_id="U0DEV1")
    clock.advance(timedelta(hours=1))
    slack.command("/lesson", "add An ops lesson", user_id="U0SRE1")
    clock.advance(timedelta(hours=1))
    slack.command("/lesson", "add Second apollo lesson", user_id="U0DEV1")
    slack.command("/lesson", "list", user_id="U0DEV2")
    text = str(last(fake_slack)["text"])
    assert text.index("Second apollo") < text.index("An ops") < text.index("First apollo")
    slack.command("/lesson", "list team:ops", user_id="U0DEV2")
    text = str(last(fake_slack)["text"])
    assert "An ops lesson" in text and "apollo lesson" not in text


def test_help_and_no_text_show_the_usage(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    for text in ("", "help"):
        slack.command("/lesson", text)
        assert usage("/lesson") in str(last(fake_slack)["text"])
