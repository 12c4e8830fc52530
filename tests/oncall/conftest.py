"""The on-call workspace: two teams, a weekly rotation, an empty one and a three-level policy."""

from __future__ import annotations

import pytest

from tests.support.oncall import ONCALL_TOML
from tests.support.production import production

__all__ = ["production"]


@pytest.fixture
def workspace_toml() -> str:
    return ONCALL_TOML
