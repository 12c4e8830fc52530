"""Queues an outbox row per subscribed webhook when an event is emitted, and POSTs it.

The row's `channel` names the webhook by its id (a hash of its URL) and its `text` is the JSON
body, fixed when the event happened. The POST is signed when it is sent, so a retry carries a
fresh timestamp that a receiver's replay window accepts. A 2xx records the row as sent (never
POSTed again); anything else is retried with the outbox's back-off until it succeeds.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.core.events import EVENT_NAMES, Event
from bot.core.metrics import Metrics
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackSendError
from bot.webhooks.signing import sign
from storage import outbox as outbox_repo

log = logging.getLogger(__name__)

# (url, body, headers, timeout) -> the HTTP status; raises OSError/ValueError when no answer.
Post = Callable[[str, bytes, Mapping[str, str], float], int]


def http_post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    """POST `body` to `url`; the answer's status (an HTTP error status too)."""
    request = urllib.request.Request(  # noqa: S310  (http(s) only: checked in load.py)
        url, data=body, method="POST", headers=dict(headers)
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


WEBHOOK_OP = "webhook"
TIMEOUT = 10.0
USER_AGENT = "Tandem-Webhooks/1"


@dataclass(kw_only=True)
class Webhooks:
    """The `Events` port's listener for `[[webhooks]]`, and the outbox's sender of their rows."""

    workspace: WorkspaceSource
    wall: Callable[[], datetime] = lambda: datetime.now(UTC)
    metrics: Metrics | None = None
    timeout: float = TIMEOUT
    post: Post = http_post  # `tandem tick --dry-run` prints instead

    def emit(self, session: Session, event: Event) -> list[str]:
        """Queue the event for every webhook subscribed to it; returns the new outbox keys."""
        keys: list[str] = []
        if event.name not in EVENT_NAMES:  # internal (App Home's), never sent out
            return keys
        for hook in self.workspace().webhooks:
            if event.name not in hook.events:
                continue
            key = f"webhook:{hook.id}:{event.key}"
            body = {
                "id": key,
                "event": event.name,
                "at": event.at.isoformat(),
                "data": dict(event.data),
            }
            text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
            added = outbox_repo.enqueue(
                session, key=key, channel=hook.id, text=text, now=event.at, op=WEBHOOK_OP
            )
            if added:
                keys.append(key)
        return keys

    def deliver(self, row: outbox_repo.Claimed) -> None:
        """POST one queued event, signed now.

        Raises:
            SlackSendError: "webhook_removed" (for good) when its entry left tandem.toml;
                otherwise `http_<status>`, "timeout" or "connection: …", retried with back-off.
        """
        hook = self.workspace().webhook(row.channel)
        if hook is None:
            raise SlackSendError(WEBHOOK_OP, "webhook_removed")
        body = row.text.encode()
        timestamp = int(self.wall().timestamp())
        event = json.loads(row.text).get("event", "")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Tandem-Event": event,
            "X-Tandem-Delivery": row.key,
            "X-Tandem-Timestamp": str(timestamp),
            "X-Tandem-Signature": sign(hook.secret, timestamp, body),
        }
        try:
            status = self.post(hook.url, body, headers, self.timeout)
        except TimeoutError as exc:
            self._count("timeout")
            raise SlackSendError(WEBHOOK_OP, "timeout") from exc
        except (OSError, ValueError) as exc:
            timed_out = "timed out" in str(exc).lower()
            error = "timeout" if timed_out else f"connection: {type(exc).__name__}"
            self._count(error)
            raise SlackSendError(WEBHOOK_OP, error) from exc
        if not 200 <= status < 300:
            self._count(f"http_{status}")
            raise SlackSendError(WEBHOOK_OP, f"http_{status}")
        self._count("ok")
        log.info("webhook delivered", extra={"key": row.key, "status": status})

    def _count(self, result: str) -> None:
        if self.metrics is not None:
            self.metrics.inc("tandem_webhook_deliveries", result=result)
