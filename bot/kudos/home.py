"""App Home's *Kudos you received* section: a callable App Home calls with the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.kudos.blocks import home_blocks
from storage import kudos as repo
from storage.db import SessionFactory, unit_of_work

SHOWN = 3  # the newest kudos quoted
WINDOW = timedelta(days=90)  # "received" means in the last 90 days


class Viewer(Protocol):
    """Who App Home is drawn for (bot.home's HomeData has these)."""

    @property
    def user(self) -> str: ...

    @property
    def now(self) -> datetime: ...


@dataclass(kw_only=True)
class KudosHomeSection:
    """How many kudos the viewer received in the last 90 days, and the newest three."""

    factory: SessionFactory

    def __call__(self, data: Viewer) -> list[Any]:
        with unit_of_work(self.factory, readonly=True) as session:
            found = repo.received_since(session, data.user, data.now - WINDOW)
        newest = [(k.giver, k.text) for k in reversed(found[-SHOWN:])]
        return home_blocks(len(found), newest)
