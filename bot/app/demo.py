"""`tandem demo`: a scripted week of the real application against the local Slack stand-in.

Nothing is canned. The demo builds Tandem as `tandem serve` does, on a temporary SQLite
database, against `bot.app.standin`'s fake Slack Web API. It then plays a week through the
real code paths: signed deliveries into the Bolt app, and ticks of the real scheduler at
chosen times. What each person and channel would see is read back from the stand-in and
printed. If a feature breaks, the demo shows it.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from slack_bolt import App

from bot.app import jobs
from bot.app.container import Services
from bot.app.preflight import ensure_schema
from bot.app.slack_app import build_app
from bot.app.standin.executor import InlineExecutor
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SIGNING_SECRET,
    SlackDriver,
    app_home_opened,
    plain_text_value,
    state_values,
    static_select_value,
)
from bot.app.transcript import Transcript, shown, write_images
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.pacing import ChannelPacer

PEOPLE = {  # id: (name, zone)
    "U0PM": ("Priya (PM)", "America/New_York"),
    "U0DEV1": ("Lena", "Europe/Berlin"),
    "U0DEV2": ("Wei", "Asia/Shanghai"),
    "U0OPSMGR": ("Omar (ops lead)", "America/New_York"),
    "U0SRE1": ("Sam (SRE)", "America/New_York"),
    "U0SRE2": ("Jonas (SRE)", "Europe/Berlin"),
}
CHANNELS = {"C0APOLLO": "#apollo", "C0OPS": "#ops", "C0RISKS": "#risks", "C0ESCAL": "#escalations"}
CHANNELS |= {"C0DIGEST": "#digest"}
MONDAY = datetime(2026, 11, 30, tzinfo=ZoneInfo("America/New_York"))

WORKSPACE = """
timezone = "America/New_York"
admins = ["U0PM"]

[channels]
digest = "C0DIGEST"
risks = "C0RISKS"
escalations = "C0ESCAL"

[[teams]]
id = "apollo"
name = "Apollo launch"
kind = "project"
channel = "C0APOLLO"
lead = "U0PM"
members = ["U0PM", "U0DEV1", "U0DEV2"]

[[teams]]
id = "ops"
name = "Platform operations"
kind = "ops"
channel = "C0OPS"
lead = "U0OPSMGR"
members = ["U0OPSMGR", "U0SRE1", "U0SRE2"]

[[standups]]
id = "apollo-daily"
team = "apollo"
time = "09:30"
questions = ["What did you finish since last time?", "What will you do today?",
             "Anything blocking you?"]
blocker_question = 3
remind_after = "1h"
report_at = "11:00"

[[status_reports]]
id = "apollo-weekly"
team = "apollo"
day = "thu"
time = "14:00"

[[rotations]]
id = "ops-primary"
team = "ops"
members = ["U0SRE1", "U0SRE2"]
start = "2026-11-02T10:00"
length = "1w"

[[escalation_policies]]
id = "default"
levels = [
  { notify = ["owner"], after = "15m" },
  { notify = ["rotation:ops-primary"], after = "15m" },
  { notify = ["lead:ops", "lead:apollo"], after = "30m" },
]

