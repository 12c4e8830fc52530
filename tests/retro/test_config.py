"""`[[retros]]` in tandem.toml: typed, defaulted and validated with key paths."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.workspace.load import ConfigError, parse_workspace
from bot.core.workspace.model import Retro
from bot.retro.rules import retro_day
from tests.support.workspace import EXAMPLE_CONFIG


def with_retro(old: str, new: str) -> str:
    text = EXAMPLE_CONFIG.read_text()
    assert old in text
    return text.replace(old, new, 1)


def test_the_example_retro_is_loaded() -> None:
    [retro] = parse_workspace(EXAMPLE_CONFIG.read_text()).retros
    assert retro == Retro(
        id="apollo-retro",
        team="apollo",
        day=4,
        every_weeks=2,
        time=dt.time(15, 0),
        questions=("What went well?", "What should we change?", "One action we take next"),
        lesson_questions=(1, 2),
    )


def test_lesson_questions_default_to_the_last_two() -> None:
    text = with_retro("lesson_questions = [2, 3]", "")
    [retro] = parse_workspace(text).retros
    assert retro.lesson_questions == (1, 2)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('every = "2w"', 'every = "10d"', 'retros[0].every: "10d" is not a whole number of weeks'),
        ("lesson_questions = [2, 3]", "lesson_questions = [4]", "retros[0].lesson_questions[0]"),
        ("lesson_questions = [2, 3]", 'lesson_questions = ["x"]', "retros[0].lesson_questions[0]"),
        ('team = "apollo"                        # DMs', 'team = "mars" # DMs', "retros[0].team"),
        ('day = "fri"\nevery', 'day = "someday"\nevery', "retros[0].day"),
    ],
)
def test_a_bad_retro_is_reported_with_its_key_path(old: str, new: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_workspace(with_retro(old, new))
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems


def test_every_two_weeks_counts_weeks_from_monday_1_january_2024() -> None:
    [retro] = parse_workspace(EXAMPLE_CONFIG.read_text()).retros
    assert retro_day(retro, dt.date(2026, 11, 24)) is None
    assert retro_day(retro, dt.date(2026, 12, 1)) == dt.date(2026, 12, 4)
    assert retro_day(retro, dt.date(2026, 12, 8)) is None
