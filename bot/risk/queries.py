"""Reading the register: one risk, a page of risks, a risk with its history, thread links.

These return data; the handler renders it (bot/risk/blocks.py).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.errors import NotFound
from bot.core.slack_gateway import SlackGateway, SlackSendError
from bot.risk.blocks import Page
from bot.risk.grammar import ListRisks
from bot.risk.model import root_key
from storage import outbox
from storage import risks as repo
from storage.db import SessionFactory, read_connection, unit_of_work
from storage.risks import Risk, RiskAction, RiskEvent

log = logging.getLogger(__name__)

PAGE_SIZE = 15
TOP = 5
HISTORY_SHOWN = 10


@dataclass(frozen=True)
class RiskDetail:
    """One risk as `/risk show` presents it."""

    risk: Risk
    actions: list[RiskAction]
    events: list[RiskEvent]
    total_events: int
    link: str | None


@dataclass(kw_only=True)
class RiskQueries:
    """Reads of the register, each in its own transaction."""

    factory: SessionFactory
    gateway: SlackGateway

    def get(self, number: int) -> Risk:
        """R-<number>.

        Raises:
            NotFound: there is no such risk.
        """
        with unit_of_work(self.factory, readonly=True) as session:
            return load(session, number)

    def list_page(self, cmd: ListRisks, *, user: str, now: datetime) -> Page:
        """One page of the register, highest score first."""
        statuses = tuple(s for s in ("open", "closed") if s in cmd.filters)
        wanted = repo.RiskFilter(
            statuses=statuses,
            owner=user if "mine" in cmd.filters else None,
            team=cmd.team,
            overdue_at=now if "overdue" in cmd.filters else None,
            customer="customer" in cmd.filters,
        )
        top = "top" in cmd.filters
        size = TOP if top else PAGE_SIZE
        page = 1 if top else cmd.page
        with read_connection(self.factory.kw["bind"]) as conn:
            risks, total = repo.search(conn, wanted, offset=(page - 1) * size, limit=size)
        pages = 1 if top else max(1, math.ceil(total / size))
        words = sorted(cmd.filters) + ([f"team:{cmd.team}"] if cmd.team else [])
        return Page(risks, total, page, pages, " ".join(words))

    def show(self, number: int) -> RiskDetail:
        """One risk with its actions, latest history and a link to its thread."""
        with unit_of_work(self.factory, readonly=True) as session:
            risk = load(session, number)
            actions = repo.actions(session, risk.id)
            events, total = repo.history(session, risk.id, HISTORY_SHOWN)
        return RiskDetail(risk, actions, events, total, self.thread_link(number))

    def thread_link(self, number: int) -> str | None:
        """A permalink to the risk's thread, or None while its root is not sent yet."""
        with unit_of_work(self.factory, readonly=True) as session:
            row = outbox.by_key(session, root_key(number))
            sent = (row.sent_channel, row.sent_ts) if row is not None else (None, None)
        channel, ts = sent
        if not channel or not ts:
            return None
        try:
            return self.gateway.permalink(channel, ts)
        except SlackSendError as exc:
            log.warning("permalink failed", extra={"risk": number, "error": exc.error})
            return None


def load(session: Session, number: int, *, lock: bool = False) -> Risk:
    """R-<number> in `session`.

    Raises:
        NotFound: there is no such risk.
    """
    risk = repo.get(session, number, lock=lock)
    if risk is None:
        raise NotFound("risk.error.not_found", ref=f"R-{number}")
    return risk