[[digests]]
id = "weekly"
channel = "digest"
day = "fri"
time = "16:00"
period = "7d"
teams = ["apollo", "ops"]
charts = true
"""


@dataclass
class Week:
    """The running demo: Tandem, the stand-in, the clock, and what has been shown so far."""

    services: Services
    fake: FakeSlack
    slack: SlackDriver
    clock: FixedClock
    transcript: Transcript
    out: Path | None
    shown_as: dict[tuple[str, str], str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    answered: int = 0

    def at(self, day: int, hour: int, minute: int = 0, zone: str = "America/New_York") -> None:
        """Move to `hour:minute` on the week's `day` (0 = Monday) in `zone`, and tick."""
        local = (MONDAY + timedelta(days=day)).astimezone(ZoneInfo(zone))
        when = local.replace(hour=hour, minute=minute).astimezone(UTC)
        self.clock.set(when)
        jobs.tick(self.services, when)
        self.show_new()

    def says(self, user: str, text: str) -> None:
        """`user` DMs the bot."""
        self.transcript.show(shown({"text": text}, "DM to Tandem", PEOPLE[user][0], NAMES))
        self.slack.im(user, text)
        self.show_new()

    def command(self, user: str, command: str, text: str, channel: str = "C0APOLLO") -> None:
        self.transcript.show(
            shown(
                {"text": f"{command} {text}"},
                CHANNELS.get(channel, channel),
                PEOPLE[user][0],
                NAMES,
            )
        )
        self.slack.command(command, text, user_id=user, channel_id=channel)
        self.show_new(ephemeral_for=user)

    def click(self, user: str, action_id: str, where: str, label: str) -> None:
        """`user` presses the button `action_id` on the newest message in `where` showing it."""
        message = self._with_button(where, action_id)
        value = next(
            str(e.get("value", ""))
            for b in message.get("blocks", [])
            for e in [*b.get("elements", []), b.get("accessory") or {}]
            if e.get("action_id") == action_id
        )
        self.transcript.show(
            shown({"text": f"presses *{label}*"}, label_of(where), PEOPLE[user][0], NAMES)
        )
        self.slack.action(action_id, value, user_id=user, message_ts=str(message["ts"]))
        self.show_new(ephemeral_for=user)

    def opens_home(self, user: str) -> None:
        """`user` opens Tandem's Home tab, which Tandem publishes for them."""
        self.slack.event(app_home_opened(user))
        view = self.fake.home_views.get(user)
        if view is not None:
            self.transcript.show(shown(view, f"App Home of {PEOPLE[user][0]}", "Tandem", NAMES))
        self.show_new(ephemeral_for=user)

    def submit(self, user: str, values: dict[str, Any]) -> None:
        view = self.fake.last_view()
        if view is not None:
            self.transcript.show(shown(view, "form", PEOPLE[user][0], NAMES))
        self.slack.submit_view(values, user_id=user)
        self.show_new(ephemeral_for=user)

    def _with_button(self, where: str, action_id: str) -> dict[str, Any]:
        for message in reversed(self.fake.messages(where)):
            if action_id in json.dumps(message.get("blocks", [])):
                return dict(message)
        raise LookupError(f"no message in {where} has the button {action_id}")

    def show_new(self, ephemeral_for: str | None = None) -> None:
        """Print every message that appeared or changed since the last look, new charts, and
        the answers only `ephemeral_for` sees."""
        for message in self.fake.messages():
            where = (str(message["channel"]), str(message["ts"]))
            content = json.dumps(message, sort_keys=True)
            if self.shown_as.get(where) == content:
                continue
            updated = where in self.shown_as
            self.shown_as[where] = content
            label = label_of(where[0]) + (" (updated)" if updated else "")
            self.transcript.show(shown(message, label, "Tandem", NAMES))
        for record in self.fake.uploaded_files():
            if record["id"] in self.files:
                continue
            self.files.add(str(record["id"]))
            paths = write_images([record], self.out) if self.out is not None else []
            item = shown(
                {"text": f":bar_chart: {record.get('title') or record['name']}"},
                label_of(str(record.get("channel"))),
                "Tandem",
                NAMES,
            )
            self.transcript.show(replace(item, images=tuple(paths), thread=True))
        responses = self.fake.responses[self.answered :]
        self.answered = len(self.fake.responses)
        for response in responses:
            who = PEOPLE[ephemeral_for][0] if ephemeral_for else "you"
            self.transcript.show(shown(response, f"only visible to {who}", "Tandem", NAMES))


NAMES = {user: name for user, (name, _) in PEOPLE.items()} | CHANNELS


def label_of(channel: str) -> str:
    if channel in CHANNELS:
        return CHANNELS[channel]
    user = "U" + channel[1:] if channel.startswith("D") else channel
    return f"DM with {NAMES.get(user, user)}" if user in NAMES else channel


def standup(week: Week, day: int, answers: dict[str, tuple[str, str, str]]) -> None:
    """Tick at 09:30 in each zone, east to west; those in `answers` reply to their prompt."""
    for user in ("U0DEV2", "U0DEV1", "U0PM"):
        week.at(day, 9, 30, PEOPLE[user][1])
        for text in answers.get(user, ()):
            week.says(user, text)


