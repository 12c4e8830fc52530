"""`python -m benchmarks [--quick]`: the digest and Slack pipeline benchmarks, with ratios.

Exits 1 if building the digest sends more SQL statements at the larger scale.
"""

from __future__ import annotations

import argparse
import logging
import sys

from benchmarks import handlers
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
    if full.build_statements > base.build_statements:
        print("FAIL: building the digest sends more SQL statements at the larger scale")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
