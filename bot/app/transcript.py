"""What people see in Slack, readable outside it: Block Kit as terminal text (`rich`) and as
an HTML page that looks like a Slack conversation. Used by `tandem demo`."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.panel import Panel

EMOJI = {
    "large_green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "large_orange_circle": "🟠",
    "red_circle": "🔴",
    "white_circle": "⚪",
    "warning": "⚠️",
    "rotating_light": "🚨",
    "pager": "📟",
    "white_check_mark": "✅",
    "busts_in_silhouette": "👥",
    "calendar": "📅",
    "bar_chart": "📊",
    "tada": "🎉",
    "clap": "👏",
    "bulb": "💡",
    "memo": "📝",
    "hourglass_flowing_sand": "⏳",
    "palm_tree": "🌴",
    "arrow_right": "➡️",
    "construction": "🚧",
    "pushpin": "📌",
    "speech_balloon": "💬",
    "hourglass": "⌛",
}
_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>|<([^<>]+)>")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")


@dataclass(frozen=True)
class Shown:
    """One message as a person sees it: where, from whom, when, and its lines."""

    where: str
    who: str
    at: datetime
    lines: tuple[str, ...]
    buttons: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    thread: bool = False


def plain(text: str, names: Mapping[str, str]) -> str:
    """Slack mrkdwn with mentions, links, dates and emoji resolved; `*bold*` kept."""

    def link(match: re.Match[str]) -> str:
        target, label, bare = match.group(1), match.group(2), match.group(3)
        inner = target or bare or ""
        if inner.startswith("@"):
            return "@" + names.get(inner[1:].split("|")[0], inner[1:])
        if inner.startswith("#"):
            return (label and "#" + label) or names.get(inner[1:], "#" + inner[1:])
        if inner.startswith("!date^"):
            return label or inner
        if inner.startswith("!"):
            return "@" + (label or inner[1:])
        return label or inner

    text = _LINK.sub(link, text)
    text = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def block_lines(blocks: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[str]:
    """The readable lines of a message's blocks (buttons are returned separately)."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"*{plain(str((block.get('text') or {}).get('text', '')), names)}*")
        elif kind == "section":
            text = (block.get("text") or {}).get("text")
            if text:
                lines.extend(plain(str(text), names).splitlines())
            for item in block.get("fields") or []:  # "*Label*\nvalue" reads as one line
                lines.append(plain(str(item.get("text", "")), names).replace("\n", " "))
        elif kind == "context":
            parts = [str(e.get("text", "")) for e in block.get("elements", []) if "text" in e]
            if parts:
                lines.append(plain("  ".join(parts), names))
        elif kind == "divider":
            lines.append("─" * 20)
        elif kind == "input":
            lines.append(f"[{(block.get('label') or {}).get('text', '')}: ____]")
    return lines


def buttons(blocks: Sequence[Mapping[str, Any]]) -> list[str]:
    found = []
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button":
                found.append(str((element.get("text") or {}).get("text", "")))
        accessory = block.get("accessory") or {}
        if accessory.get("type") == "button":
            found.append(str((accessory.get("text") or {}).get("text", "")))
    return found


def shown(message: Mapping[str, Any], where: str, who: str, names: Mapping[str, str]) -> Shown:
    """A Slack message (a fake's record, a response, a view) as it is shown."""
    blocks = message.get("blocks") or []
    lines = block_lines(blocks, names) or plain(str(message.get("text") or ""), names).splitlines()
    ts = str(message.get("ts") or "0")
    at = datetime.fromtimestamp(float(ts.split(".")[0] or 0), UTC)
    thread = bool(message.get("thread_ts")) and message.get("thread_ts") != message.get("ts")
    return Shown(where, who, at, tuple(lines), tuple(buttons(blocks)), thread=thread)


