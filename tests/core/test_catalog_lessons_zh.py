"""The lessons and retro copy has a zh-CN entry for every English id, same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.core.messages import lessons, retro


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("module", [lessons, retro])
def test_every_english_id_has_a_zh_cn_entry_with_the_same_placeholders(module: object) -> None:
    en, zh = module.EN, module.ZH  # type: ignore[attr-defined]
    assert sorted(set(en) ^ set(zh)) == []
    assert [key for key in en if _fields(en[key]) != _fields(zh[key])] == []
