"""The signature scheme, Slack's own with Tandem's names: `v1=` + hex HMAC-SHA256 of
`v1:{timestamp}:{body}` under the webhook's secret, sent with the timestamp it signed."""

from __future__ import annotations

import hashlib
import hmac

VERSION = "v1"
# A receiver refuses a timestamp further than this from its own clock (replays).
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-Tandem-Signature` value for `body` sent at `timestamp` (Unix seconds)."""
    base = f"{VERSION}:{timestamp}:".encode() + body
    return f"{VERSION}=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, now: float) -> bool:
    """What a receiver checks: a fresh timestamp and a signature that matches (constant time)."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)
