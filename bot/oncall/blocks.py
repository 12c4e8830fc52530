"""Text for /oncall: each rotation's current and next shift, in the reader's zone."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.blocks.text import local_time, mention
from bot.core.messages import t
from bot.oncall.rota import OverrideSet, RotationStatus


def status_text(statuses: Sequence[RotationStatus], tz: ZoneInfo) -> str:
    """One line per rotation: who is on call now and until when, and who comes next."""
    if not statuses:
        return t("oncall.none_configured")
    nobody = t("oncall.nobody")
    lines = []
    for status in statuses:
        current = status.shifts[0]
        now = (
            t("oncall.now", user=mention(current.user, nobody), until=local_time(current.end, tz))
            if current.end
            else t("oncall.now_open", user=mention(current.user, nobody))
        )
        if len(status.shifts) > 1:
            shift = status.shifts[1]
            params = {"user": mention(shift.user, nobody), "start": local_time(shift.start, tz)}
            following = (
                t("oncall.next", end=local_time(shift.end, tz), **params)
                if shift.end
                else t("oncall.next_open", **params)
            )
        else:
            following = t("oncall.no_next")
        lines.append(
            t(
                "oncall.status_line",
                rotation=status.rotation.id,
                team=status.team_name,
                now=now,
                next=following,
            )
        )
    return "\n".join(lines)


def override_text(done: OverrideSet, tz: ZoneInfo) -> str:
    return t(
        "oncall.override_done",
        user=mention(done.user, t("oncall.nobody")),
        rotation=done.rotation,
        start=local_time(done.start, tz),
        end=local_time(done.end, tz),
        previous=mention(done.previous, t("oncall.nobody")),
    )


def calendar_text(links: Sequence[tuple[str, str]], *, absolute: bool) -> str:
    """One private feed link per rotation; a path only when the server's address is unknown."""
    lines = [t("oncall.calendar_link", rotation=rotation, url=url) for rotation, url in links]
    if not absolute:
        lines.append(t("oncall.calendar_no_url"))
    return "\n".join(lines)
