"""A fake Slack Web API served over real HTTP on 127.0.0.1, for `WebClient(base_url=fake.url)`.

The fake keeps state the way Slack does (messages per channel, DMs opened from user ids,
views, uploaded files), records every call, and can be scripted to fail per method::

    with FakeSlack() as fake:
        client = WebClient(base_url=fake.url, token="xoxb-test")
        fake.fail("chat.postMessage", RateLimited(retry_after=0), SlackError("channel_not_found"))
        ...
        assert fake.messages("DUSER1")[0]["text"] == "hi"

Conventions worth knowing:

* Message ts values come from a counter (`ts_base` + 100µs steps), never the wall clock, and are
  strictly increasing across all channels. Code that compares ts with its own clock (e.g.
  conversations.history `oldest`) needs them aligned: pass `clock=` (seconds since the epoch,
  e.g. `lambda: fixed_clock.now().timestamp()`) and each ts is at least that clock's time.
* Posting to a user id ("U…"/"W…") lands in the DM channel "D" + id[1:], as Slack answers.
  `chat.update`/`chat.delete`/`conversations.history` need that D id, as on real Slack.
* `clear()` forgets recorded calls and response_url posts only; `reset()` wipes all state.
* Pseudo-methods "upload" (the files upload URL) and "respond" (response_url posts) can also be
  scripted with `fail()`; they are not recorded in `calls`.
* `post_limits=PostLimits(per_second=20)` makes chat.postMessage behave like Slack under load:
  a workspace-wide token bucket and one post a second per channel, answering `429` with
  `Retry-After` (whole seconds) beyond them, and optionally a delay per post. Off by default.
"""

from __future__ import annotations

import contextlib
import copy
import email.parser
import email.policy
import itertools
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
BOT_NAME = "tandem"
TEAM_ID = "T0TEAM"
TEAM_NAME = "Tandem Test"
TEAM_DOMAIN = "tandem-test"
APP_ID = "A0APP"
DEFAULT_TS_BASE = 1_700_000_000

# Form fields that slack_sdk sends as JSON strings; decoded so tests can assert on objects.
JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "files")

# Read methods: with `strict_json`, JSON bodies sent to them are ignored.
FORM_ONLY_METHODS = frozenset(
    {
        "auth.test",
        "team.info",
        "users.info",
        "users.list",
        "conversations.info",
        "conversations.history",
        "conversations.replies",
        "chat.getPermalink",
    }
)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_TEXT = 40_000


# --------------------------------------------------------------------------------------------
# Scripted failures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimited:
    """HTTP 429, header `Retry-After: <retry_after>`, body `{"ok":false,"error":"ratelimited"}`."""

    retry_after: int = 1


@dataclass(frozen=True)
class ServerError:
    """HTTP `status` (5xx) with body `{"ok":false,"error":<error>}`; nothing is applied."""

    status: int = 500
    error: str = "internal_error"


@dataclass(frozen=True)
class SlackError:
    """HTTP 200 with `{"ok":false,"error":<error>, **extra}`; nothing is applied."""

    error: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Timeout:
    """Delay the answer by `seconds`.

    accept=False: wait, apply nothing, then answer HTTP 504 `{"ok":false,"error":"timeout"}`
    (the client has normally given up by then).
    accept=True: apply the call first, then wait, then answer normally: "Slack did it but the
    client timed out", or simply a slow success if the client waits long enough.
    The wait ends early when the fake is stopped.
    """

    seconds: float
    accept: bool = False


Failure = RateLimited | ServerError | SlackError | Timeout


@dataclass(frozen=True)
class PostLimits:
    """Slack's chat.postMessage limits, enforced in real (monotonic) time.

    A workspace-wide token bucket refilled at `per_second`, holding at most `burst` posts
    (one second's worth by default), and at most one post per channel every
    `channel_interval` seconds (0 turns it off). Beyond either the post is refused with 429 and
    `Retry-After` in whole seconds, as Slack does. `delay` is how long each accepted post
    takes before Slack applies it and answers, so a client can be killed mid-post.
    """

    per_second: float = 20.0
    burst: float | None = None
    channel_interval: float = 1.0
    delay: float = 0.0


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


