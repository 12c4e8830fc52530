"""The user directory: people remembered in memory for a while, the database row their truth."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, SlackError
from bot.core.clock import FixedClock
from bot.core.users import REMEMBER_FOR, UserDirectory
from storage.db import count_statements


class Monotonic:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def directory(services: Services, clock: FixedClock, monotonic: Monotonic) -> UserDirectory:
    return UserDirectory(
        services.factory, services.gateway, clock, ZoneInfo("UTC"), monotonic=monotonic
    )


def test_a_person_read_again_soon_costs_no_database_read_nor_slack_call(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0ANA", tz="Europe/Berlin")
    users = directory(services, clock, Monotonic())
    assert users.get("U0ANA").tz == ZoneInfo("Europe/Berlin")
    with count_statements(services.engine) as statements:
        again = users.get("U0ANA")
    assert again.tz == ZoneInfo("Europe/Berlin")
    assert statements == []
    assert len(fake_slack.calls_to("users.info")) == 1


def test_a_personal_zone_applies_at_once_in_the_process_that_set_it(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0ANA", tz="Europe/Berlin")
    users = directory(services, clock, Monotonic())
    users.get("U0ANA")
    users.set_timezone("U0ANA", "Asia/Tokyo")
    assert users.get("U0ANA").tz == ZoneInfo("Asia/Tokyo")
    users.set_timezone("U0ANA", None)
    assert users.get("U0ANA").tz == ZoneInfo("Europe/Berlin")


def test_a_change_made_by_another_process_is_seen_once_the_memory_lapses(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0ANA", tz="Europe/Berlin")
    monotonic = Monotonic()
    here = directory(services, clock, monotonic)
    elsewhere = directory(services, clock, Monotonic())  # another gunicorn worker
    here.get("U0ANA")
    elsewhere.set_timezone("U0ANA", "Asia/Tokyo")
    monotonic.now += REMEMBER_FOR - 1
    assert here.get("U0ANA").tz == ZoneInfo("Europe/Berlin")
    monotonic.now += 2
    assert here.get("U0ANA").tz == ZoneInfo("Asia/Tokyo")


def test_a_remembered_profile_is_still_refreshed_from_slack_after_a_day(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0ANA", tz="Europe/Berlin")
    users = directory(services, clock, Monotonic())
    users.get("U0ANA")
    fake_slack.add_user("U0ANA", tz="America/Chicago")  # moved; the profile says so
    clock.advance(timedelta(days=1, seconds=1))
    assert users.get("U0ANA").tz == ZoneInfo("America/Chicago")
    assert len(fake_slack.calls_to("users.info")) == 2


def test_a_slack_failure_is_not_remembered(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    users = directory(services, clock, Monotonic())
    fake_slack.fail("users.info", SlackError("fatal_error"))
    assert not users.get("U0ANA").known
    fake_slack.add_user("U0ANA", tz="Europe/Berlin")
    assert users.get("U0ANA").tz == ZoneInfo("Europe/Berlin")
