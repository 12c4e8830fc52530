"""`python -m benchmarks [--quick]`: the digest, Slack pipeline, fan-out and tick-cost
benchmarks, with ratios.

Exits 1 if building the digest sends more SQL statements at the larger scale, if a fan-out
misses a target (delivered ÷ allowed, duplicates, misses, CPU per 1,000 prompts, tick time), or
if a tick with nothing due sends more SQL statements with more participants.
"""

from __future__ import annotations

import argparse
import logging
import sys

from benchmarks import fanout, handlers, tick_cost
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
    failed = False
    if full.build_statements > base.build_statements:
        print("FAIL: building the digest sends more SQL statements at the larger scale")
        failed = True
    print()
    fanouts = [fanout.measure(people, rate) for people, rate in fanout.scales(args.quick)]
    print(fanout.report(fanouts))
    for result in fanouts:
        for problem in result.problems():
            print(f"FAIL: fan-out to {result.people}: {problem}")
            failed = True
    print()
    small, large = (tick_cost.measure(n) for n in tick_cost.scales(args.quick))
    print(tick_cost.report(small, large))
    if large.statements != small.statements:
        print("FAIL: a tick with nothing due sends more SQL statements with more participants")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