@dataclass
class Transcript:
    """Everything shown during a run, in order, printed as it comes and kept for HTML."""

    console: Console
    names: Mapping[str, str]
    zone_of: Callable[[str], Any]
    items: list[tuple[str, Shown | None]] = field(default_factory=list)

    def scene(self, title: str) -> None:
        self.items.append((title, None))
        self.console.rule(f"[bold]{rich_escape(title)}")

    def show(self, item: Shown) -> None:
        self.items.append(("", item))
        body = "\n".join(_rich_line(line) for line in item.lines)
        if item.buttons:
            body += "\n" + "  ".join(f"[reverse] {rich_escape(b)} [/reverse]" for b in item.buttons)
        if item.images:
            body += "\n" + "\n".join(f"🖼  {rich_escape(Path(i).name)}" for i in item.images)
        title = f"{item.where} · {item.who}" + (" · in thread" if item.thread else "")
        self.console.print(Panel(body or " ", title=rich_escape(title), title_align="left"))

    def html(self, items: Sequence[tuple[str, Shown | None]] | None = None) -> str:
        """A standalone page that reads like a Slack conversation (all items by default)."""
        parts = [_HTML_HEAD + ("<h1>Tandem: a week in Slack</h1>" if items is None else "")]
        for title, item in self.items if items is None else items:
            if item is None:
                parts.append(f"<h2>{html.escape(title)}</h2>")
                continue
            text = "<br>".join(_html_line(line) for line in item.lines)
            buttons_html = "".join(f"<span class=btn>{html.escape(b)}</span>" for b in item.buttons)
            images = "".join(f'<img src="{html.escape(Path(i).name)}" alt="">' for i in item.images)
            thread = " thread" if item.thread else ""
            parts.append(
                f'<div class="msg{thread}"><div class=where>{html.escape(item.where)}</div>'
                f"<div class=who>{html.escape(item.who)}</div><div class=text>{text}</div>"
                f"<div>{buttons_html}</div>{images}</div>"
            )
        parts.append("</body></html>")
        return "\n".join(parts)

    def first(self, where: str, starts: str) -> Shown | None:
        """The first message shown in `where` (a prefix) whose first line starts with `starts`."""
        return next(
            (
                item
                for _, item in self.items
                if item is not None
                and item.where.startswith(where)
                and item.lines
                and item.lines[0].replace("*", "").startswith(starts)
            ),
            None,
        )


def _rich_line(line: str) -> str:
    return re.sub(r"\*([^*\n]+)\*", r"[bold]\1[/bold]", rich_escape(line))


def _html_line(line: str) -> str:
    bold = re.sub(r"\*([^*\n]+)\*", r"<b>\1</b>", html.escape(line))
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", bold)


def write_images(files: Iterable[Mapping[str, Any]], out: Path) -> list[str]:
    """Save uploaded files (PNG charts) to `out`; their paths."""
    paths = []
    for record in files:
        content = record.get("content")
        if isinstance(content, bytes | bytearray):
            path = out / str(record.get("name") or record.get("id"))
            path.write_bytes(bytes(content))
            paths.append(str(path))
    return paths


_HTML_HEAD = """<!doctype html><html><head><meta charset="utf-8"><title>Tandem demo</title>
<style>
body{font-family:-apple-system,"Segoe UI",Lato,sans-serif;max-width:760px;margin:2em auto;
color:#1d1c1d;background:#fff}
h2{font-size:15px;color:#616061;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:2em}
.msg{border-left:4px solid #4a154b;padding:6px 12px;margin:10px 0;background:#f8f8f8}
.msg.thread{margin-left:32px;border-left-color:#1264a3}
.where{font-size:12px;color:#616061}.who{font-weight:700;margin:2px 0}
.text{line-height:1.45}
.btn{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:2px 10px;
margin:6px 6px 0 0;font-size:13px;background:#fff}
img{max-width:100%;margin-top:8px;border:1px solid #ddd}
code{font-size:12px;background:#eee;border-radius:3px;padding:0 3px;color:#c01343}
</style></head><body>"""
