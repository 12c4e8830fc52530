"""One `tandem tick` prompting N people through a fake Slack that enforces Slack's limits.

The fake allows `rate` chat.postMessage a second workspace-wide (a token bucket holding one
second's worth, answering 429 with Retry-After beyond it) and one a second per channel. The
tick runs as the real command in a subprocess, so its CPU time is its own. Figures: delivered
÷ what the limit allowed over the sending window, duplicates, misses, CPU seconds per 1,000
prompts, and the tick's wall time against N ÷ rate.

CPU per 1,000 prompts is the tick's whole CPU time ÷ prompts delivered × 1,000, start-up
included; a second tick at the same `--at` (nothing left to do) measures that fixed start-up
cost. The quick variant (200 people) is judged on the marginal cost (whole minus start-up),
because there start-up alone would be 8 s per 1,000.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.app.standin.slack_api import FakeSlack, PostLimits
from storage.db import make_engine
from storage.migrate import upgrade
from tests.support import fanout as crowd

AT = "2026-11-24T14:00:00Z"  # the stand-up's time: everyone is due at once
ROOT = Path(__file__).resolve().parent.parent

# Targets (issue #10): delivered ÷ allowed, CPU per 1,000 prompts, tick time ÷ (N ÷ rate).
MIN_RATIO = 0.9
MAX_CPU_PER_1000 = 5.0
MAX_TIME_RATIO = 1.1


@dataclass(frozen=True)
class Result:
    people: int
    rate: float
    delivered: int
    duplicates: int
    misses: int
    posts: int
    refused: int
    window: float  # first post to last accepted post, seconds
    wall: float  # the whole tick, seconds
    cpu: float  # the tick process's user + system seconds
    idle_cpu: float  # the same tick run again with nothing left to do: start-up cost
    exit_code: int

    @property
    def ratio(self) -> float:
        """Delivered ÷ what the bucket allowed in the window (its burst plus rate × window)."""
        allowed = min(self.people, max(self.rate, 1.0) + self.rate * self.window)
        return self.delivered / allowed if allowed else 0.0

    @property
    def cpu_per_1000(self) -> float:
        return self.cpu / self.delivered * 1000 if self.delivered else float("inf")

    @property
    def marginal_cpu_per_1000(self) -> float:
        spent = max(self.cpu - self.idle_cpu, 0.0)
        return spent / self.delivered * 1000 if self.delivered else float("inf")

    @property
    def time_ratio(self) -> float:
        return self.wall / (self.people / self.rate)

    def problems(self, cpu_limit: float = MAX_CPU_PER_1000) -> list[str]:
        """Missed targets; `--quick` (CI, a noisy machine) passes a looser CPU limit."""
        found = []
        if self.exit_code != 0:
            found.append(f"tick exited {self.exit_code}")
        if self.ratio < MIN_RATIO:
            found.append(f"delivered ÷ allowed {self.ratio:.2f} < {MIN_RATIO}")
        if self.duplicates or self.misses:
            found.append(f"{self.duplicates} duplicates, {self.misses} misses")
        cpu = self.cpu_per_1000 if self.people >= 1000 else self.marginal_cpu_per_1000
        if cpu > cpu_limit:
            found.append(f"{cpu:.2f} CPU s per 1,000 > {cpu_limit}")
        if self.people >= 1000 and self.time_ratio > MAX_TIME_RATIO:
            found.append(f"tick took {self.time_ratio:.2f} × N ÷ rate > {MAX_TIME_RATIO}")
        return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(people: int, rate: float) -> Result:
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeSlack(post_limits=PostLimits(per_second=rate, channel_interval=1.0)) as fake,
    ):
        db = Path(tmp) / "tandem.db"
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        engine.dispose()
        config = Path(tmp) / "tandem.toml"
        config.write_text(crowd.workspace_toml(people))
        crowd.add_people(fake, people)
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_API_URL": fake.url,
            "DATABASE_URL": f"sqlite:///{db}",
            "TANDEM_CONFIG": str(config),
            "LOG_LEVEL": "ERROR",
        }
        cpu_before, started = _children_cpu(), time.monotonic()
        done = _tick(env)
        wall, cpu = time.monotonic() - started, _children_cpu() - cpu_before
        cpu_before = _children_cpu()
        again = _tick(env)
        idle_cpu = _children_cpu() - cpu_before
        for run in (done, again):
            if run.returncode != 0:
                print(run.stderr[-2000:], file=sys.stderr)
        counts = crowd.prompts_per_person(fake)
        posts = fake.calls_to("chat.postMessage")
        accepted = [c.at for c in posts if c.status == 200]
        window = (max(accepted) - min(c.at for c in posts)) if accepted else 0.0
        return Result(
            people=people,
            rate=rate,
            delivered=len(counts),
            duplicates=sum(n - 1 for n in counts.values()),
            misses=len(set(crowd.people(people)) - set(counts)),
            posts=len(posts),
            refused=sum(1 for c in posts if c.status == 429),
            window=window,
            wall=wall,
            cpu=cpu,
            idle_cpu=idle_cpu,
            exit_code=done.returncode or again.returncode,
        )


def _tick(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "bot", "tick", "--at", AT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def scales(quick: bool) -> list[tuple[int, float]]:
    return [(200, 100.0)] if quick else [(1000, 20.0), (5000, 20.0)]


def report(results: list[Result]) -> str:
    lines = [
        "Fan-out: one `tandem tick` prompting N people, fake Slack at `rate` posts/s "
        "workspace-wide and 1/s per channel",
        f"{'people':>7} {'rate/s':>6} {'delivered':>9} {'dup':>4} {'miss':>4} {'posts':>6} "
        f"{'429s':>5} {'deliv÷allowed':>13} {'CPU s/1000':>10} {'marginal':>8} {'tick s':>7} "
        f"{'tick÷(N/rate)':>13}",
    ]
    for r in results:
        lines.append(
            f"{r.people:>7} {r.rate:>6.0f} {r.delivered:>9} {r.duplicates:>4} {r.misses:>4} "
            f"{r.posts:>6} {r.refused:>5} {r.ratio:>13.2f} {r.cpu_per_1000:>10.2f} "
            f"{r.marginal_cpu_per_1000:>8.2f} {r.wall:>7.1f} {r.time_ratio:>13.2f}"
        )
    return "\n".join(lines)
