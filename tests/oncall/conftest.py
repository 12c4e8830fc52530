"""A workspace with two teams, a weekly rotation, an empty one and a three-level policy."""

from __future__ import annotations

import pytest

ONCALL_TOML = """
timezone = "America/New_York"
admins = ["U0ADMIN"]

[channels]
risks = "C0RISKS"
escalations = "C0ESCAL"

[[teams]]
id = "apollo"
name = "Apollo launch"
kind = "project"
channel = "C0APOLLO"
lead = "U0PM"
members = ["U0PM", "U0DEV1", "U0DEV2"]

[[teams]]
id = "ops"
name = "Platform operations"
kind = "ops"
channel = "C0OPS"
lead = "U0OPSMGR"
members = ["U0OPSMGR", "U0SRE1", "U0SRE2"]

[[rotations]]
id = "ops-primary"
team = "ops"
members = ["U0SRE1", "U0SRE2"]
start = "2026-11-02T10:00"
length = "1w"
handoff_notice = "24h"

[[rotations]]
id = "vacant"
team = "ops"
members = []
start = "2026-11-02T10:00"
length = "1w"

[[escalation_policies]]
id = "default"
repeat = 1
levels = [
  { notify = ["owner"], after = "15m" },
  { notify = ["rotation:ops-primary"], after = "15m" },
  { notify = ["lead:ops"], after = "30m" },
]
"""


@pytest.fixture
def workspace_toml() -> str:
    return ONCALL_TOML
