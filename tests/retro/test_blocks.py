"""The retro summary stays within Slack's limits and loses no answer."""

from __future__ import annotations

from datetime import date

from bot.retro.blocks import summary_messages


def test_a_long_summary_splits_into_sections_and_messages_within_slacks_limits() -> None:
    questions = [f"Question {n}?" for n in range(1, 11)]
    answers = {f"U{n:04d}": [f"{n}-{q} " + "x" * 1900 for q in range(10)] for n in range(12)}
    messages = summary_messages(
        name="Apollo",
        day=date(2026, 12, 4),
        team="apollo",
        questions=questions,
        answers=answers,
        asked=12,
        lessons=24,
    )
    assert len(messages) > 1
    for message in messages:
        assert len(message.blocks) <= 50 and len(message.text) <= 3000
        assert all(len(b["text"]["text"]) <= 3000 for b in message.blocks)
    shown = "\n".join(b["text"]["text"] for m in messages for b in m.blocks)
    assert all(f"{n}-{q} " in shown for n in range(12) for q in range(10))
