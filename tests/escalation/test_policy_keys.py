"""`[[escalation_policies]]` keys `assign`, `then` and `reescalate_after`: read and checked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.workspace.load import ConfigError, parse_workspace
from bot.escalation.policy import Snapshot
from tests.support.workspace import header, policy, rotation, team, toml

LEVEL = {"notify": ["owner"], "after": "5m"}


def config(*policies: str) -> str:
    return toml(header(), team("apollo"), team("ops"), rotation("ops-primary"), *policies)


def problems(*policies: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_workspace(config(*policies))
    return str(caught.value).splitlines()


def test_the_keys_are_read_into_the_policy_and_its_snapshot() -> None:
    ws = parse_workspace(
        config(
            policy(
                levels=[LEVEL, {**LEVEL, "notify": ["lead:ops"], "assign": "round_robin"}],
                then="backup",
                reescalate_after="1h",
            ),
            policy("backup", levels=[LEVEL]),
        )
    )
    default = ws.policy("default")
    assert [lv.assign for lv in default.levels] == ["all", "round_robin"]
    assert (default.then, default.reescalate_after) == ("backup", timedelta(hours=1))
    snap = Snapshot.of(default)
    assert Snapshot.from_json(snap.to_json()) == snap
    assert snap.levels[1].round_robin and not snap.levels[0].round_robin
    # The new keys are part of the version: an edit of any of them is a new version.
    assert (
        default.version
        != parse_workspace(config(policy(levels=[LEVEL, LEVEL]))).policy("default").version
    )


def test_a_snapshot_stored_before_these_keys_reads_with_their_defaults() -> None:
    old = {
        "id": "default",
        "version": "abc",
        "repeat": 0,
        "repeat_from_level": 0,
        "levels": [{"notify": ["owner"], "after_seconds": 300.0}],
    }
    snap = Snapshot.from_json(old)
    assert (snap.levels[0].assign, snap.then, snap.reescalate_after, snap.chain) == (
        "all",
        None,
        None,
        (),
    )


def test_an_unknown_assign_is_refused_with_its_key_path() -> None:
    assert problems(policy(levels=[LEVEL, {**LEVEL, "assign": "rr"}])) == [
        'escalation_policies[0].levels[1].assign: "rr" must be one of all, round_robin'
    ]


def test_then_must_name_another_existing_policy() -> None:
    assert problems(policy(levels=[LEVEL], then="default")) == [
        "escalation_policies[0].then: must name another policy, not the policy itself"
    ]
    assert problems(policy(levels=[LEVEL], then="nope")) == [
        'escalation_policies[0].then: unknown escalation policy "nope"'
    ]


def test_a_then_chain_that_loops_is_refused() -> None:
    found = problems(
        policy(levels=[LEVEL], then="a"),
        policy("a", levels=[LEVEL], then="b"),
        policy("b", levels=[LEVEL], then="a"),
    )
    assert found == [
        "escalation_policies[1].then: hand-offs go round in a loop: a -> b -> a",
        "escalation_policies[2].then: hand-offs go round in a loop: b -> a -> b",
    ]


def test_reescalate_after_is_a_duration() -> None:
    assert problems(policy(levels=[LEVEL], reescalate_after="soon")) == [
        "escalation_policies[0].reescalate_after: "
        '"soon" is not a duration like 15m, 1h30m, 2d or 1w'
    ]
