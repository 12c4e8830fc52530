"""The composition root: builds every long-lived object once, from Settings, in order.

Each service gets the collaborators it uses, by keyword; the tick steps and exporters are
listed once, here. Nothing else in `bot/` imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.core.clock import Clock, SystemClock
from bot.core.config import DB_POOL_SIZE, Settings
from bot.core.errors import SettingsError
from bot.core.events import EventFanout
from bot.core.exports import Exporter
from bot.core.metrics import Metrics
from bot.core.outbox import Outbox
from bot.core.pacing import ChannelPacer
from bot.core.ports import Escalator
from bot.core.replies import ReplyRouter
from bot.core.slack_gateway import SlackGateway, WebClientGateway, make_client
from bot.core.users import UserDirectory
from bot.core.workspace.load import ConfigError, load_workspace, parse_workspace
from bot.core.workspace.model import WorkspaceConfig
from bot.digest.service import DigestService
from bot.digest.sources import SqlDigestSources
from bot.escalation.export import export_escalations
from bot.escalation.paging import Pager
from bot.escalation.service import EscalationService
from bot.goals.export import export_goals
from bot.goals.home import GoalsHomeSection
from bot.goals.service import GoalService
from bot.home.blocks import SECTIONS
from bot.home.service import HOME_OP, HomeService
from bot.home.sources import SqlHomeReads
from bot.kudos.export import export_kudos
from bot.kudos.home import KudosHomeSection
from bot.kudos.service import KudosService
from bot.lessons.export import export_lessons
from bot.lessons.service import LessonService
from bot.oncall.calendar import CalendarFeed
from bot.oncall.handover import HandoverService
from bot.oncall.load import OnCallLoad
from bot.oncall.service import OnCallService
from bot.retro.service import RetroService
from bot.risk.export import export_risks
from bot.risk.nudges import RiskNudges
from bot.risk.queries import RiskQueries
from bot.risk.service import RiskService
from bot.standup import StandupService
from bot.standup.answers import Answers
from bot.standup.away import Availability
from bot.standup.export import export_standups
from bot.standup.schedule import StandupClock
from bot.standup.status_reports import StatusReports
from bot.webhooks.service import WEBHOOK_OP, Post, Webhooks, http_post
from storage.db import SessionFactory, make_engine, make_session_factory

log = logging.getLogger(__name__)

TickStep = Callable[[datetime], object]


def load_config(settings: Settings) -> WorkspaceConfig:
    """Read tandem.toml; a missing default file means an empty workspace, not an error.

    Raises:
        SettingsError: the file has problems (all listed), or an explicitly named file is
            missing.
    """
    path = Path(settings.config_path)
    if not path.exists() and not settings.config_path_explicit:
        log.warning(
            "no %s found, so Tandem runs with no teams, stand-ups or rotations. To set it up,"
            " copy tandem.example.toml from the Tandem repository to %s, put in your channel"
            " and user ids (README, Configuration, says where to find them), check it with"
            " `tandem config check %s` and restart; TANDEM_CONFIG names another path",
            path,
            path,
            path,
        )
        return parse_workspace("")
    try:
        return load_workspace(path)
    except ConfigError as exc:
        problems = [p.removeprefix(f"{path}: ") for p in exc.problems]
        raise SettingsError(f"{path}: " + "; ".join(problems)) from exc


class WorkspaceHolder:
    """The current tandem.toml, as the `WorkspaceSource` every service reads it through."""

    def __init__(self, config: WorkspaceConfig) -> None:
        self.config = config

    def __call__(self) -> WorkspaceConfig:
        return self.config


@dataclass
class Services:
    """Everything handlers and jobs need; passed explicitly, never through Bolt's context.

    `workspace` may be replaced (a reloaded tandem.toml): services read it through one
    `WorkspaceHolder`, so they see the new file without being rebuilt.
    """

    settings: Settings
    clock: Clock
    config: WorkspaceHolder
    engine: Engine
    factory: SessionFactory
    client: WebClient
    gateway: SlackGateway
    outbox: Outbox
    metrics: Metrics
    users: UserDirectory
    oncall: OnCallService
    calendar: CalendarFeed
    handovers: HandoverService
    escalations: EscalationService
    pager: Pager
    risk_queries: RiskQueries
    risks: RiskService
    standups: StandupService
    digests: DigestService
    goals: GoalService
    kudos: KudosService
    homes: HomeService
    lessons: LessonService
    retros: RetroService
    replies: ReplyRouter  # which prompt a DM answers, across stand-ups and retros
    tick_steps: list[tuple[str, TickStep]]
    exporters: Mapping[str, Exporter]

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        workspace: WorkspaceConfig | None = None,
        engine: Engine | None = None,
        pacer: ChannelPacer | None = None,
        wall: Callable[[], datetime] | None = None,
        escalator: Escalator | None = None,
        gateway: SlackGateway | None = None,
        webhook_post: Post | None = None,
    ) -> Services:
        """Build everything for `settings`; the keyword arguments replace parts (for tests).

        `pacer` and `wall` give the outbox another clock (its waits and claim leases);
        `escalator` replaces the escalation service as the port risks and stand-ups use;
        `gateway` replaces both Slack gateways and `webhook_post` the webhooks' HTTP POST
        (`tandem tick --dry-run`).
        """
        clock = clock or SystemClock()
        current = WorkspaceHolder(workspace if workspace is not None else load_config(settings))
        engine = engine or make_engine(settings.database_url, pool_size=DB_POOL_SIZE)
        factory = make_session_factory(engine)
        metrics = Metrics(engine)
        timeout = settings.slack_timeout
        client = make_client(
            settings.bot_token, settings.api_url, interactive=True, timeout=timeout
        )
        sender = gateway or WebClientGateway(
            make_client(settings.bot_token, settings.api_url, interactive=False, timeout=timeout),
            metrics,
        )
        gateway = gateway or WebClientGateway(client, metrics)
        outbox = Outbox(
            factory,
            sender,
            report_channel=lambda: current().channels.get("escalations"),
            pacer=pacer,
            wall=wall or (lambda: datetime.now(UTC)),
            metrics=metrics,
        )
        users = UserDirectory(factory, gateway, clock, current().timezone)
        webhooks = Webhooks(
            workspace=current,
            wall=wall or (lambda: datetime.now(UTC)),
            metrics=metrics,
            post=webhook_post or http_post,
        )
        outbox.register_op(WEBHOOK_OP, webhooks.deliver)
        digest_sources = SqlDigestSources(factory=factory, workspace=current)
        homes = HomeService(
            factory=factory,
            workspace=current,
            users=users,
            gateway=gateway,
            reads=SqlHomeReads(factory=factory, workspace=current, digest=digest_sources),
            clock=clock,
            # Other features' sections go before the guide, which is last.
            sections=(
                *SECTIONS[:-1],
                GoalsHomeSection(factory=factory, workspace=current),
                KudosHomeSection(factory=factory),
                SECTIONS[-1],
            ),
        )
        outbox.register_op(HOME_OP, homes.deliver)
        events = EventFanout(webhooks, homes)

        oncall = OnCallService(factory=factory, outbox=outbox, users=users, workspace=current)
        handovers = HandoverService(factory=factory, workspace=current, outbox=outbox)
        calendar = CalendarFeed(
            factory=factory, workspace=current, users=users, secret=settings.signing_secret
        )
        escalations = EscalationService(
            factory=factory,
            outbox=outbox,
            workspace=current,
            events=events,
            language_of=lambda user: users.known_locale(user, current().language_for(user)),
        )
        pager = Pager(
            factory=factory,
            workspace=current,
            users=users,
            escalations=escalations,
            gateway=gateway,
        )
        escalator = escalator if escalator is not None else escalations
        risk_queries = RiskQueries(factory=factory, gateway=gateway)
        risks = RiskService(
            factory=factory,
            workspace=current,
            users=users,
            outbox=outbox,
            queries=risk_queries,
            escalator=escalator,
            events=events,
        )
        nudges = RiskNudges(factory=factory, workspace=current, users=users)
        standups = StandupService(
            schedule=StandupClock(
                factory=factory, workspace=current, users=users, outbox=outbox, escalator=escalator
            ),
            answers=Answers(
                factory=factory,
                workspace=current,
                outbox=outbox,
                escalator=escalator,
                events=events,
            ),
            away=Availability(factory=factory, workspace=current, users=users, outbox=outbox),
            status_reports=StatusReports(
                factory=factory, workspace=current, users=users, outbox=outbox
            ),
        )
        goals = GoalService(factory=factory, workspace=current, outbox=outbox, events=events)
        kudos = KudosService(
            factory=factory, workspace=current, users=users, outbox=outbox, events=events
        )
        digests = DigestService(
            factory=factory,
            workspace=current,
            outbox=outbox,
            gateway=gateway,
            sources=digest_sources,
        )
        lessons = LessonService(factory=factory, workspace=current, outbox=outbox)
        retros = RetroService(factory=factory, workspace=current, users=users, outbox=outbox)
        # In tick order (stand-ups, then retros); stand-ups answer a DM when nothing is open.
        replies = ReplyRouter(targets=(standups.answers, retros))
        return cls(
            settings=settings,
            clock=clock,
            config=current,
            engine=engine,
            factory=factory,
            client=client,
            gateway=gateway,
            outbox=outbox,
            metrics=metrics,
            users=users,
            oncall=oncall,
            calendar=calendar,
            handovers=handovers,
            escalations=escalations,
            pager=pager,
            risk_queries=risk_queries,
            risks=risks,
            standups=standups,
            digests=digests,
            goals=goals,
            kudos=kudos,
            homes=homes,
            lessons=lessons,
            retros=retros,
            replies=replies,
            # In this order; digests run last: they read what the other steps just recorded.
            tick_steps=[
                ("handoffs", oncall.tick),
                ("handovers", handovers.tick),
                ("escalations", escalations.tick),
                ("risks", nudges.tick),
                ("standups", standups.schedule.tick),
                ("status_reports", standups.status_reports.tick),
                ("home", homes.tick),
                ("retros", retros.tick),
                ("digests", digests.tick),
            ],
            exporters={
                "standups": lambda since: export_standups(factory, current().timezone, since),
                "risks": partial(export_risks, factory),
                "escalations": partial(export_escalations, factory),
                "goals": partial(export_goals, factory),
                "kudos": partial(export_kudos, factory),
                "lessons": partial(export_lessons, factory),
                "oncall": OnCallLoad(factory=factory, workspace=current, now=clock.now).export,
            },
        )

    @property
    def workspace(self) -> WorkspaceConfig:
        return self.config.config

    @workspace.setter
    def workspace(self, config: WorkspaceConfig) -> None:
        self.config.config = config

    @property
    def escalator(self) -> Escalator | None:
        """The port risks and stand-ups start escalations through."""
        return self.risks.escalator

    def close(self) -> None:
        """Record pending metrics and release database connections (the CLI's commands end
        with this)."""
        self.metrics.stop_flusher()
        self.metrics.flush()
        self.engine.dispose()
