"""Ack latency of `tandem web` against a bare Bolt app, both under the Procfile's gunicorn.

Both run as the Procfile runs Tandem (`gunicorn -c python:bot.app.gunicorn_conf`, here with
one worker of 8 threads), side by side, against the same fake Slack. Each round sends N
signed slash commands from 20 client threads, one fresh connection each (as Slack does),
and rounds alternate between the two apps so drift on a shared machine hits both alike.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App

from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SIGNING_SECRET, slash_command
from tests.support.production import Answer, Served, post_signed, procfile_command, run_gunicorn

EXAMPLE = Path(__file__).resolve().parent.parent / "tandem.example.toml"
CLIENTS = 20
SEED_RISKS = 5


def bare_app() -> App:
    """A bare Bolt app: one `/risk` listener that acks with a line of text (gunicorn loads it)."""
    import os
    from concurrent.futures import ThreadPoolExecutor as Pool

    from slack_sdk import WebClient

    from bot.core.config import HTTP_THREADS

    app = App(
        signing_secret=SIGNING_SECRET,
        # Bolt's authorization calls auth.test once; it must reach the same fake as Tandem's.
        client=WebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"]),
        token_verification_enabled=False,
        listener_executor=Pool(HTTP_THREADS),  # the same pool size Tandem gets
    )

    @app.command("/risk")
    def risk(ack: Ack) -> None:
        ack(text="R-1 Vendor API may slip", response_type="ephemeral")

    return app


def bare_wsgi() -> Any:
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    return SlackRequestHandler(bare_app())


@dataclass(frozen=True)
class Round:
    app: str
    case: str
    latencies: list[float]
    statuses: list[int]

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


@contextmanager
def servers(fake: FakeSlack) -> Iterator[dict[str, Served]]:
    """Tandem (the Procfile's command) and the bare app under the same gunicorn settings."""
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.url,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
            "TANDEM_CONFIG": str(EXAMPLE),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": "1",
        }
        command = procfile_command("web")
        tandem = stack.enter_context(run_gunicorn(command, env))
        bare_command = command.replace(
            '"bot.app.web:create_app()"', '"benchmarks.ack_latency:bare_wsgi()"'
        )
        bare = stack.enter_context(run_gunicorn(bare_command, env))
        yield {"tandem": tandem, "bare": bare}


def send(url: str, fake: FakeSlack, text: str) -> Answer:
    body, ctype = slash_command("/risk", text, response_url=fake.response_url("bench"))
    return post_signed(url, body, ctype)


def one_round(
    app: str, url: str, fake: FakeSlack, case: str, text: str, requests: int, clients: int
) -> Round:
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda _: send(url, fake, text), range(requests)))
    return Round(app, case, [a.elapsed for a in answers], [a.status for a in answers])


# case: (the /risk text, client threads). "quiet" is one person at a time, as most
# workspaces are: what a person waits for when the server is not saturated.
CASES = {"list": ("list", CLIENTS), "refused": ("show R-99", CLIENTS), "quiet": ("list", 1)}


def measure(requests: int = 200, rounds: int = 3) -> tuple[list[Round], dict[str, int]]:
    """Alternating rounds (tandem, bare, tandem, ...) for each case; and the workers' RSS
    (KiB) idle, after a warm-up, and loaded, after every round."""
    from benchmarks.rss import worker_rss_kib

    results: list[Round] = []
    rss: dict[str, int] = {}
    with FakeSlack(auto_users=True) as fake, servers(fake) as served:
        for n in range(SEED_RISKS):
            send(served["tandem"].url, fake, f"add Seeded risk number {n} p:3 i:4")
        for served_app in served.values():  # warm-up: imports, first connections
            for _ in range(20):
                send(served_app.url, fake, "list")
        rss.update({f"{app} idle": worker_rss_kib(s.pid) for app, s in served.items()})
        for case, (text, clients) in CASES.items():
            for _ in range(rounds):
                for app, server in served.items():
                    results.append(one_round(app, server.url, fake, case, text, requests, clients))
        rss.update({f"{app} loaded": worker_rss_kib(s.pid) for app, s in served.items()})
    return results, rss


@dataclass(frozen=True)
class Summary:
    case: str
    p50: dict[str, float]
    p95: dict[str, float]
    p99: dict[str, float]
    non_200: dict[str, int]
    worst_s: dict[str, float]

    @property
    def p99_ratio(self) -> float:
        return self.p99["tandem"] / self.p99["bare"] if self.p99["bare"] else float("inf")


def summarize(results: list[Round]) -> list[Summary]:
    """Medians over rounds of each round's percentiles, per app and case."""
    out = []
    for case in CASES:
        by_app = {
            app: [r for r in results if r.case == case and r.app == app]
            for app in ("tandem", "bare")
        }
        out.append(
            Summary(
                case=case,
                **{
                    name: {
                        app: statistics.median(r.pct(q) for r in rs) for app, rs in by_app.items()
                    }
                    for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
                },
                non_200={
                    app: sum(s != 200 for r in rs for s in r.statuses) for app, rs in by_app.items()
                },
                worst_s={app: max(max(r.latencies) for r in rs) for app, rs in by_app.items()},
            )
        )
    return out


def report(summaries: list[Summary], requests: int, rounds: int) -> str:
    lines = [
        f"Ack latency under the Procfile's gunicorn (1 worker x 8 threads): {requests} signed"
        f" /risk requests from {CLIENTS} threads ('quiet': one), {rounds} alternating rounds"
        " each, median of rounds",
        f"{'case':<8} {'app':<7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'non-200':>8} {'worst s':>8}",
    ]
    for s in summaries:
        for app in ("tandem", "bare"):
            lines.append(
                f"{s.case:<8} {app:<7} {s.p50[app]:>8.1f} {s.p95[app]:>8.1f} {s.p99[app]:>8.1f} "
                f"{s.non_200[app]:>8} {s.worst_s[app]:>8.2f}"
            )
        lines.append(f"{s.case:<8} p99 tandem / bare = {s.p99_ratio:.2f}x (target <= 1.25x)")
    return "\n".join(lines)


def gross_regressions(summaries: list[Summary]) -> list[str]:
    """What fails the run: answers lost or later than Slack's 3 s, which no noise explains."""
    problems = []
    listed = next(s for s in summaries if s.case == "list")
    if listed.non_200["tandem"]:
        problems.append(f"{listed.non_200['tandem']} /risk list requests were not answered 200")
    if listed.worst_s["tandem"] >= 3.0:
        problems.append(f"a /risk list ack took {listed.worst_s['tandem']:.1f} s (Slack allows 3)")
    # The p99 ratio is printed, not gated: on a loaded 2-core machine it swings several-fold,
    # while a lost or late answer is a real regression whatever the load.
    return problems
