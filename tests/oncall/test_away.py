"""One availability model: away periods and team holidays, in each person's zone, decide
stand-up prompts and who a rotation puts on call (an implicit cover, said everywhere)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.availability import load_away
from bot.core.away import AwayCalendar
from bot.core.clock import FixedClock
from bot.core.workspace.load import parse_workspace
from bot.oncall import rota
from bot.oncall.service import load_rotas
from bot.standup import rules
from storage.db import unit_of_work
from storage.standups import prompts as standup_repo
from tests.support.oncall import ONCALL_TOML
from tests.support.slack import dm_channel
from tests.support.workspace import header, rotation, standup, team, toml

# ops-primary: U0SRE2 is on call until Monday 30 November 10:00 New York time, then U0SRE1.
BOUNDARY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def people(fake: FakeSlack) -> None:
    fake.add_user("U0SRE1", tz="America/New_York")
    fake.add_user("U0SRE2", tz="Europe/Berlin")
    fake.add_user("U0OPSMGR", tz="America/New_York")


def status_line(slack: SlackDriver, fake: FakeSlack, user: str = "U0OPSMGR") -> str:
    slack.command("/oncall", "", user_id=user)
    return str(fake.responses[-1]["text"]).split("\n")[0]


def test_an_away_on_call_person_is_covered_by_the_next_member_and_oncall_says_so(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    slack.command("/standup", "away today to friday", user_id="U0SRE2")
    # Away until Friday 27 November in Berlin: back at Saturday 00:00 CET (Fri 18:00 in NY).
    assert status_line(slack, fake_slack) == (
        "*ops-primary* (Platform operations): on call now <@U0SRE1> (covers for <@U0SRE2>, "
        "away) until Fri 27 Nov 18:00 EST · next <@U0SRE2> from Fri 27 Nov 18:00 EST until "
        "Mon 30 Nov 10:00 EST"
    )


def test_with_everybody_away_the_scheduled_person_stays_on_call_and_it_is_said(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    slack.command("/standup", "away today to tomorrow", user_id="U0SRE2")
    slack.command("/standup", "skip today", user_id="U0SRE1")
    line = status_line(slack, fake_slack)
    assert line.startswith(
        "*ops-primary* (Platform operations): on call now <@U0SRE2> (everyone on this rotation "
        "is away) until Wed 25 Nov 00:00 EST · next <@U0SRE1> (covers for <@U0SRE2>, away)"
    )


def test_an_override_wins_over_an_away_period(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    people(fake_slack)
    slack.command("/standup", "away today to friday", user_id="U0SRE1")
    slack.command(
        "/oncall", "override ops-primary <@U0SRE1> now to tomorrow 9am", user_id="U0OPSMGR"
    )
    assert status_line(slack, fake_slack).startswith(
        "*ops-primary* (Platform operations): on call now <@U0SRE1> until Wed 25 Nov 09:00 EST"
    )


def test_the_hand_off_to_a_cover_names_who_is_covered_ahead_and_at_the_change(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    people(fake_slack)
    services.users.get_many(["U0SRE1", "U0SRE2"])
    slack.command("/standup", "away tomorrow to friday", user_id="U0SRE2")
    # SRE2's Wednesday starts at 00:00 in Berlin: Tuesday 23:00 UTC.
    change = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    jobs.tick(services, clock.now())
    [dm] = fake_slack.messages_text(dm_channel("U0SRE1"))
    assert dm.startswith(
        f"Heads-up: you are on call for *ops-primary* from <!date^{int(change.timestamp())}^"
    )
    assert dm.endswith("Covering for <@U0SRE2>, who is away.")
    clock.set(change + timedelta(minutes=1))
    jobs.tick(services, clock.now())
    jobs.tick(services, clock.now())
    [post] = fake_slack.messages_text("C0OPS")
    assert post.startswith("<@U0SRE1> is on call for *ops-primary* until <!date^")
    assert post.endswith("(from <@U0SRE2>). Covering for <@U0SRE2>, who is away.")


def test_away_is_the_persons_own_local_date() -> None:
    ws = parse_workspace(ONCALL_TOML)
    calendar = AwayCalendar(
        zones={"U0A": ZoneInfo("Asia/Shanghai")},
        periods={"U0A": ((date(2026, 11, 25), date(2026, 11, 25)),)},
        default_tz=ws.timezone,
    )
    # Tuesday 16:00 UTC is already Wednesday 00:00 in Shanghai.
    assert not calendar.is_away("U0A", datetime(2026, 11, 24, 15, 59, tzinfo=UTC))
    assert calendar.is_away("U0A", datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
    assert not calendar.is_away("U0A", datetime(2026, 11, 25, 16, 0, tzinfo=UTC))
    assert calendar.edges(
        ["U0A"], datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    ) == [datetime(2026, 11, 24, 16, 0, tzinfo=UTC), datetime(2026, 11, 25, 16, 0, tzinfo=UTC)]


HOLIDAY_TOML = toml(
    header(),
    team("ops", holidays=["2026-11-26"]),
    standup(team="ops", participants=["U0SRE1", "U0SRE2"]),
    rotation("ops-primary"),
)


def test_a_team_holiday_makes_its_members_away_and_the_rotation_resolves_past_them(
    services: Services,
) -> None:
    ws = parse_workspace(HOLIDAY_TOML)
    thursday = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    with unit_of_work(services.factory) as session:
        rotas = load_rotas(session, ws, ["ops-primary"], thursday, thursday)
    duty = rotas["ops-primary"].duty(thursday)
    # Both members are on the ops holiday: SRE2 stays on call, and it is said.
    assert duty == rota.Duty("U0SRE2", "U0SRE2", all_away=True)


def test_stand_up_prompting_and_the_availability_model_agree_on_every_day(
    services: Services,
) -> None:
    """Over three weeks, for people of one team: a stand-up day is not prompted exactly when
    the availability model says the person is away (away periods, skips, holidays)."""
    ws = parse_workspace(HOLIDAY_TOML)
    standup_cfg, ops = ws.standups[0], ws.team("ops")
    now = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    with unit_of_work(services.factory) as session:
        for key, user, start, end in (
            ("a", "U0SRE1", date(2026, 11, 30), date(2026, 12, 2)),
            ("b", "U0SRE2", date(2026, 12, 4), date(2026, 12, 4)),
        ):
            standup_repo.add_away(session, key=key, user_id=user, start=start, end=end, now=now)
    for user in ("U0SRE1", "U0SRE2"):
        with unit_of_work(services.factory) as session:
            calendar = load_away(
                session, ws, [user], now, now + timedelta(days=21), zones={user: ops.timezone}
            )
            periods = standup_repo.away_days(
                session, [user], date(2026, 11, 24), date(2026, 12, 15)
            ).get(user, [])
        for offset in range(21):
            day = date(2026, 11, 24) + timedelta(days=offset)
            if day.weekday() not in standup_cfg.days:
                continue
            local_nine = rules.local_instant(day, standup_cfg.time, ops.timezone)
            prompted = rules.is_standup_day(standup_cfg, ops, day) and not standup_repo.is_away(
                periods, day
            )
            assert prompted == (not calendar.is_away(user, local_nine)), (user, day)
