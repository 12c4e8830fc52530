"""Stand-up DMs rendered once for a whole fan-out are the same as those rendered one by one."""

from __future__ import annotations

from datetime import date

import pytest

from bot.standup.blocks import prompt_message, prompt_messages

QUESTIONS = ["What did you finish?", "What is next?", "Anything blocking you?"]
DAY = date(2026, 11, 24)


@pytest.mark.parametrize("late_time", [None, "09:30"])
def test_a_prompt_rendered_once_for_the_day_is_each_persons_own_prompt(
    late_time: str | None,
) -> None:
    render = prompt_messages(name="Apollo", day=DAY, questions=QUESTIONS, late_time=late_time)
    for prompt_id in (1, 42, 90210):
        alone = prompt_message(
            name="Apollo", day=DAY, questions=QUESTIONS, prompt_id=prompt_id, late_time=late_time
        )
        assert render(prompt_id) == alone


def test_filling_in_one_persons_prompt_leaves_the_others_untouched() -> None:
    render = prompt_messages(name="Apollo", day=DAY, questions=QUESTIONS)
    first = render(1)
    render(2)
    buttons = first.blocks[-1]["elements"]
    assert [b["value"] for b in buttons] == ["1", "1"]
