"""`python -m benchmarks [--quick]`: digest, Slack pipeline, ack latency, RSS, fan-out and
tick cost, each with ratios against a baseline measured in the same run.

Exits 1 if building the digest sends more SQL statements at the larger scale, if a `/risk
list` under gunicorn is not answered 200 within Slack's 3 s, if load doubles the RSS, if a
fan-out misses a target (delivered ÷ allowed, duplicates, misses, CPU per 1,000 prompts, tick
time), or if a tick with nothing due sends more SQL statements with more participants.
"""

from __future__ import annotations

import argparse
import logging
import sys

from benchmarks import ack_latency, fanout, handlers, rss, tick_cost
from benchmarks.digest import measure, report, scales, warm_up


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small scales, a few seconds (CI)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    warm_up()  # load matplotlib once, so the first measurement is not the import
    base, full = (measure(scale) for scale in scales(args.quick))
    print(report([base, full]))
    print()
    print(handlers.report(handlers.measure(50 if args.quick else 300)))
    failures: list[str] = []
    if full.build_statements > base.build_statements:
        failures.append("building the digest sends more SQL statements at the larger scale")
    print()
    requests, rounds = (100, 3) if args.quick else (200, 5)
    results, memory = ack_latency.measure(requests, rounds)
    summaries = ack_latency.summarize(results)
    print(ack_latency.report(summaries, requests, rounds))
    print()
    print(rss.report(memory))
    failures += ack_latency.gross_regressions(summaries) + rss.gross_regressions(memory)
    print()
    fanouts = [fanout.measure(people, rate) for people, rate in fanout.scales(args.quick)]
    print(fanout.report(fanouts))
    # CI's quick run fails on twice the CPU target (v0.1 spent 86 s per 1,000): a regression,
    # not the noise of a shared machine; the full run holds the target itself.
    cpu_limit = fanout.MAX_CPU_PER_1000 * (2 if args.quick else 1)
    failures += [
        f"fan-out to {r.people}: {problem}" for r in fanouts for problem in r.problems(cpu_limit)
    ]
    print()
    small, large = (tick_cost.measure(n) for n in tick_cost.scales(args.quick))
    print(tick_cost.report(small, large))
    if large.statements != small.statements:
        failures.append("a tick with nothing due sends more SQL statements with more participants")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
