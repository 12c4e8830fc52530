"""Builds the Bolt App (never at import time) and registers every handler."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.listener_matcher import ListenerMatcher
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware import Middleware

from bot.app.container import Services
from bot.core.config import HTTP_THREADS
from bot.core.metrics import Metrics
from handlers import (
    digest,
    errors,
    escalation,
    goals,
    handover,
    home,
    kudos,
    lessons,
    oncall,
    page,
    replies,
    retro,
    risk,
    standup,
)

log = logging.getLogger("tandem.slack")
_T = TypeVar("_T")


class _SameTokenNotice(logging.Filter):
    """Drops Bolt's warning that `token` is unused when `client` is given.

    We pass both on purpose: the client carries SLACK_API_URL, and an explicit token keeps
    Bolt from reading SLACK_BOT_TOKEN from the environment on its own.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def build_app(
    services: Services,
    *,
    process_before_response: bool = False,
    listener_executor: Executor | None = None,
) -> App:
    """The Slack app for `services`.

    In production Bolt acks first and runs the listener on its thread pool, so Slack always
    gets its answer within 3 seconds; the pool has as many workers as the HTTP server has
    threads (Bolt's default is 5), so a listener never queues behind busy ones. The fast test
    lane passes `process_before_response=True` and an inline executor so everything has
    happened when `dispatch` returns.
    """
    if not any(isinstance(f, _SameTokenNotice) for f in log.filters):
        log.addFilter(_SameTokenNotice())
    on_request_thread: AnswersOnRequestThread | None = None
    if listener_executor is None and not process_before_response:
        listener_executor = on_request_thread = AnswersOnRequestThread(
            ThreadPoolExecutor(HTTP_THREADS, thread_name_prefix="tandem-listener")
        )
    kwargs = {"listener_executor": listener_executor} if listener_executor else {}
    app = App(
        token=services.settings.bot_token,
        signing_secret=services.settings.signing_secret,
        client=services.client,
        process_before_response=process_before_response,
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
        # Tandem defines no workflow functions: nothing for this middleware to attach.
        attaching_function_token_enabled=False,
        logger=log,
        **kwargs,  # type: ignore[arg-type]
    )
    app.middleware(CountDeliveries(services.metrics))
    if on_request_thread is not None:
        app.middleware(MarkReadOnly(on_request_thread, READ_ONLY))
    register_handlers(app, services)
    match_on_body(app)
    return app


# The sub-commands whose whole answer rides in the ack body (handlers.common.answer), per
# command; "" is the command with no text.
READ_ONLY: Mapping[str, frozenset[str]] = {
    "/risk": risk.READ_ONLY,
    "/standup": standup.READ_ONLY,
    "/oncall": oncall.READ_ONLY,
    "/digest": digest.READ_ONLY,
    "/page": page.READ_ONLY,
    "/goal": goals.READ_ONLY,
    "/kudos": kudos.READ_ONLY,
    "/lesson": lessons.READ_ONLY,
    "/retro": retro.READ_ONLY,
}


# Seconds a read-only answer waits for its turn before it runs beside the one ahead of it:
# an answer takes about a millisecond, so only a stuck one (or a burst of hundreds) makes
# anyone wait this long, and Slack's 3 s are never spent queueing.
TURN_PATIENCE = 0.25


class InTurn:
    """Runs work one call at a time, in the order the calls came (`threading.Lock` wakes any
    one of its waiters); a call that waits `patience` seconds runs beside the one ahead."""

    def __init__(self, patience: float) -> None:
        self._patience = patience
        self._guard = threading.Lock()
        self._busy = False
        self._waiting: deque[threading.Event] = deque()

    def run(self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any) -> _T:
        mine = self._take()
        try:
            return fn(*args, **kwargs)
        finally:
            if mine:
                self._hand_on()

    def _take(self) -> bool:
        """Wait for this call's turn; False when the patience ran out first."""
        with self._guard:
            if not self._busy:
                self._busy = True
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(self._patience):
            return True
        with self._guard:
            if turn.is_set():  # handed on just as the patience ran out
                return True
            self._waiting.remove(turn)
            return False

    def _hand_on(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()  # straight to the next caller: still busy
            else:
                self._busy = False


class AnswersOnRequestThread(Executor):
    """Bolt's listener executor: the thread pool, except for a request marked read-only,
    whose listener runs at once on the request's own thread.

    Bolt's threaded runner hands every listener to the pool and then polls for the ack every
    10 ms. A read-only answer is nothing but its ack, so the hop bought nothing and cost the
    person a poll interval and a thread switch; a listener that acks and then works on (a
    write, a modal) still goes to the pool, so Slack gets its ack before that work.

    Read-only answers take turns, in the order they came (`InTurn`). Each is about a
    millisecond of Python, which the GIL runs one thread at a time anyway (on SQLite its read
    already waits its turn, `storage.db`); side by side they only passed the GIL back and
    forth in no order, so in a burst any one of them could finish last. In turn, each waits
    for those that came before it and no more: in a saturated burst the gap between the
    median and the p99 ack fell from about 17 ms to 5, on SQLite and PostgreSQL alike
    (README, Decision 47).
    """

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self._pool = pool
        self._marked = threading.local()
        self._in_turn = InTurn(patience=TURN_PATIENCE)

    def mark(self, read_only: bool) -> None:
        """Set for the current request; the next `submit` from this thread consumes it."""
        self._marked.read_only = read_only

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if not getattr(self._marked, "read_only", False):
            return self._pool.submit(fn, *args, **kwargs)
        self._marked.read_only = False
        future: Future[Any] = Future()
        try:
            future.set_result(self._in_turn.run(fn, *args, **kwargs))
        except BaseException as exc:  # a Future carries whatever the work raised
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait, cancel_futures=cancel_futures)


