"""The configuration reference is generated from the validator and cannot drift from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.workspace import reference
from bot.core.workspace.load import parse_workspace
from bot.core.workspace.reference import DOCS, asked_keys, probe_document

DOC_FILE = Path(__file__).parents[2] / "docs" / "configuration.md"


def test_docs_configuration_md_is_the_generated_reference() -> None:
    assert DOC_FILE.read_text(encoding="utf-8") == reference.reference(), (
        "docs/configuration.md is stale: run `make docs`"
    )


def test_a_key_the_loader_reads_without_an_entry_in_docs_fails_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = {k: v for k, v in DOCS.items() if k != "standups[].report_style"}
    monkeypatch.setattr(reference, "DOCS", docs)
    with pytest.raises(LookupError, match=r"standups\[\]\.report_style"):
        reference.reference()


def test_every_documented_key_is_one_the_loader_reads() -> None:
    asked = {k.path for k in asked_keys()}
    assert sorted(set(DOCS) - asked) == []


def test_every_example_validates_as_one_document() -> None:
    parse_workspace(reference._toml(probe_document()))
