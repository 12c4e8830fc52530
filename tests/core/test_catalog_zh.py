"""The zh-CN catalog covers exactly the English ids, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.core.messages import CATALOG

EN = CATALOG["en"]
ZH = CATALOG["zh-CN"]

# Texts that are the same in both languages: only placeholders, markup, code spans or a name.
SAME_AS_ENGLISH = frozenset(
    {
        "home.title",
        "escalation.system",
        "risk.history.tandem",
        "risk.none",
        "risk.section.description",
        "risk.root_title",
        "risk.show.action",
        "risk.show.event",
        "risk.list.line",
        "home.risks.rating",
        "lesson.line.meta",
        "retro.summary.question",
        "retro.question",
        "standup.question",
        "standup.modal.header",
        "standup.report.qa",
        "digest.period",
        "digest.about",
        "usage.standup",
        "usage.goal",
        "usage.kudos",
        "usage.lesson",
    }
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_english_id_has_a_translation() -> None:
    assert sorted(set(EN) - set(ZH)) == []


def test_no_translation_without_an_english_id() -> None:
    assert sorted(set(ZH) - set(EN)) == []


@pytest.mark.parametrize("key", sorted(EN))
def test_placeholders_match(key: str) -> None:
    if key not in ZH:
        pytest.fail(f"{key} has no zh-CN entry")
    assert _fields(ZH[key]) == _fields(EN[key])


def test_translated_unless_allowed() -> None:
    same = sorted(key for key in EN if ZH.get(key) == EN[key] and key not in SAME_AS_ENGLISH)
    assert same == []


def test_brace_escapes_kept() -> None:
    changed = sorted(
        key
        for key in EN
        if (ZH.get(key, "").count("{{"), ZH.get(key, "").count("}}"))
        != (EN[key].count("{{"), EN[key].count("}}"))
    )
    assert changed == []


def test_templates_format() -> None:
    for key, text in ZH.items():
        text.format(**dict.fromkeys(_fields(EN[key]), "x"))


# Slack limits: button texts 75 characters, modal title / submit / close texts 24.
MODAL_WORDS = ("title", "submit", "close", "cancel", "new", "edit", "rescore", "submit_close")


@pytest.mark.parametrize("key", sorted(ZH))
def test_slack_length_limits(key: str) -> None:
    last = key.rsplit(".", 1)[-1]
    if "button" in key:
        assert len(ZH[key]) <= 75
    if last.rsplit("_modal_", 1)[-1] in MODAL_WORDS and ("modal" in key):
        assert len(ZH[key]) <= 24


def test_allow_list_is_current() -> None:
    stale = sorted(key for key in SAME_AS_ENGLISH if ZH.get(key) != EN.get(key))
    assert stale == []
