"""The /risk grammar on its own: key:value splitting, and a fuzzer that finds no crash."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.risk.grammar import (
    AddRisk,
    CloseRisk,
    ListRisks,
    UpdateRisk,
    parse_risk_command,
    split_fields,
)

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
NY = ZoneInfo("America/New_York")
TEAMS = ("apollo", "ops")


def parse(text: str) -> object:
    """Parse the text after `/risk` as the handler would split it."""
    sub, _, rest = text.strip().partition(" ")
    return parse_risk_command(
        sub.lower(), rest.strip(), caller="U0DEV1", tz=NY, now=NOW, teams=TEAMS
    )


def test_a_value_runs_to_the_next_key() -> None:
    head, values = split_fields("Vendor: late again due:next friday 5pm p:4", ("p", "due"))
    assert head == "Vendor: late again"
    assert values == {"due": "next friday 5pm", "p": "4"}


def test_keys_count_only_at_the_start_of_a_word_and_in_any_case() -> None:
    head, values = split_fields("Fix http://x ip:1 P:2", ("p", "i"))
    assert head == "Fix http://x ip:1"
    assert values == {"p": "2"}


def test_add_reads_mentions_dates_and_scales() -> None:
    command = parse("add Vendor late owner:<@U0DEV2|dev2> due:2026-12-01 i:5 team:ops")
    assert command == AddRisk(
        title="Vendor late",
        impact=5,
        owner="U0DEV2",
        due_at=datetime(2026, 12, 1, 22, 0, tzinfo=UTC),
        team="ops",
    )


def test_update_close_and_list_forms() -> None:
    assert parse("update R-4 status:watch due:none owner:me") == UpdateRisk(
        4, {"owner": "U0DEV1", "due_at": None, "status": "watch"}
    )
    assert parse("close r-4 converted to issue: INC-9") == CloseRisk(4, "converted to issue: INC-9")
    assert parse("list mine overdue team:ops page:3") == ListRisks(
        frozenset({"mine", "overdue"}), "ops", 3
    )


TOKENS = st.sampled_from(
    [
        "add",
        "list",
        "show",
        "update",
        "close",
        "escalate",
        "action",
        "R-1",
        "r-999999999999",
        "R-",
        "p:",
        "i:",
        "p:3",
        "i:0",
        "p:٣",
        "owner:",
        "owner:<@U0DEV2|x>",
        "owner:<@",
        "owner:me",
        "due:",
        "due:tomorrow",
        "due:next friday 5pm",
        "due:9999-99-99",
        "due:in 99999999999 years",
        "due:-1",
        "team:",
        "team:apollo",
        "status:",
        "status:closed",
        "status:occurred",
        "page:",
        "page:99999999999999",
        "done:",
        "done:1",
        "mine",
        "top",
        "overdue",
        ":",
        "::",
        "\u200b",
        "\n",
        "<!channel>",
    ]
)
COMMAND_TEXT = st.lists(st.one_of(TOKENS, st.text(max_size=12)), max_size=10).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(COMMAND_TEXT)
def test_no_command_text_raises_anything_but_a_user_error(text: str) -> None:
    try:
        parse(text)
    except UserError as exc:
        rendered = exc.render()  # every parameter the message names was given
    else:
        rendered = "parsed"
    assert rendered


@pytest.mark.parametrize(
    "text",
    ["add x due:in 99999999999 years", "add x due:31/31/31", "update R-1 p:3 p:3"],
)
def test_absurd_dates_are_user_errors(text: str) -> None:
    with pytest.raises(UserError):
        parse(text)
