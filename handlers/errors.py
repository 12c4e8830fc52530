"""Errors, answered inside the listener: a domain error becomes ephemeral text, anything else
an error id that is also in the log. Slack always gets its 200 at once.

Bolt 1.30's thread runner resets `ack.response` to None when a listener raises after acking
(slack_bolt/listener/thread_runner.py), so an error that escapes a listener can make Slack
wait 3 s and get a 404. Every listener is therefore registered through `Listeners`, which wraps
it in `answers_errors`; `@app.error` stays as the net for failures before a listener runs.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.kwargs_injection.args import Args

from bot.core.errors import TandemError, UserError
from bot.core.messages import CATALOG, speaking, t, usage
from handlers.common import answer

log = logging.getLogger(__name__)

Listener = Callable[..., None]
Decorator = Callable[[Listener], Listener]


def error_text(error: Exception, body: dict[str, Any]) -> str:
    """What the person sees for `error` raised while handling `body`."""
    if isinstance(error, TandemError):
        text = error.render()
        command = body.get("command")
        if (
            isinstance(error, UserError)
            and error.show_usage
            and command
            and "usage." + command.lstrip("/") in CATALOG["en"]
        ):
            text = t("error.usage_suffix", problem=text, usage=usage(command))
        return text
    error_id = uuid.uuid4().hex[:12]
    log.error("unexpected error %s", error_id, exc_info=error, extra={"error_id": error_id})
    return t("error.unexpected", error_id=error_id)


def tell(text: str, args: Args) -> None:
    """One ephemeral answer to whoever sent `args.body`: in the conversation, else by DM."""
    body = args.body
    if body.get("response_url"):
        args.respond(text=text, response_type="ephemeral", replace_original=False)
        return
    user = (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    channel = (body.get("channel") or {}).get("id") or (body.get("event") or {}).get("channel")
    if user and channel:
        args.client.chat_postEphemeral(channel=channel, user=user, text=text)
    elif user:
        args.client.chat_postMessage(channel=user, text=text)


LocaleOf = Callable[[str], str]


def sender(body: dict[str, Any]) -> str | None:
    """Who sent a delivery: a command's `user_id`, an action's or view's `user`, an event's."""
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    event = body.get("event") or {}
    # An edit (`message_changed`) names its author only inside the edited message.
    user = user or event.get("user") or (event.get("message") or {}).get("user")
    return str(user or "") or None


def answers_errors(listener: Listener, locale_of: LocaleOf | None = None) -> Listener:
    """`listener`, answering its errors itself and returning normally, acked; it and its
    answers speak the sender's language (`locale_of`).

    Bolt gives the wrapper every argument (`args`); the listener gets the ones it names.
    """
    names = inspect.getfullargspec(listener).args

    def run(args: Args) -> None:
        user = sender(args.body) if locale_of is not None else None
        with speaking(locale_of(user) if locale_of is not None and user else None):
            _run(args)

    def _run(args: Args) -> None:
        try:
            listener(**{name: getattr(args, name) for name in names})
        except Exception as error:  # the listener boundary: answer, never re-raise to Bolt
            text = error_text(error, args.body)
            if args.ack.response is None and not args.body.get("command"):
                args.ack()
            try:
                if args.body.get("command"):
                    # In the ack body while not yet acked (read-only commands answer there).
                    answer(args.ack, args.respond, text=text)
                else:
                    tell(text, args)
            except Exception:  # Slack refused even the answer: the log has it
                log.exception("could not tell the person about an error")

    run.__tandem_listener__ = listener  # type: ignore[attr-defined]
    run.__name__ = getattr(listener, "__name__", "listener")
    return run


class Listeners:
    """Registers listeners on a Bolt app, each wrapped in `answers_errors`."""

    def __init__(self, app: App, locale_of: LocaleOf | None = None) -> None:
        self.app = app
        self.locale_of = locale_of

    def command(self, command: Any) -> Decorator:
        return self._wrap(self.app.command(command))

    def action(self, action: Any) -> Decorator:
        return self._wrap(self.app.action(action))

    def view(self, callback_id: Any) -> Decorator:
        return self._wrap(self.app.view(callback_id))

    def event(self, event: Any) -> Decorator:
        return self._wrap(self.app.event(event))

    def _wrap(self, register: Callable[..., Any]) -> Decorator:
        def decorate(listener: Listener) -> Listener:
            register(answers_errors(listener, self.locale_of))
            return listener

        return decorate


def register(app: App) -> None:
    @app.error
    def on_error(error: Exception, args: Args) -> None:
        """Failures before any listener ran (middleware, reading the request)."""
        tell(error_text(error, args.body), args)
