"""`/oncall calendar` and the feed it links to: 8 weeks of shifts after overrides, one VEVENT
per shift with the person's name, parsed with a standard iCalendar parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SIGNING_SECRET, SlackDriver, wsgi_get
from bot.app.web import wsgi_app
from bot.oncall.calendar import feed_token

WEEK = timedelta(weeks=1)
# At the frozen start (Tuesday 24 November, 09:00 New York) U0SRE2 is on call since Monday
# 23 November 10:00; U0SRE1 takes over on the 30th, and so on, weekly.
MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U0SRE1", name="ana", real_name="Ana Reyes", display_name="Ana")
    fake_slack.add_user("U0SRE2", name="bo", real_name="Bo Chen", display_name="Bo")
    fake_slack.add_user("U0DEV1")
    fake_slack.add_user("U0OPSMGR")


def events(feed: bytes) -> list[tuple[str, datetime, datetime]]:
    """(summary, start, end) of every VEVENT, as a calendar app reads them."""
    calendar = icalendar.Calendar.from_ical(feed)
    return [
        (str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"))
        for e in calendar.walk("VEVENT")
    ]


def link(slack: SlackDriver, fake: FakeSlack, text: str = "calendar ops-primary") -> str:
    slack.command("/oncall", text, user_id="U0DEV1")
    [answer] = fake.responses_text()
    return answer


def feed_of(services: Services, app: Any, rotation: str = "ops-primary") -> bytes:
    token = feed_token(SIGNING_SECRET, rotation)
    status, body = wsgi_get(wsgi_app(services, app), f"/calendar/{rotation}.ics?token={token}")
    assert status == 200
    return body.encode()


def test_the_feed_lists_eight_weeks_of_weekly_shifts_with_each_persons_name(
    services: Services, app: Any
) -> None:
    found = events(feed_of(services, app))
    expected = [
        (f"{'Bo' if n % 2 == 0 else 'Ana'} on call (ops-primary)", MONDAY + n * WEEK)
        for n in range(9)
    ]
    assert [(summary, start) for summary, start, _ in found] == expected
    assert all(end - start == WEEK for _, start, end in found[:-1])
    # The last shift is cut at the horizon: 8 weeks from now.
    assert found[-1][2] == services.clock.now() + timedelta(weeks=8)


def test_the_feed_matches_what_oncall_shows(services: Services, app: Any) -> None:
    now = services.clock.now()
    [status] = [s for s in services.oncall.status(now) if s.rotation.id == "ops-primary"]
    current, following = status.shifts
    found = events(feed_of(services, app))
    names = {"U0SRE1": "Ana", "U0SRE2": "Bo"}
    assert found[0][0].startswith(names[str(current.user)])
    assert found[0][2] == current.end
    assert found[1][0].startswith(names[str(following.user)])
    assert (found[1][1], found[1][2]) == (following.start, following.end)


def test_an_override_shows_in_the_feed_as_its_own_shift(
    services: Services, app: Any, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command(
        "/oncall", "override ops-primary <@U0SRE1> today 11am to today 1pm", user_id="U0OPSMGR"
    )
    found = events(feed_of(services, app))
    eleven, one = (datetime(2026, 11, 24, h, 0, tzinfo=UTC) for h in (16, 18))
    assert found[:3] == [
        ("Bo on call (ops-primary)", MONDAY, eleven),
        ("Ana on call (ops-primary)", eleven, one),
        ("Bo on call (ops-primary)", one, MONDAY + WEEK),
    ]


def test_a_rotation_with_nobody_gives_an_empty_but_valid_calendar(
    services: Services, app: Any
) -> None:
    assert events(feed_of(services, app, "vacant")) == []


def test_a_wrong_token_or_an_unknown_rotation_is_404(services: Services, app: Any) -> None:
    web = wsgi_app(services, app)
    other = feed_token(SIGNING_SECRET, "vacant")
    for path in (
        "/calendar/ops-primary.ics?token=nope",
        "/calendar/ops-primary.ics",
        f"/calendar/ops-primary.ics?token={other}",  # another rotation's token
        f"/calendar/nope.ics?token={feed_token(SIGNING_SECRET, 'nope')}",
    ):
        assert wsgi_get(web, path) == (404, "not found"), path


def test_oncall_calendar_answers_privately_with_a_link_that_opens_the_feed(
    services: Services, app: Any, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    answer = link(slack, fake_slack)
    assert answer.startswith("*ops-primary*: /calendar/ops-primary.ics?token=")
    # The fast lane's requests carry no Host header, so the link says where to put the address.
    assert "put the address of the server" in answer
    [response] = fake_slack.responses
    assert response.get("response_type") == "ephemeral"
    url = answer.split(": ", 1)[1].split("\n", 1)[0]
    parts = urlsplit(url)
    assert parse_qs(parts.query)["token"] == [feed_token(SIGNING_SECRET, "ops-primary")]
    status, _ = wsgi_get(wsgi_app(services, app), url)
    assert status == 200


def test_oncall_calendar_without_a_rotation_links_every_rotation(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    answer = link(slack, fake_slack, "calendar")
    assert [line.split(":")[0] for line in answer.splitlines() if line.startswith("*")] == [
        "*ops-primary*",
        "*vacant*",
    ]


def test_oncall_calendar_for_an_unknown_rotation_says_which_exist(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    answer = link(slack, fake_slack, "calendar nope")
    assert answer.startswith("There is no rotation `nope`. Rotations: `ops-primary`, `vacant`.")


def test_the_feed_token_depends_on_the_rotation_and_the_signing_secret() -> None:
    assert feed_token("s1", "a") != feed_token("s1", "b")
    assert feed_token("s1", "a") != feed_token("s2", "a")
    assert feed_token("s1", "a") == feed_token("s1", "a")


def test_the_link_is_built_on_the_address_slack_reached_behind_a_proxy(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    headers = {"host": "10.0.0.7:3000", "x-forwarded-host": "tandem.example.com"}
    slack.command("/oncall", "calendar ops-primary", user_id="U0DEV1", headers=headers)
    [answer] = fake_slack.responses_text()
    token = feed_token(SIGNING_SECRET, "ops-primary")
    assert answer.startswith(
        f"*ops-primary*: https://tandem.example.com/calendar/ops-primary.ics?token={token}\n"
    )
    assert "put the address" not in answer