class MarkReadOnly(Middleware):
    """Marks a read-only slash command for `AnswersOnRequestThread` (every request sets the
    mark, so none is left over from an earlier request on the same server thread)."""

    def __init__(self, executor: AnswersOnRequestThread, read_only: Mapping[str, frozenset[str]]):
        self._executor = executor
        self._read_only = read_only

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        body = req.body
        subs = self._read_only.get(str(body.get("command") or ""))
        sub = str(body.get("text") or "").strip().partition(" ")[0].lower()
        self._executor.mark(subs is not None and sub in subs)
        return next()


# Delivery kinds counted by name; anything else counts as "other", so a label stays bounded.
DELIVERY_KINDS = frozenset(
    {
        "slash_command",
        "event_callback",
        "block_actions",
        "view_submission",
        "view_closed",
        "block_suggestion",
        "shortcut",
        "message_action",
    }
)


class CountDeliveries(Middleware):
    """Counts each signed delivery by kind (Bolt runs this after verifying the signature)."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        body = req.body
        kind = "slash_command" if "command" in body else str(body.get("type") or "")
        self._metrics.inc(
            "tandem_deliveries_received", kind=kind if kind in DELIVERY_KINDS else "other"
        )
        return next()


class BodyMatcher(ListenerMatcher):
    """One of Bolt's built-in matchers (command name, action id, callback id, event type),
    called with the body it asks for."""

    def __init__(self, func: Any) -> None:
        self.func = func

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return bool(self.func(req.body))


def match_on_body(app: App) -> None:
    """Bolt's built-in matchers take only `body`, yet each check first builds every argument
    a listener could ask for (`build_required_kwargs`); every request is checked against the
    listeners in order, and with Tandem's two dozen that was a tenth of dispatching a command.
    Matchers of any other kind are left as they are."""
    for listener in app._listeners:  # Bolt has no public hook for a listener's matchers
        listener.matchers = [
            BodyMatcher(m.func)
            if type(m) is BuiltinListenerMatcher and m.arg_names == ["body"]
            else m
            for m in listener.matchers
        ]


def register_handlers(app: App, services: Services) -> None:
    """Every Slack listener, each module with the collaborators it uses, each wrapped so that
    it answers its own errors (handlers/errors.py)."""
    errors.register(app)
    users, workspace = services.users, services.config
    listeners = errors.Listeners(
        app, locale_of=lambda user: users.known_locale(user, workspace().language_for(user))
    )
    home.register(
        listeners,
        homes=services.homes,
        standups=services.standups,
        gateway=services.gateway,
        clock=services.clock,
    )
    standup.register(
        listeners, standups=services.standups, gateway=services.gateway, clock=services.clock
    )
    replies.register(listeners, replies=services.replies, clock=services.clock)
    risk.register(
        listeners,
        risks=services.risks,
        queries=services.risk_queries,
        users=services.users,
        workspace=services.config,
        gateway=services.gateway,
        clock=services.clock,
    )
    oncall.register(
        listeners,
        oncall=services.oncall,
        calendar=services.calendar,
        users=services.users,
        clock=services.clock,
    )
    handover.register(
        listeners, handovers=services.handovers, gateway=services.gateway, clock=services.clock
    )
    escalation.register(listeners, escalations=services.escalations, clock=services.clock)
    page.register(listeners, pager=services.pager, workspace=services.config, clock=services.clock)
    digest.register(listeners, digests=services.digests, clock=services.clock)
    goals.register(
        listeners,
        goals=services.goals,
        users=services.users,
        workspace=services.config,
        clock=services.clock,
    )
    kudos.register(listeners, kudos=services.kudos, clock=services.clock)
    lessons.register(
        listeners,
        lessons=services.lessons,
        users=services.users,
        workspace=services.config,
        gateway=services.gateway,
        clock=services.clock,
    )
    retro.register(
        listeners,
        retros=services.retros,
        workspace=services.config,
        gateway=services.gateway,
        clock=services.clock,
    )
