"""The on-call workspace: two teams, a weekly rotation, an empty one and a three-level policy."""

from __future__ import annotations

import pytest

from tests.support.oncall import ONCALL_TOML


@pytest.fixture
def workspace_toml() -> str:
    return ONCALL_TOML
