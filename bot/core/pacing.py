"""Slack's posting limits, kept on our side: one post a second per channel, and a
workspace-wide pace learned from `429 Retry-After`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class ChannelPacer:
    """Keeps posts to one channel at most one a second (Slack's chat.postMessage limit)."""

    def __init__(
        self,
        interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.monotonic = monotonic
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def wait(self, channel: str) -> None:
        """Return when a post to `channel` may go; concurrent senders to it take turns."""
        with self._guard:
            lock = self._locks.setdefault(channel, threading.Lock())
        with lock:
            last = self._last.get(channel)
            if last is not None:
                delay = last + self.interval - self.monotonic()
                if delay > 0:
                    self.sleep(delay)
            self._last[channel] = self.monotonic()


class WorkspacePace:
    """The workspace-wide pace of posts, learned from Slack's 429s.

    Unlimited until Slack first answers 429; then every post waits out `Retry-After`, and
    the rate is set to what Slack let through between two 429s (a little under it), rising
    slowly while no 429 comes, so the sender settles just below the workspace's limit.
    """

    MIN_RATE = 0.5  # posts a second
    UNDER = 0.97  # stay this much under the measured rate
    RISE = 0.005  # per second without a 429

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rate: float | None = None,
    ) -> None:
        self.monotonic = monotonic
        self.sleep = sleep
        self.rate = rate
        self._lock = threading.Lock()
        self._next = 0.0  # the next free slot when a rate is known
        self._resume = 0.0  # no post before this: a Retry-After being waited out
        self._limited_at: float | None = None
        self._sent_since = 0
        self._raised_at: float | None = None

    def acquire(self) -> None:
        """Wait for this post's turn."""
        with self._lock:
            now = self.monotonic()
            slot = max(now, self._resume)
            if self.rate:
                slot = max(slot, self._next)
                self._next = slot + 1.0 / self.rate
        if slot > now:
            self.sleep(slot - now)

    def sent(self) -> None:
        """A post went through."""
        with self._lock:
            self._sent_since += 1
            if self.rate is None:
                return
            now = self.monotonic()
            if self._raised_at is None:
                self._raised_at = now
            elif now - self._raised_at >= 1.0:
                self.rate *= 1.0 + self.RISE
                self._raised_at = now

    def limited(self, retry_after: float) -> None:
        """Slack answered 429: nobody posts for `retry_after` seconds, and the rate is relearned.

        429s for posts already in flight when the first came are the same burst: ignored.
        """
        with self._lock:
            now = self.monotonic()
            if now < self._resume:
                return
            if self._limited_at is not None and now - self._limited_at >= retry_after:
                measured = self._sent_since / (now - self._limited_at)
                self.rate = max(self.MIN_RATE, measured * self.UNDER)
            self._limited_at, self._sent_since, self._raised_at = now, 0, None
            self._resume = now + retry_after
            self._next = self._resume