def play(week: Week, pause: Callable[[], None]) -> None:
    """The scripted week. Each day ticks at the moments things fall due."""
    t = week.transcript
    t.scene("Sunday evening: Tandem starts and sees the schedules for the first time")
    week.at(-1, 20)

    t.scene("Monday: each person is asked at 09:30 in their own zone")
    standup(
        week,
        0,
        {
            "U0DEV2": ("Finished the onboarding copy", "Wire up the pricing page", "none"),
            "U0DEV1": ("Payment form validation", "Vendor API integration", "No API keys yet"),
            "U0PM": ("Signed off the beta scope", "Chase the vendor", "none"),
        },
    )
    week.command("U0DEV2", "/standup", "away tue to wed")
    week.at(0, 11, 0)
    pause()

    t.scene("Tuesday: Wei is away and not asked; Lena is still blocked")
    standup(
        week,
        1,
        {
            "U0DEV1": ("Mocked the vendor API", "Tests against the mock", "No API keys yet"),
            "U0PM": ("Escalated to the vendor", "Beta checklist", "none"),
        },
    )
    week.at(1, 11, 0)
    pause()

    t.scene("Wednesday: the blocker becomes a risk, turns critical and pages")
    standup(
        week,
        2,
        {
            "U0DEV1": ("Tests against the mock", "Retry logic", "No API keys yet, day 3"),
            "U0PM": ("Beta checklist", "Vendor call", "none"),
        },
    )
    week.command(
        "U0PM", "/risk", "add Vendor API keys not issued p:4 i:3 owner:<@U0DEV1> team:apollo"
    )
    week.at(2, 9, 45)
    week.command("U0PM", "/risk", "update R-1 p:5 i:5")
    week.command("U0PM", "/risk", "escalate R-1")
    week.at(2, 10, 1)  # Lena, the owner, was paged first and did not acknowledge
    week.click("U0SRE1", ActionId.ESCALATION_ACK, "D0SRE1", "Acknowledge")
    week.command("U0DEV1", "/risk", "list")
    pause()

    t.scene("Thursday: Wei is back; the weekly status report")
    standup(
        week,
        3,
        {
            "U0DEV2": ("Back from two days off", "Pricing page review", "none"),
            "U0DEV1": ("Retry logic", "Switch to the real keys", "none"),
            "U0PM": ("Vendor call: keys arrive Friday", "Status report", "none"),
        },
    )
    week.at(3, 14, 0)
    week.click("U0PM", ActionId.STATUS_REPORT_OPEN, "D0PM", "Write report")
    week.submit(
        "U0PM",
        state_values(
            static_select_value("rag", "value", "amber"),
            plain_text_value("progress", "value", "70%"),
            plain_text_value("milestone", "value", "Public beta"),
            plain_text_value("milestone_date", "value", "2026-12-15"),
            plain_text_value("risks", "value", "Vendor keys (R-1), being chased with ops"),
        ),
    )
    pause()

    t.scene("Friday: who is on call, and the merged project + ops digest with its charts")
    standup(
        week,
        4,
        {
            "U0DEV2": ("Pricing page review", "Beta smoke tests", "none"),
            "U0DEV1": ("Real keys work", "Remove the mock", "none"),
        },
    )
    week.command("U0OPSMGR", "/oncall", "", channel="C0OPS")
    week.command("U0PM", "/kudos", "<@U0SRE1> for picking up the vendor page within minutes")
    week.command("U0PM", "/lesson", "add Ask vendors for API keys at kickoff risk:R-1")
    week.opens_home("U0PM")
    week.at(4, 16, 0)
    week.at(4, 16, 1)  # charts go into the digest's thread once its root is sent


@contextmanager
def demo_week(console: Console, out: Path | None) -> Iterator[Week]:
    with tempfile.TemporaryDirectory(prefix="tandem-demo-") as folder, FakeSlack() as fake:
        for user, (name, zone) in PEOPLE.items():
            fake.add_user(user, tz=zone, name=name.split()[0].lower(), real_name=name)
        config = Path(folder) / "tandem.toml"
        config.write_text(WORKSPACE)
        settings = Settings.from_env(
            {
                "SLACK_BOT_TOKEN": "xoxb-demo",
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": fake.url,
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'demo.db'}",
                "TANDEM_CONFIG": str(config),
            }
        )
        clock = FixedClock(MONDAY.astimezone(UTC))
        pacer = ChannelPacer(0.0, sleep=lambda _seconds: None)  # the stand-in has no limits
        services = Services.build(settings, clock=clock, pacer=pacer)
        try:
            ensure_schema(services.engine)
            app: App = build_app(
                services, process_before_response=True, listener_executor=InlineExecutor()
            )
            transcript = Transcript(console, NAMES, lambda user: ZoneInfo(PEOPLE[user][1]))
            yield Week(services, fake, SlackDriver(app, fake), clock, transcript, out)
        finally:
            services.close()


# The messages `make screenshots` renders for the README: (file, where, first line).
SCREENS = (
    ("prompt", "DM with Lena", "Apollo launch stand-up for Mon"),
    ("report", "#apollo", "Apollo launch stand-up · Tue"),
    ("risk", "#risks (updated)", "R-1 · Vendor API keys"),
    ("page", "DM with Sam", "🚨 You are paged"),
    ("status-report", "DM with Priya", "Status report of Apollo launch"),
    ("digest", "#digest", "Weekly digest"),
    ("app-home", "App Home of Priya", ""),
)


def write_screens(transcript: Transcript, folder: Path) -> None:
    """One small page per showcase message, for headless Chromium to photograph."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, where, starts in SCREENS:
        item = transcript.first(where, starts)
        if item is not None:
            (folder / f"{name}.html").write_text(transcript.html([("", item)]), encoding="utf-8")


def run(*, out: Path | None, step: bool, console: Console | None = None) -> int:
    """Play the week; write `transcript.html` and the charts to `out` when given."""
    console = console or Console(highlight=False)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

    def pause() -> None:
        if step:
            console.input("[dim]Enter for the next day…[/dim]")

    logging.getLogger("bot").setLevel(logging.WARNING)  # the transcript is the output
    with demo_week(console, out) as week:
        play(week, pause)
        if out is not None:
            (out / "transcript.html").write_text(week.transcript.html(), encoding="utf-8")
            write_screens(week.transcript, out / "screens")
            console.print(f"Wrote {out / 'transcript.html'} and the charts to {out}")
    return 0
