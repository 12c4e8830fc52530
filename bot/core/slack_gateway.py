"""The one door to the Slack Web API. Services talk to `SlackGateway`, never to WebClient.

Every failure becomes a `SlackSendError` that says whether trying again can help, so callers
can retry (429, 5xx, timeouts) or report (channel_not_found, deactivated users) instead of
swallowing it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

if TYPE_CHECKING:
    from bot.core.metrics import Metrics

log = logging.getLogger(__name__)

# Errors after which the same call will never succeed; everything else is worth retrying.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "thread_not_found",
        "invalid_arguments",
        "no_such_subteam",
        "subteam_not_found",
        "invalid_users",
        "permission_denied",
        "webhook_removed",  # a queued webhook POST whose [[webhooks]] entry is gone
    }
)


USERS_PAGE = 200  # users.list page size Slack recommends
MAX_LOOKUP_PAGES = 10  # a metadata look-up reads at most this many pages of a channel/thread


class SlackSendError(Exception):
    """A Web API call failed. `retry_after` is set for rate limits (seconds)."""

    def __init__(self, method: str, error: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{method}: {error}")
        self.method = method
        self.error = error
        self.retry_after = retry_after

    @property
    def permanent(self) -> bool:
        return self.error in PERMANENT_ERRORS


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


@dataclass(frozen=True)
class SlackUserInfo:
    id: str
    name: str
    tz: str | None
    deleted: bool
    is_bot: bool
    locale: str | None = None  # Slack's `locale` ("zh-CN", "en-US"), asked with include_locale


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    title: str


class SlackGateway(Protocol):
    """What services may ask of Slack."""

    def post(
        self,
        channel: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Posted: ...

    def update(
        self, channel: str, ts: str, text: str, blocks: Sequence[dict[str, Any]] | None = None
    ) -> None: ...

    def post_ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
    ) -> None: ...

    def open_modal(self, trigger_id: str, view: dict[str, Any]) -> None: ...

    def publish_home(self, user: str, view: dict[str, Any]) -> None: ...

    def user_info(self, user: str) -> SlackUserInfo: ...

    def list_users(self) -> list[SlackUserInfo]: ...

    def permalink(self, channel: str, ts: str) -> str: ...

    def find_by_metadata(
        self, channel: str, key: str, oldest: str | None, thread_ts: str | None = None
    ) -> Posted | None: ...

    def upload(self, channel: str, thread_ts: str | None, files: Sequence[Upload]) -> None: ...

    def team_url(self) -> str: ...

    def update_usergroup(self, usergroup: str, users: Sequence[str]) -> None: ...


def make_client(
    token: str, base_url: str, *, interactive: bool, timeout: float = 10.0
) -> WebClient:
    """A WebClient pointed at `base_url`.

    Interactive paths (a person waiting on a reply) retry one 429 in-process; the outbox
    client does not, because the outbox reschedules with Retry-After instead of sleeping.
    """
    handlers: list[Any] = [ConnectionErrorRetryHandler(max_retry_count=1)]
    if interactive:
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    # slack_sdk annotates `timeout` as int, but hands it to urllib, which takes float seconds.
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,  # type: ignore[arg-type]
        retry_handlers=handlers,
    )


def _user(user_id: str, data: dict[str, Any]) -> SlackUserInfo:
    profile = data.get("profile") or {}
    name = profile.get("display_name") or profile.get("real_name") or data.get("name") or user_id
    return SlackUserInfo(
        id=user_id,
        name=str(name),
        tz=data.get("tz"),
        deleted=bool(data.get("deleted")),
        is_bot=bool(data.get("is_bot")),
        locale=data.get("locale"),
    )


def _to_send_error(method: str, exc: Exception) -> SlackSendError:
    if isinstance(exc, SlackApiError):
        response = exc.response
        error = str(response.get("error") or f"http_{response.status_code}")
        retry_after = None
        if response.status_code == 429:
            error = "ratelimited"
            header = response.headers.get("Retry-After") or response.headers.get("retry-after")
            retry_after = float(header[0] if isinstance(header, list) else header or 1)
        elif response.status_code >= 500:
            error = f"http_{response.status_code}"
        return SlackSendError(method, error, retry_after=retry_after)
    if isinstance(exc, TimeoutError) or "timed out" in str(exc).lower():
        return SlackSendError(method, "timeout")
    return SlackSendError(method, f"connection: {type(exc).__name__}")


class WebClientGateway:
    """SlackGateway over slack_sdk's WebClient; every failed call is counted in `metrics`."""

    def __init__(self, client: WebClient, metrics: Metrics | None = None) -> None:
        self.client = client
        self.metrics = metrics

    def _error(self, method: str, exc: Exception) -> SlackSendError:
        error = _to_send_error(method, exc)
        if self.metrics is not None:
            self.metrics.inc("tandem_slack_api_errors", method=method, error=error.error)
            if error.retry_after is not None:
                self.metrics.inc("tandem_slack_rate_limited", method=method)
        return error

    def _call(self, method: str, **params: Any) -> dict[str, Any]:
        try:
            response = self.client.api_call(method, json=params)
        except (SlackApiError, SlackClientError, OSError) as exc:
            raise self._error(method, exc) from exc
        return dict(response.data) if isinstance(response.data, dict) else {}

    def post(
        self,
        channel: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Posted:
        params: dict[str, Any] = {"channel": channel, "text": text, "unfurl_links": False}
        if blocks:
            params["blocks"] = list(blocks)
        if thread_ts:
            params["thread_ts"] = thread_ts
        if metadata:
            params["metadata"] = metadata
        data = self._call("chat.postMessage", **params)
        return Posted(channel=str(data["channel"]), ts=str(data["ts"]))

    def update(
        self, channel: str, ts: str, text: str, blocks: Sequence[dict[str, Any]] | None = None
    ) -> None:
        params: dict[str, Any] = {"channel": channel, "ts": ts, "text": text}
        params["blocks"] = list(blocks) if blocks else []
        self._call("chat.update", **params)

    def post_ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        params: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if blocks:
            params["blocks"] = list(blocks)
        self._call("chat.postEphemeral", **params)

    def open_modal(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._call("views.open", trigger_id=trigger_id, view=view)

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        self._call("views.publish", user_id=user, view=view)

    def user_info(self, user: str) -> SlackUserInfo:
        try:
            response = self.client.users_info(user=user, include_locale=True)
        except (SlackApiError, SlackClientError, OSError) as exc:
            raise self._error("users.info", exc) from exc
        return _user(user, response.get("user") or {})

    def list_users(self) -> list[SlackUserInfo]:
        """Everyone in the workspace, deactivated people included: one `users.list` page walk."""
        users: list[SlackUserInfo] = []
        cursor = ""
        while True:
            try:
                response = self.client.users_list(
                    limit=USERS_PAGE, cursor=cursor or None, include_locale=True
                )
            except (SlackApiError, SlackClientError, OSError) as exc:
                raise self._error("users.list", exc) from exc
            for member in response.get("members") or []:
                users.append(_user(str(member.get("id") or ""), member))
            cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return users

    def permalink(self, channel: str, ts: str) -> str:
        try:
            response = self.client.chat_getPermalink(channel=channel, message_ts=ts)
        except (SlackApiError, SlackClientError, OSError) as exc:
            raise self._error("chat.getPermalink", exc) from exc
        return str(response["permalink"])

    def find_by_metadata(
        self, channel: str, key: str, oldest: str | None, thread_ts: str | None = None
    ) -> Posted | None:
        """Find a message this app posted with metadata `key` (after an ambiguous failure).

        A reply is looked for in its thread: `conversations.history` lists no thread replies.
        """
        method = "conversations.replies" if thread_ts else "conversations.history"
        try:
            if channel[:1] in ("U", "W"):
                channel = str(self.client.conversations_open(users=channel)["channel"]["id"])
            if thread_ts:
                pages = self.client.conversations_replies(
                    channel=channel,
                    ts=thread_ts,
                    oldest=oldest,
                    limit=200,
                    include_all_metadata=True,
                )
            else:
                pages = self.client.conversations_history(
                    channel=channel, oldest=oldest, limit=100, include_all_metadata=True
                )
            for page in itertools.islice(pages, MAX_LOOKUP_PAGES):
                for message in page.get("messages") or []:
                    payload = (message.get("metadata") or {}).get("event_payload") or {}
                    if payload.get("key") == key:
                        return Posted(channel=channel, ts=str(message["ts"]))
        except (SlackApiError, SlackClientError, OSError) as exc:
            raise self._error(method, exc) from exc
        return None

    def upload(self, channel: str, thread_ts: str | None, files: Sequence[Upload]) -> None:
        uploads = [{"file": f.content, "filename": f.filename, "title": f.title} for f in files]
        try:
            if thread_ts:
                self.client.files_upload_v2(
                    file_uploads=uploads, channel=channel, thread_ts=thread_ts
                )
            else:
                self.client.files_upload_v2(file_uploads=uploads, channel=channel)
        except (SlackApiError, SlackClientError, OSError) as exc:
            raise self._error("files.upload_v2", exc) from exc

    def team_url(self) -> str:
        """The workspace's base URL, e.g. "https://acme.slack.com/" (links without API calls).

        A message's permalink is this URL + "archives/<channel>/p<ts without the dot>".
        """
        return str(self._call("auth.test")["url"])

    def update_usergroup(self, usergroup: str, users: Sequence[str]) -> None:
        """Make `users` the whole membership of the user group (`usergroups.users.update`)."""
        self._call("usergroups.users.update", usergroup=usergroup, users=",".join(users))
