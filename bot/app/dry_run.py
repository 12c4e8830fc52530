"""`tandem tick --dry-run`: the real tick, with every write to Slack printed instead of sent
and every write to the database rolled back.

Nothing here decides anything: the tick runs its own code paths, so what is printed is what
`tandem tick` would send at that time. Two stand-ins make it harmless:

* `PrintingGateway` answers Slack's writes (posts, updates, uploads, …) with a made-up
  timestamp and records one line each; reads (users, permalinks) go to Slack as usual.
* `rolled_back_engine` gives the whole tick one database connection in one transaction: the
  units of work's commits do not reach the driver, and the transaction is rolled back at the
  end. On SQLite it holds the write lock from the tick's first write until then (a web
  process's writes wait for it, up to the busy timeout).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool

from bot.core.slack_gateway import Posted, SlackGateway, SlackUserInfo, Upload
from storage.db import make_engine

LINE_TEXT = 100  # characters of a message shown on its line


class PrintingGateway:
    """A SlackGateway that records what would be written and reads through `real`."""

    def __init__(self, real: SlackGateway) -> None:
        self.real = real
        self.lines: list[str] = []
        self._ts = itertools.count(1)

    def _say(self, what: str, where: str, text: str) -> None:
        first = " ".join(text.split())
        if len(first) > LINE_TEXT:
            first = first[: LINE_TEXT - 1] + "…"
        self.lines.append(f"{what:<9} {where:<12} {first}")

    def post(
        self,
        channel: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Posted:
        self._say("reply" if thread_ts else "post", channel, text)
        return Posted(channel, f"{next(self._ts)}.000000")

    def update(
        self, channel: str, ts: str, text: str, blocks: Sequence[dict[str, Any]] | None = None
    ) -> None:
        self._say("update", channel, text)

    def post_ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        self._say("ephemeral", user, text)

    def open_modal(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._say("modal", trigger_id, str(view.get("title", {}).get("text", "")))

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        self._say("home", user, "App Home")

    def post_webhook(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> int:
        """The webhooks' `Post`: recorded, answered 200, never sent."""
        self._say("webhook", headers.get("X-Tandem-Event", ""), url)
        return 200

    def update_usergroup(self, usergroup: str, users: Sequence[str]) -> None:
        self._say("usergroup", usergroup, ", ".join(users))

    def upload(self, channel: str, thread_ts: str | None, files: Sequence[Upload]) -> None:
        self._say("upload", channel, ", ".join(f.filename for f in files))

    def user_info(self, user: str) -> SlackUserInfo:
        return self.real.user_info(user)

    def list_users(self) -> list[SlackUserInfo]:
        return self.real.list_users()

    def permalink(self, channel: str, ts: str) -> str:
        return self.real.permalink(channel, ts)

    def find_by_metadata(
        self, channel: str, key: str, oldest: str | None, thread_ts: str | None = None
    ) -> Posted | None:
        return None  # nothing this run "posted" reached Slack

    def team_url(self) -> str:
        return self.real.team_url()


def rolled_back_engine(url: str) -> tuple[Engine, Callable[[], None]]:
    """An engine over one connection whose commits and rollbacks do not reach the driver, so
    the whole tick is one transaction; and the call that rolls it back."""
    engine = make_engine(url, poolclass=StaticPool)
    dialect = engine.dialect  # each engine has its own: patching it touches no other engine
    rollback = dialect.do_rollback
    # The pre-ping too: psycopg pings by switching autocommit, which it refuses mid-transaction.
    patched: dict[str, Any] = {
        "do_commit": lambda _connection: None,
        "do_rollback": lambda _connection: None,
        "do_ping": lambda _connection: True,
    }
    vars(dialect).update(patched)

    def release() -> None:
        held = engine.raw_connection()
        try:
            rollback(held)
        finally:
            held.close()
            engine.dispose()

    return engine, release