class Headers(dict[str, str]):
    """A dict of request headers with case-insensitive lookup (keys are stored lower-case)."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


@dataclass
class Call:
    """One Web API call as the fake received it.

    `status` is the HTTP status answered; `error` the Slack error (None when ok);
    `injected` the scripted failure that was applied to this call, if any; `at` when it
    arrived (the fake's monotonic clock).
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    error: str | None = None
    injected: Failure | None = None
    at: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.error is None

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization") or ""
        if auth.startswith("Bearer "):
            return auth[len("Bearer ") :]
        token = self.params.get("token")
        return str(token) if token else None


class ApiError(Exception):
    """Raised inside method handlers to answer `{"ok": false, "error": ...}`."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


# --------------------------------------------------------------------------------------------
# Block Kit text helpers and light validation
# --------------------------------------------------------------------------------------------


def _text_of(obj: Any) -> str | None:
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return str(obj["text"])
    if isinstance(obj, str):
        return obj
    return None


def blocks_text(blocks: Any) -> list[str]:
    """The human-visible text of section/context/header/markdown/rich_text blocks, in order."""
    out: list[str] = []
    if not isinstance(blocks, list):
        return out
    for block in blocks:
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        if kind in ("section", "header"):
            text = _text_of(block.get("text"))
            if text:
                out.append(text)
            for f in block.get("fields") or []:
                text = _text_of(f)
                if text:
                    out.append(text)
        elif kind == "context":
            for element in block.get("elements") or []:
                if isinstance(element, dict) and element.get("type") in ("mrkdwn", "plain_text"):
                    text = _text_of(element)
                    if text:
                        out.append(text)
        elif kind == "markdown":
            text = _text_of(block.get("text"))
            if text:
                out.append(text)
        elif kind == "rich_text":
            out.append("".join(_rich_text_strings(block)))
    return out


def _rich_text_strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "text" and isinstance(node.get("text"), str):
            yield node["text"]
        for element in node.get("elements") or []:
            yield from _rich_text_strings(element)


def message_text(message: Mapping[str, Any]) -> str:
    """`text` joined with the text of its blocks, newline-separated, empty parts dropped."""
    parts = [str(message.get("text") or "")]
    parts.extend(blocks_text(message.get("blocks")))
    return "\n".join(p for p in parts if p)


def _check_text_obj(
    obj: Any, where: str, errors: list[str], *, max_len: int, plain_only: bool = False
) -> None:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        errors.append(f"{where}: must be a text object")
        return
    if plain_only and obj.get("type") != "plain_text":
        errors.append(f"{where}: must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        errors.append(f"{where}: must be more than 0 characters")
    elif len(text) > max_len:
        errors.append(f"{where}: must be less than {max_len + 1} characters")


def _check_element(element: Any, where: str, errors: list[str]) -> None:
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        errors.append(f"{where}: must be an element object")
        return
    action_id = element.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or len(action_id) > 255):
        errors.append(f"{where}.action_id: must be a string of at most 255 characters")
    if element["type"] == "button":
        _check_text_obj(element.get("text"), f"{where}.text", errors, max_len=75, plain_only=True)
        value = element.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            errors.append(f"{where}.value: must be a string of at most 2000 characters")
    if element["type"] in ("static_select", "multi_static_select"):
        options = element.get("options")
        groups = element.get("option_groups")
        if options is None and groups is None:
            errors.append(f"{where}: must provide options or option_groups")
        if isinstance(options, list):
            if len(options) > 100:
                errors.append(f"{where}.options: must provide at most 100 items")
            for j, option in enumerate(options):
                _check_option(option, f"{where}.options[{j}]", errors)


def _check_option(option: Any, where: str, errors: list[str]) -> None:
    if not isinstance(option, dict):
        errors.append(f"{where}: must be an option object")
        return
    _check_text_obj(option.get("text"), f"{where}.text", errors, max_len=75)
    value = option.get("value")
    if not isinstance(value, str) or not value or len(value) > 150:
        errors.append(f"{where}.value: must be a string of 1 to 150 characters")


def validate_blocks(blocks: Any, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[str]:
    """Catch the Block Kit mistakes Slack rejects with `invalid_blocks` (not exhaustive)."""
    if not isinstance(blocks, list):
        return ["blocks: must be an array"]
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(f"blocks: must provide at most {max_blocks} items")
    seen_block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(f"{where}: must be a block object with a type")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > 255:
                errors.append(f"{where}.block_id: must be a string of 1 to 255 characters")
            elif block_id in seen_block_ids:
                errors.append(f"{where}.block_id: duplicate block_id {block_id!r}")
            else:
                seen_block_ids.add(block_id)
        kind = block["type"]
        if kind == "section":
            if block.get("text") is None and not block.get("fields"):
                errors.append(f"{where}: must provide text or fields")
            if block.get("text") is not None:
                _check_text_obj(block.get("text"), f"{where}.text", errors, max_len=3000)
            fields = block.get("fields") or []
            if len(fields) > 10:
                errors.append(f"{where}.fields: must provide at most 10 items")
            for j, f in enumerate(fields):
                _check_text_obj(f, f"{where}.fields[{j}]", errors, max_len=2000)
            if block.get("accessory") is not None:
                _check_element(block["accessory"], f"{where}.accessory", errors)
        elif kind == "header":
            _check_text_obj(
                block.get("text"), f"{where}.text", errors, max_len=150, plain_only=True
            )
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > 10:
                errors.append(f"{where}.elements: must provide 1 to 10 items")
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > 25:
                errors.append(f"{where}.elements: must provide 1 to 25 items")
            else:
                action_ids = [e.get("action_id") for e in elements if isinstance(e, dict)]
                dupes = {a for a in action_ids if a is not None and action_ids.count(a) > 1}
                if dupes:
                    errors.append(f"{where}.elements: duplicate action_id {sorted(dupes)!r}")
                for j, element in enumerate(elements):
                    _check_element(element, f"{where}.elements[{j}]", errors)
        elif kind == "input":
            _check_text_obj(
                block.get("label"), f"{where}.label", errors, max_len=2000, plain_only=True
            )
            _check_element(block.get("element"), f"{where}.element", errors)
        elif kind == "image":
            if not block.get("image_url") and not block.get("slack_file"):
                errors.append(f"{where}.image_url: required")
            if not block.get("alt_text"):
                errors.append(f"{where}.alt_text: required")
    return errors


def validate_view(view: Any) -> list[str]:
    """Catch the view mistakes Slack rejects on views.open/push/update/publish."""
    if not isinstance(view, dict):
        return ["view: must be an object"]
    errors: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        errors.append("view.type: must be modal or home")
    if kind == "modal":
        _check_text_obj(view.get("title"), "view.title", errors, max_len=24, plain_only=True)
        for key in ("submit", "close"):
            if view.get(key) is not None:
                _check_text_obj(view[key], f"view.{key}", errors, max_len=24, plain_only=True)
        blocks = view.get("blocks") or []
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and view.get("submit") is None:
            errors.append("view.submit: required when the view has input blocks")
    private_metadata = view.get("private_metadata")
    if private_metadata is not None and (
        not isinstance(private_metadata, str) or len(private_metadata) > 3000
    ):
        errors.append("view.private_metadata: must be a string of at most 3000 characters")
    callback_id = view.get("callback_id")
    if callback_id is not None and (not isinstance(callback_id, str) or len(callback_id) > 255):
        errors.append("view.callback_id: must be a string of at most 255 characters")
    errors.extend(validate_blocks(view.get("blocks") or [], max_blocks=MAX_VIEW_BLOCKS))
    return errors


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _ts_key(ts: str) -> tuple[int, int]:
    seconds, _, micros = str(ts).partition(".")
    return int(seconds or 0), int((micros or "0").ljust(6, "0")[:6])


def _ts_to_micros(ts: str) -> int:
    seconds, micros = _ts_key(ts)
    return seconds * 1_000_000 + micros


def _format_ts(micros: int) -> str:
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def _decode_json_fields(params: dict[str, Any]) -> dict[str, Any]:
    for key in JSON_FIELDS:
        value = params.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            # Unparseable values stay strings; handlers report *_format errors.
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not raw:
        return {}
    if ctype == "application/json":
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ApiError("invalid_json")
        return data
    if ctype == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
        )
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            params[name] = content if part.get_filename() is not None else content.decode("utf-8")
        return params
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


def _tz_fields(tz: str) -> dict[str, Any]:
    try:
        now = datetime.now(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        now = datetime.now(UTC)
    offset = now.utcoffset()
    return {
        "tz": tz,
        "tz_label": now.tzname() or tz,
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
    }


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops concurrent clients' connections
    fake: FakeSlack

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out close their socket; writing to it then is expected.
        return


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        self.server.fake._serve(self)

    def do_GET(self) -> None:
        self.server.fake._serve(self)


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, data: Mapping[str, Any], **headers: str) -> _Answer:
        return cls(status, json.dumps(data).encode("utf-8"), headers=dict(headers))

    @classmethod
    def text(cls, status: int, text: str) -> _Answer:
        return cls(status, text.encode("utf-8"), "text/plain; charset=utf-8")


# --------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------


class FakeSlack:
    """A stateful fake of the Slack Web API on a real local HTTP server."""

    def __init__(
        self,
        *,
        ts_base: int = DEFAULT_TS_BASE,
        strict_users: bool = False,
        auto_users: bool = False,
        validate: bool = True,
        clock: Callable[[], float] | None = None,
        strict_json: bool = False,
        post_limits: PostLimits | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._ids = itertools.count(1)
        self._last_ts_us = 0
        self.ts_base = ts_base
        #: optional time source (epoch seconds); new ts values are never earlier than it.
        self.clock = clock
        #: ignore JSON bodies sent to read methods (`FORM_ONLY_METHODS`), as Slack documents
        #: JSON only for "most write methods"; their arguments then arrive missing.
        self.strict_json = strict_json
        #: unknown U/W ids are `user_not_found` when posting/opening DMs (users.info always is).
        self.strict_users = strict_users
        #: answer users.info for unknown U/W ids with an active UTC user instead of an error.
        self.auto_users = auto_users
        #: run `validate_blocks`/`validate_view` on chat.* and views.* calls.
        self.validate = validate
        #: when set, a call with any other token answers `invalid_auth`, as Slack does.
        self.valid_tokens: set[str] | None = None
        #: channel ids (or user ids) that answer `channel_not_found`.
        self.missing_channels: set[str] = set()
        #: Slack's chat.postMessage rate limits (None: every post is accepted at once).
        self.post_limits = post_limits
        self.monotonic = monotonic
        self._tokens: float | None = None
        self._refilled_at = 0.0
        self._channel_posts: dict[str, float] = {}
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.opened_views: list[dict[str, Any]] = []
        self.home_views: dict[str, dict[str, Any]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.files: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        #: user groups by id ("S…"), as `usergroups.users.update` answers them.
        self.usergroups: dict[str, dict[str, Any]] = {}
        self._messages: dict[tuple[str, str], dict[str, Any]] = {}
        self._failures: dict[str, deque[Failure]] = {}
        self._add_bot_user()
        self._handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "api.test": lambda params: {"args": params},
            "auth.test": self._auth_test,
            "team.info": self._team_info,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "reactions.add": self._reactions_add,
            "reactions.remove": self._reactions_remove,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "usergroups.users.update": self._usergroups_users_update,
        }

    # ---- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # wakes handlers waiting in a scripted Timeout
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The Web API base URL, for `WebClient(base_url=...)` and `SLACK_API_URL`."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url whose posts are recorded in `responses` with `_url_name` = name."""
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # ---- scripting & setup -------------------------------------------------------------------

    def fail(self, method: str, *responses: Failure) -> None:
        """Script the next calls to `method` to fail, in order, one failure per call."""
        with self._lock:
            self._failures.setdefault(method, deque()).extend(responses)

    def pending_failures(self) -> dict[str, int]:
        """Scripted failures not consumed yet, by method."""
        with self._lock:
            return {m: len(q) for m, q in self._failures.items() if q}

    def add_user(
        self,
        user_id: str,
        tz: str | None = "America/New_York",
        deleted: bool = False,
        is_bot: bool = False,
        name: str | None = None,
        real_name: str | None = None,
        display_name: str | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Add (or replace) a user in the users.info directory; returns the record."""
        record = {
            "id": user_id,
            "tz": tz,
            "deleted": deleted,
            "is_bot": is_bot,
            "name": name or user_id.lower(),
            "real_name": real_name or name or user_id,
            "display_name": display_name if display_name is not None else (real_name or name),
            "locale": locale,
        }
        with self._lock:
            self.users[user_id] = record
        return record

    def add_usergroup(self, group_id: str, handle: str, users: Sequence[str] = ()) -> None:
        """Add a user group (an admin made it in Slack); its members start as `users`."""
        with self._lock:
            self.usergroups[group_id] = {
                "id": group_id,
                "team_id": TEAM_ID,
                "is_usergroup": True,
                "name": handle.replace("-", " ").title(),
                "description": "",
                "handle": handle,
                "is_external": False,
                "date_create": 1700000000,
                "date_update": 1700000000,
                "date_delete": 0,
                "auto_type": None,
                "created_by": "U0ADMIN",
                "updated_by": "U0ADMIN",
                "deleted_by": None,
                "prefs": {"channels": [], "groups": []},
                "users": list(users),
                "user_count": len(users),
            }

    def usergroup_members(self, group_id: str) -> list[str]:
        with self._lock:
            return list(self.usergroups[group_id]["users"])

    def add_message(
        self,
        channel: str,
        text: str,
        *,
        user: str = "U0DEV1",
        ts: str | None = None,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Seed a message into a channel's history (e.g. one a person wrote)."""
        with self._lock:
            if ts is None:
                ts = self._next_ts()
            else:
                self._last_ts_us = max(self._last_ts_us, _ts_to_micros(ts))
            message: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts}
            if user == BOT_USER_ID:
                message.update(bot_id=BOT_ID, app_id=APP_ID)
            message["team"] = TEAM_ID
            if blocks is not None:
                message["blocks"] = blocks
            if metadata is not None:
                message["metadata"] = metadata
            self._store(channel, message, thread_ts)
            return copy.deepcopy(message)

    def clear(self) -> None:
        """Forget recorded calls and response_url posts (state such as messages is kept)."""
        with self._lock:
            self.calls.clear()
            self.responses.clear()

    def reset(self) -> None:
        """Forget everything: calls, responses, messages, views, files, users, user groups,
        failures."""
        with self._lock:
            self.clear()
            self._messages.clear()
            self.ephemerals.clear()
            self.views.clear()
            self.opened_views.clear()
            self.home_views.clear()
            self.files.clear()
            self.uploads.clear()
            self.users.clear()
            self.usergroups.clear()
            self._failures.clear()
            self.missing_channels.clear()
            self._tokens = None
            self._channel_posts.clear()
            self._add_bot_user()

    # ---- inspection --------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Live messages (after updates/deletes), oldest first, each with a `channel` key."""
        with self._lock:
            items = [
                {**copy.deepcopy(m), "channel": ch}
                for (ch, _), m in self._messages.items()
                if channel is None or ch == channel
            ]
        return sorted(items, key=lambda m: _ts_key(m["ts"]))

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._messages.get((channel, ts))
            return None if found is None else {**copy.deepcopy(found), "channel": channel}

    def find_message(self, ts: str) -> dict[str, Any] | None:
        """The live message with this ts in any channel (ts values are unique in the fake)."""
        with self._lock:
            for (ch, mts), m in self._messages.items():
                if mts == ts:
                    return {**copy.deepcopy(m), "channel": ch}
        return None

    def messages_text(self, channel: str | None = None) -> list[str]:
        return [message_text(m) for m in self.messages(channel)]

    def ephemeral_messages(
        self, channel: str | None = None, user: str | None = None
    ) -> list[dict[str, Any]]:
        with self._lock:
            return [
                copy.deepcopy(m)
                for m in self.ephemerals
                if (channel is None or m["channel"] == channel)
                and (user is None or m["user"] == user)
            ]

    def record_ack(self, body: str, position: int | None = None) -> None:
        """Record an answer that rode in an HTTP ack body (`ack(text=...)`).

        Slack shows it to the person exactly like a `response_url` post, so it joins
        `responses` (with `_url_name` "ack"), at `position` (the number of responses when the
        request was sent: the ack is shown before anything the listener sends after it);
        empty acks and modal `response_action`s are not recorded.
        """
        try:
            data = json.loads(body) if body and body.lstrip().startswith("{") else None
        except ValueError:
            return
        if not isinstance(data, dict) or "response_action" in data:
            return
        if "text" in data or "blocks" in data:
            with self._lock:
                at = len(self.responses) if position is None else position
                self.responses.insert(at, {**data, "_url_name": "ack"})

    def responses_text(self) -> list[str]:
        """Each response_url post's `text` joined with its blocks' text."""
        with self._lock:
            return [message_text(r) for r in self.responses]

    def last_view(self) -> dict[str, Any] | None:
        """The most recently opened/pushed modal, as currently stored."""
        with self._lock:
            if not self.opened_views:
                return None
            return copy.deepcopy(self.views.get(self.opened_views[-1]["id"]))

    def uploaded_files(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                copy.deepcopy(f)
                for f in self.files.values()
                if f.get("completed") and (channel is None or f.get("channel") == channel)
            ]

    # ---- HTTP dispatch -----------------------------------------------------------------------

    def _serve(self, req: _Handler) -> None:
        parts = urlsplit(req.path)
        path = parts.path
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length > 0 else b""
        headers = Headers(req.headers.items())
        if path.startswith("/api/"):
            answer = self._serve_api(path[len("/api/") :], raw, headers, parts.query)
        elif path.startswith("/upload/"):
            answer = self._serve_upload(path[len("/upload/") :], raw)
        elif path.startswith("/respond/"):
            answer = self._serve_respond(path[len("/respond/") :], raw)
        else:
            answer = _Answer.text(404, "not found")
        self._write(req, answer)

    @staticmethod
    def _write(req: _Handler, answer: _Answer) -> None:
        try:
            req.send_response(answer.status)
            req.send_header("Content-Type", answer.content_type)
            req.send_header("Content-Length", str(len(answer.body)))
            for key, value in answer.headers.items():
                req.send_header(key, value)
            req.end_headers()
            req.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client gave up (e.g. a scripted Timeout)

    def _next_failure(self, method: str) -> Failure | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.popleft() if queue else None

    def _serve_api(self, method: str, raw: bytes, headers: Headers, query: str) -> _Answer:
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        parse_error: str | None = None
        content_type = headers.get("content-type") or ""
        try:
            body_params = _parse_body(raw, content_type)
            if (
                self.strict_json
                and method in FORM_ONLY_METHODS
                and content_type.lower().startswith("application/json")
            ):
                body_params = {}
            params.update(body_params)
        except (ApiError, ValueError) as exc:
            parse_error = exc.error if isinstance(exc, ApiError) else "invalid_json"
        _decode_json_fields(params)
        call = Call(method=method, params=params, headers=headers, at=self.monotonic())
        with self._lock:
            self.calls.append(call)
        failure = self._next_failure(method)
        call.injected = failure

        if isinstance(failure, RateLimited):
            call.status, call.error = 429, "ratelimited"
            return _Answer.json(
                429,
                {"ok": False, "error": "ratelimited"},
                **{"Retry-After": str(failure.retry_after)},
            )
        if isinstance(failure, ServerError):
            call.status, call.error = failure.status, failure.error
            return _Answer.json(failure.status, {"ok": False, "error": failure.error})
        if isinstance(failure, SlackError):
            call.error = failure.error
            return _Answer.json(200, {"ok": False, "error": failure.error, **failure.extra})
        if isinstance(failure, Timeout) and not failure.accept:
            call.status, call.error = 504, "timeout"
            self._stopping.wait(failure.seconds)
            return _Answer.json(504, {"ok": False, "error": "timeout"})
        limits = self.post_limits
        if failure is None and limits is not None and method == "chat.postMessage":
            retry_after = self._take_post_slot(limits, str(params.get("channel") or ""))
            if retry_after is not None:
                call.status, call.error = 429, "ratelimited"
                return _Answer.json(
                    429, {"ok": False, "error": "ratelimited"}, **{"Retry-After": retry_after}
                )
            if limits.delay > 0:
                self._stopping.wait(limits.delay)

        if parse_error is not None:
            data: dict[str, Any] = {"ok": False, "error": parse_error}
        else:
            data = self._execute(method, params, call)
        call.error = None if data.get("ok") else str(data.get("error"))
        if isinstance(failure, Timeout):
            self._stopping.wait(failure.seconds)
        return _Answer.json(200, data)

    def _take_post_slot(self, limits: PostLimits, channel: str) -> str | None:
        """Admit one post under `limits`; the Retry-After header value when refused."""
        burst = limits.burst if limits.burst is not None else max(limits.per_second, 1.0)
        with self._lock:
            now = self.monotonic()
            if self._tokens is None:
                self._tokens, self._refilled_at = burst, now
            elapsed = max(now - self._refilled_at, 0.0)
            self._tokens = min(burst, self._tokens + elapsed * limits.per_second)
            self._refilled_at = now
            last = self._channel_posts.get(channel)
            if limits.channel_interval > 0 and last is not None:
                wait = last + limits.channel_interval - now
                if wait > 0:
                    return str(max(1, math.ceil(wait)))
            if self._tokens < 1.0:
                return str(max(1, math.ceil((1.0 - self._tokens) / limits.per_second)))
            self._tokens -= 1.0
            self._channel_posts[channel] = now
        return None

    def _execute(self, method: str, params: dict[str, Any], call: Call) -> dict[str, Any]:
        handler = self._handlers.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        if call.token is None and method != "api.test":
            return {"ok": False, "error": "not_authed"}
        if self.valid_tokens is not None and call.token not in self.valid_tokens:
            return {"ok": False, "error": "invalid_auth"}
        try:
            with self._lock:
                data = handler(params)
        except ApiError as exc:
            return {"ok": False, "error": exc.error, **exc.extra}
        return {"ok": True, **data}

    def _serve_upload(self, file_id: str, raw: bytes) -> _Answer:
        failure = self._next_failure("upload")
        early = self._pseudo_failure(failure)
        if early is not None:
            return early
        with self._lock:
            if file_id not in self.files:
                return _Answer.text(404, "file not found")
            self.uploads[file_id] = raw
            self.files[file_id]["content"] = raw
        if isinstance(failure, Timeout):
            self._stopping.wait(failure.seconds)
        return _Answer.text(200, "OK - " + str(len(raw)))

    def _serve_respond(self, name: str, raw: bytes) -> _Answer:
        failure = self._next_failure("respond")
        early = self._pseudo_failure(failure)
        if early is not None:
            return early
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        if not isinstance(body, dict):
            body = {"_raw": body}
        with self._lock:
            self.responses.append({**body, "_url_name": name})
        if isinstance(failure, Timeout):
            self._stopping.wait(failure.seconds)
        return _Answer.text(200, "ok")

    def _pseudo_failure(self, failure: Failure | None) -> _Answer | None:
        """Failures for the non-API endpoints (upload URL, response_url): plain-text answers."""
        if isinstance(failure, RateLimited):
            answer = _Answer.text(429, "rate limited")
            answer.headers["Retry-After"] = str(failure.retry_after)
            return answer
        if isinstance(failure, ServerError):
            return _Answer.text(failure.status, failure.error)
        if isinstance(failure, SlackError):
            return _Answer.text(404, failure.error)
        if isinstance(failure, Timeout) and not failure.accept:
            self._stopping.wait(failure.seconds)
            return _Answer.text(504, "timeout")
        return None

    # ---- state helpers (called with the lock held) -------------------------------------------

    def _add_bot_user(self) -> None:
        self.users[BOT_USER_ID] = {
            "id": BOT_USER_ID,
            "tz": "America/Los_Angeles",
            "deleted": False,
            "is_bot": True,
            "name": BOT_NAME,
            "real_name": "Tandem",
            "display_name": "Tandem",
        }

    def _next_ts(self) -> str:
        floor = self.ts_base * 1_000_000 + 100
        if self.clock is not None:
            floor = max(floor, int(self.clock() * 1_000_000))
        self._last_ts_us = max(self._last_ts_us + 100, floor)
        return _format_ts(self._last_ts_us)

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def _store(self, channel: str, message: dict[str, Any], thread_ts: str | None) -> None:
        if thread_ts and thread_ts != message["ts"]:
            message["thread_ts"] = thread_ts
            parent = self._messages.get((channel, thread_ts))
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
                parent["latest_reply"] = message["ts"]
        self._messages[(channel, message["ts"])] = message

    def _check_user(self, user_id: str) -> None:
        record = self.users.get(user_id)
        if record is None:
            if self.strict_users:
                raise ApiError("user_not_found")
            return
        if record["deleted"]:
            raise ApiError("user_disabled")

    def _dm_user(self, channel: str) -> str | None:
        for prefix in ("U", "W"):
            if prefix + channel[1:] in self.users:
                return prefix + channel[1:]
        return None

    def _resolve_post_target(self, channel: Any) -> str:
        """A channel id to post into; user ids become their DM channel."""
        if not isinstance(channel, str) or not channel:
            raise ApiError("channel_not_found")
        if channel in self.missing_channels:
            raise ApiError("channel_not_found")
        if channel[0] in ("U", "W"):
            self._check_user(channel)
            record = self.users.get(channel)
            if record is not None and record["is_bot"]:
                raise ApiError("cannot_dm_bot")
            channel = "D" + channel[1:]
        elif channel[0] == "D":
            user = self._dm_user(channel)
            if user is not None and self.users[user]["deleted"]:
                raise ApiError("user_disabled")
        if channel in self.missing_channels:
            raise ApiError("channel_not_found")
        return str(channel)

    def _existing_channel(self, channel: Any) -> str:
        if not isinstance(channel, str) or not channel or channel in self.missing_channels:
            raise ApiError("channel_not_found")
        return channel

    def _existing_message(self, channel: Any, ts: Any) -> dict[str, Any]:
        channel = self._existing_channel(channel)
        message = self._messages.get((channel, str(ts)))
        if message is None:
            raise ApiError("message_not_found")
        return message

    def _check_content(self, params: dict[str, Any], *, require: bool = True) -> None:
        blocks = params.get("blocks")
        attachments = params.get("attachments")
        text = params.get("text")
        if isinstance(blocks, str) or isinstance(attachments, str):
            raise ApiError("invalid_blocks_format" if isinstance(blocks, str) else "invalid_json")
        if require and not text and not blocks and not attachments:
            raise ApiError("no_text")
        if text is not None and len(str(text)) > MAX_TEXT:
            raise ApiError("msg_too_long")
        if blocks and self.validate:
            errors = validate_blocks(blocks)
            if errors:
                raise ApiError(
                    "invalid_blocks",
                    errors=errors,
                    response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
                )
        metadata = params.get("metadata")
        if metadata is not None:
            if not isinstance(metadata, dict):
                raise ApiError("invalid_metadata_format")
            if not isinstance(metadata.get("event_type"), str) or not isinstance(
                metadata.get("event_payload"), dict
            ):
                raise ApiError("invalid_metadata_schema")

    def _check_view(self, view: Any) -> dict[str, Any]:
        if isinstance(view, str) or not isinstance(view, dict):
            raise ApiError("invalid_arguments", response_metadata={"messages": ["view: invalid"]})
        if self.validate:
            errors = validate_view(view)
            if errors:
                raise ApiError(
                    "invalid_arguments",
                    response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
                )
        return view

    # ---- method handlers (called with the lock held) -----------------------------------------

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": TEAM_NAME,
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _team_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "team": {
                "id": TEAM_ID,
                "name": TEAM_NAME,
                "domain": TEAM_DOMAIN,
                "email_domain": "",
                "icon": {},
            }
        }

    def _chat_post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_post_target(params.get("channel"))
        self._check_content(params)
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": str(params.get("text") or ""),
            "ts": self._next_ts(),
        }
        for key in ("blocks", "attachments", "metadata"):
            if params.get(key):
                message[key] = copy.deepcopy(params[key])
        thread_ts = params.get("thread_ts")
        self._store(channel, message, str(thread_ts) if thread_ts else None)
        return {"channel": channel, "ts": message["ts"], "message": copy.deepcopy(message)}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing_message(params.get("channel"), params.get("ts"))
        if message.get("user") != BOT_USER_ID:
            raise ApiError("cant_update_message")
        self._check_content(params, require=False)
        if "text" in params:
            message["text"] = str(params.get("text") or "")
        for key in ("blocks", "attachments", "metadata"):
            if key in params:
                if params[key]:
                    message[key] = copy.deepcopy(params[key])
                else:
                    message.pop(key, None)
        message["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
        return {
            "channel": params["channel"],
            "ts": message["ts"],
            "text": message.get("text", ""),
            "message": copy.deepcopy(message),
        }

    def _chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        message = self._existing_message(channel, params.get("ts"))
        if message.get("user") != BOT_USER_ID:
            raise ApiError("cant_delete_message")
        del self._messages[(channel, message["ts"])]
        return {"channel": channel, "ts": message["ts"]}

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_post_target(params.get("channel"))
        user = params.get("user")
        if not user:
            raise ApiError("user_not_in_channel")
        self._check_user(str(user))
        self._check_content(params)
        ts = self._next_ts()
        self.ephemerals.append(
            {
                "channel": channel,
                "user": str(user),
                "text": str(params.get("text") or ""),
                "blocks": copy.deepcopy(params.get("blocks") or []),
                "thread_ts": params.get("thread_ts"),
                "ts": ts,
            }
        )
        return {"message_ts": ts}

    def _chat_get_permalink(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        message = self._existing_message(channel, params.get("message_ts"))
        ts = str(message["ts"]).replace(".", "")
        return {"channel": channel, "permalink": f"https://fake.slack/archives/{channel}/p{ts}"}

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        channel_param = params.get("channel")
        if channel_param:
            return {"channel": {"id": self._existing_channel(channel_param)}}
        users_param = params.get("users") or ""
        users = (
            [str(u) for u in users_param]
            if isinstance(users_param, list)
            else [u.strip() for u in str(users_param).split(",") if u.strip()]
        )
        if not users:
            raise ApiError("users_list_not_supplied")
        for user in users:
            self._check_user(user)
        if len(users) == 1:
            user = users[0]
            record = self.users.get(user)
            if record is not None and record["is_bot"] and user != BOT_USER_ID:
                raise ApiError("cannot_dm_bot")
            return {"channel": {"id": "D" + user[1:]}, "no_op": False, "already_open": False}
        group = "G" + "".join(u[1:4] for u in sorted(users)).upper()
        return {"channel": {"id": group}, "no_op": False, "already_open": False}

    def _conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._existing_channel(params.get("channel"))
        if channel.startswith("D"):
            user = self._dm_user(channel) or "U" + channel[1:]
            return {"channel": {"id": channel, "is_im": True, "user": user}}
        return {
            "channel": {
                "id": channel,
                "name": channel.lower(),
                "is_channel": channel.startswith("C"),
                "is_private": channel.startswith("G"),
                "is_im": False,
                "is_member": True,
                "is_archived": False,
            }
        }

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._existing_channel(params.get("channel"))
        inclusive = _truthy(params.get("inclusive"))
        oldest = params.get("oldest")
        latest = params.get("latest")
        items = [
            m
            for (ch, ts), m in self._messages.items()
            if ch == channel
            and (m.get("thread_ts") in (None, ts) or m.get("subtype") == "thread_broadcast")
        ]
        if oldest:
            low = _ts_key(str(oldest))
            items = [
                m
                for m in items
                if _ts_key(m["ts"]) > low or (inclusive and _ts_key(m["ts"]) == low)
            ]
        if latest:
            high = _ts_key(str(latest))
            items = [
                m
                for m in items
                if _ts_key(m["ts"]) < high or (inclusive and _ts_key(m["ts"]) == high)
            ]
        items.sort(key=lambda m: _ts_key(m["ts"]), reverse=True)
        return self._page(items, params)

    def _conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._existing_channel(params.get("channel"))
        ts = str(params.get("ts") or "")
        message = self._messages.get((channel, ts))
        if message is None:
            raise ApiError("thread_not_found")
        root = str(message.get("thread_ts") or ts)
        items = [
            m
            for (ch, mts), m in self._messages.items()
            if ch == channel and (mts == root or m.get("thread_ts") == root)
        ]
        items.sort(key=lambda m: _ts_key(m["ts"]))
        return self._page(items, params)

    @staticmethod
    def _page(items: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
        limit = int(params.get("limit") or 100) or 100
        cursor = str(params.get("cursor") or "")
        start = int(cursor.removeprefix("offset:")) if cursor.startswith("offset:") else 0
        page = items[start : start + limit]
        has_more = start + limit < len(items)
        return {
            "messages": copy.deepcopy(page),
            "has_more": has_more,
            "response_metadata": {"next_cursor": f"offset:{start + limit}" if has_more else ""},
        }

    def _reactions_add(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing_message(params.get("channel"), params.get("timestamp"))
        name = str(params.get("name") or "").strip(":")
        if not name:
            raise ApiError("invalid_name")
        reactions: list[dict[str, Any]] = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["name"] == name:
                if BOT_USER_ID in reaction["users"]:
                    raise ApiError("already_reacted")
                reaction["users"].append(BOT_USER_ID)
                reaction["count"] += 1
                return {}
        reactions.append({"name": name, "users": [BOT_USER_ID], "count": 1})
        return {}

    def _reactions_remove(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing_message(params.get("channel"), params.get("timestamp"))
        name = str(params.get("name") or "").strip(":")
        for reaction in message.get("reactions", []):
            if reaction["name"] == name and BOT_USER_ID in reaction["users"]:
                reaction["users"].remove(BOT_USER_ID)
                reaction["count"] -= 1
                if not reaction["users"]:
                    message["reactions"].remove(reaction)
                return {}
        raise ApiError("no_reaction")

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = str(params.get("user") or "")
        record = self.users.get(user_id)
        if record is None:
            if self.auto_users and user_id[:1] in ("U", "W"):
                record = {
                    "id": user_id,
                    "tz": "UTC",
                    "deleted": False,
                    "is_bot": False,
                    "name": user_id.lower(),
                    "real_name": user_id,
                    "display_name": user_id,
                }
            else:
                raise ApiError("user_not_found")
        return {"user": self._user_object(record)}

    def _users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """Every user in the directory (deleted ones too, as Slack lists them), paged."""
        limit = int(params.get("limit") or 0) or 1000
        cursor = str(params.get("cursor") or "")
        start = int(cursor.removeprefix("offset:")) if cursor.startswith("offset:") else 0
        records = [self.users[k] for k in sorted(self.users)]
        page = records[start : start + limit]
        more = start + limit < len(records)
        return {
            "members": [self._user_object(record) for record in page],
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": f"offset:{start + limit}" if more else ""},
        }

    def _user_object(self, record: Mapping[str, Any]) -> dict[str, Any]:
        user_id = str(record["id"])
        user: dict[str, Any] = {
            "id": record["id"],
            "team_id": TEAM_ID,
            "name": record["name"],
            "real_name": record["real_name"],
            "deleted": record["deleted"],
            "is_bot": record["is_bot"],
            "is_app_user": False,
            "profile": {
                "display_name": record["display_name"] or "",
                "real_name": record["real_name"],
                "team": TEAM_ID,
            },
        }
        if record["is_bot"]:
            user["profile"]["bot_id"] = BOT_ID if record["id"] == BOT_USER_ID else "B" + user_id[1:]
        if record["tz"]:
            user.update(_tz_fields(record["tz"]))
        if record.get("locale"):  # Slack sends it when asked with include_locale=true
            user["locale"] = record["locale"]
        return user

    def _stored_view(
        self, view: dict[str, Any], *, view_id: str, previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        stored = {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": view.get("type", "modal"),
            "blocks": copy.deepcopy(view.get("blocks") or []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{next(self._ids)}.fakehash",
            "title": copy.deepcopy(view.get("title")),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": copy.deepcopy(view.get("close")),
            "submit": copy.deepcopy(view.get("submit")),
            "previous_view_id": None,
            "root_view_id": view_id if previous is None else previous.get("root_view_id"),
            "app_id": APP_ID,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        self.views[view_id] = stored
        return stored

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._open_modal(params, pushed=False)

    def _views_push(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._open_modal(params, pushed=True)

    def _open_modal(self, params: dict[str, Any], *, pushed: bool) -> dict[str, Any]:
        if not params.get("trigger_id") and not params.get("interactivity_pointer"):
            raise ApiError("invalid_arguments", response_metadata={"messages": ["trigger_id"]})
        view = self._check_view(params.get("view"))
        previous = None
        if pushed and self.opened_views:
            previous = self.views.get(self.opened_views[-1]["id"])
        stored = self._stored_view(view, view_id=self._next_id("V"), previous=previous)
        if previous is not None:
            stored["previous_view_id"] = previous["id"]
        self.opened_views.append(
            {"id": stored["id"], "trigger_id": params.get("trigger_id"), "pushed": pushed}
        )
        return {"view": copy.deepcopy(stored)}

    def _views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        view = self._check_view(params.get("view"))
        view_id = params.get("view_id")
        external_id = params.get("external_id")
        existing = None
        if view_id:
            existing = self.views.get(str(view_id))
        elif external_id:
            existing = next(
                (v for v in self.views.values() if v.get("external_id") == external_id), None
            )
        if existing is None:
            raise ApiError("not_found")
        if params.get("hash") and params["hash"] != existing["hash"]:
            raise ApiError("hash_conflict")
        stored = self._stored_view(view, view_id=existing["id"], previous=existing)
        stored["previous_view_id"] = existing.get("previous_view_id")
        return {"view": copy.deepcopy(stored)}

    def _views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = str(params.get("user_id") or "")
        if not user_id:
            raise ApiError("invalid_arguments", response_metadata={"messages": ["user_id"]})
        self._check_user(user_id)
        view = self._check_view(params.get("view"))
        existing = self.home_views.get(user_id)
        view_id = existing["id"] if existing else self._next_id("V")
        stored = self._stored_view(view, view_id=view_id, previous=None)
        self.home_views[user_id] = stored
        return {"view": copy.deepcopy(stored)}

    def _usergroups_users_update(self, params: dict[str, Any]) -> dict[str, Any]:
        """Replace a user group's members; `users` is the whole list, comma-separated."""
        group = self.usergroups.get(str(params.get("usergroup") or ""))
        if group is None:
            raise ApiError("no_such_subteam")
        raw = params.get("users")
        users = [u.strip() for u in str(raw or "").split(",") if u.strip()]
        if not users:
            raise ApiError("no_users_provided")
        if any(u[:1] not in ("U", "W") for u in users) or (
            self.strict_users and any(u not in self.users for u in users)
        ):
            raise ApiError("invalid_users")
        group["users"] = users
        group["user_count"] = len(users)
        group["date_update"] = int(self.clock() if self.clock else time.time())
        group["updated_by"] = BOT_USER_ID
        return {"usergroup": copy.deepcopy(group)}

    def _files_get_upload_url(self, params: dict[str, Any]) -> dict[str, Any]:
        filename = params.get("filename")
        length = params.get("length")
        if not filename or length in (None, ""):
            raise ApiError("invalid_arguments")
        file_id = self._next_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": str(filename),
            "length": int(length),
            "alt_txt": params.get("alt_txt"),
            "completed": False,
        }
        return {"upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            raise ApiError("invalid_arguments")
        channel = params.get("channel_id") or (str(params.get("channels") or "").split(",")[0])
        if channel:
            channel = self._resolve_post_target(channel)
        out = []
        for item in files:
            file_id = str(item.get("id")) if isinstance(item, dict) else ""
            record = self.files.get(file_id)
            if record is None or file_id not in self.uploads:
                raise ApiError("file_not_found")
            record.update(
                completed=True,
                title=item.get("title") or record["name"],
                channel=channel or None,
                thread_ts=params.get("thread_ts"),
                initial_comment=params.get("initial_comment"),
            )
            out.append({"id": file_id, "title": record["title"], "name": record["name"]})
        return {"files": out}
