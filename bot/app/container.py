"""The composition root: builds every long-lived object once, from Settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.core.clock import Clock, SystemClock
from bot.core.config import Settings
from bot.core.errors import SettingsError
from bot.core.outbox import ChannelPacer, Outbox
from bot.core.ports import Escalator
from bot.core.slack_gateway import SlackGateway, WebClientGateway, make_client
from bot.core.users import UserDirectory
from bot.core.workspace.load import ConfigError, load_workspace, parse_workspace
from bot.core.workspace.model import WorkspaceConfig
from bot.digest.service import DigestService
from bot.digest.sources import default_sources
from bot.escalation.service import EscalationService
from bot.oncall.service import OnCallService
from storage import deliveries
from storage.db import SessionFactory, make_engine, make_session_factory, unit_of_work

if TYPE_CHECKING:
    from bot.risk.service import RiskService
    from bot.standup import StandupService

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
        log.warning("no %s found; running with an empty workspace configuration", path)
        return parse_workspace("")
    try:
        return load_workspace(path)
    except ConfigError as exc:
        problems = [p.removeprefix(f"{path}: ") for p in exc.problems]
        raise SettingsError(f"{path}: " + "; ".join(problems)) from exc


@dataclass
class Services:
    """Everything handlers and jobs need; passed explicitly, never through Bolt's context."""

    settings: Settings
    clock: Clock
    workspace: WorkspaceConfig
    engine: Engine
    factory: SessionFactory
    client: WebClient
    gateway: SlackGateway
    outbox: Outbox
    users: UserDirectory
    tick_steps: list[tuple[str, TickStep]] = field(default_factory=list)
    # Starts and stops escalations for risks and blockers (bot/subjects.py); set by the
    # escalation service when it is built.
    escalator: Escalator | None = None
    digests: DigestService = field(init=False)
    risks: RiskService = field(init=False)
    oncall: OnCallService = field(init=False)
    escalations: EscalationService = field(init=False)
    standups: StandupService = field(init=False)

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        workspace: WorkspaceConfig | None = None,
        engine: Engine | None = None,
        pacer: ChannelPacer | None = None,
    ) -> Services:
        clock = clock or SystemClock()
        workspace = workspace if workspace is not None else load_config(settings)
        engine = engine or make_engine(settings.database_url)
        factory = make_session_factory(engine)
        timeout = settings.slack_timeout
        client = make_client(
            settings.bot_token, settings.api_url, interactive=True, timeout=timeout
        )
        gateway = WebClientGateway(client)
        outbox_gateway = WebClientGateway(
            make_client(settings.bot_token, settings.api_url, interactive=False, timeout=timeout)
        )
        outbox = Outbox(
            factory,
            outbox_gateway,
            report_channel=lambda: workspace.channels.get("escalations"),
            pacer=pacer,
        )
        users = UserDirectory(factory, gateway, clock, workspace.timezone)
        services = cls(settings, clock, workspace, engine, factory, client, gateway, outbox, users)
        services.oncall = OnCallService(factory, outbox, users, lambda: services.workspace)
        services.escalations = EscalationService(factory, outbox, lambda: services.workspace)
        services.escalator = services.escalations
        services.tick_steps += [
            ("handoffs", services.oncall.tick),
            ("escalations", services.escalations.tick),
        ]
        # Imported here: risk and standup register exporters, which need this module.
        from bot.risk.nudges import RiskNudges
        from bot.risk.service import RiskService
        from bot.standup import install as install_standups

        services.risks = RiskService(services)
        services.tick_steps.append(("risks", RiskNudges(services).tick))
        services.standups = install_standups(services)
        # Digests run last: they read what the other steps just recorded.
        services.digests = DigestService(
            factory, workspace, outbox, gateway, default_sources(services)
        )
        services.tick_steps.append(("digests", services.digests.tick))
        return services

    def close(self) -> None:
        """Release database connections (the CLI's commands end with this)."""
        self.engine.dispose()

    def claim_delivery(self, key: str) -> bool:
        """Record a Slack delivery in its own transaction; False when it was already handled.

        For effects with a transaction of their own, claim inside that transaction instead
        (`storage.deliveries.claim`), so a failed first attempt is processed on the retry.
        """
        with unit_of_work(self.factory) as session:
            return deliveries.claim(session, key, self.clock.now())
