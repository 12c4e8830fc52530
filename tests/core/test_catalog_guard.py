"""No sentence a person reads bypasses the catalog: a `text=` given as a literal with words in
it (a Block Kit element, an ack, a respond, a post) would stay English for everyone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.core.messages import CATALOG

ROOT = Path(__file__).resolve().parents[2]
WORDS = re.compile(r"[A-Za-z]{3,}")
# Not for people: the stand-in fakes Slack's side, the demo narrates in the terminal.
EXEMPT = ("bot/app/standin/", "bot/app/demo.py", "bot/app/transcript.py")


def literal_texts() -> list[str]:
    found = []
    for path in sorted([*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")]):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(EXEMPT) or "/messages/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg in ("text", "title", "placeholder", "label", "submit", "close")
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and WORDS.search(value.value)
                    and value.value not in CATALOG["en"]  # a catalog id, looked up later
                ):
                    found.append(f"{relative}:{node.lineno}: {value.value!r}")
    return found


def test_no_user_facing_text_is_written_outside_the_catalog() -> None:
    assert literal_texts() == []
