"""The list's fast section rendering gives exactly what slack_sdk's models give."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackObjectFormationError

from bot.risk.blocks import section, section_dict


@pytest.mark.parametrize(
    "text",
    [
        "R-1 *Vendor API may slip* · :red_circle: critical (p5 × i5 = 25) · <@U0DEV1>",
        "a",
        "ünïcödé ✓ 🚀 &lt;escaped&gt;",
        "x" * 3000,
    ],
)
def test_a_section_is_the_dict_slack_sdk_renders(text: str) -> None:
    assert section_dict(text) == section(text).to_dict()


def test_a_section_slack_would_refuse_fails_as_slack_sdk_fails() -> None:
    with pytest.raises(SlackObjectFormationError, match="3000"):
        section_dict("x" * 3001)


def test_an_empty_section_is_what_slack_sdk_makes_of_it() -> None:
    assert section_dict("") == section("").to_dict()
