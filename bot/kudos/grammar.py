"""The `/kudos` grammar: `@user for WHAT` in, a typed request out, or a UserError."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.core.errors import UserError

MAX_REASON = 500
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_FOR = re.compile(r"^for\b\s*", re.IGNORECASE)


@dataclass(frozen=True)
class GiveKudos:
    receiver: str
    text: str  # as typed (Slack's escaping undone); renderers escape it


def parse_kudos(text: str) -> GiveKudos:
    """`<@U123|dana> for fixing the pager` → GiveKudos("U123", "fixing the pager").

    "for" is optional. Raises UserError: no mention first, or nothing to thank them for.
    """
    target, _, rest = text.strip().partition(" ")
    match = _MENTION.fullmatch(target)
    if match is None:
        raise UserError("kudos.error.no_user")
    reason = " ".join(html.unescape(_FOR.sub("", rest.strip(), count=1)).split())
    if not reason:
        raise UserError("kudos.error.no_reason", user=f"<@{match.group(1)}>")
    if len(reason) > MAX_REASON:
        raise UserError("kudos.error.too_long", length=len(reason), limit=MAX_REASON)
    return GiveKudos(match.group(1), reason)
