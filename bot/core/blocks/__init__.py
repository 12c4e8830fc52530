"""Block Kit rendering only: pure functions from values to payloads, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """What to post: the plain-text notification/fallback and its blocks."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
