"""Resident memory of gunicorn workers (Linux /proc), for idle and loaded `tandem web`."""

from __future__ import annotations

from pathlib import Path


def _children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children += [int(c) for c in text]
    return children


def rss_kib(pid: int) -> int:
    """VmRSS of one process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_rss_kib(master_pid: int) -> int:
    """The summed RSS of a gunicorn master's workers (the master itself only forks)."""
    return sum(rss_kib(child) for child in _children(master_pid))


def report(rss: dict[str, int]) -> str:
    """Figures in MiB and the ratios that matter: loaded/idle, Tandem/bare."""
    mib = {k: v / 1024 for k, v in rss.items()}
    lines = ["RSS of one gunicorn worker (MiB)"]
    lines += [f"  {name:<14} {value:7.1f}" for name, value in mib.items()]
    if mib.get("tandem idle") and mib.get("bare idle"):
        growth = mib["tandem loaded"] / mib["tandem idle"]
        lines.append(f"  tandem loaded / idle = {growth:.2f}x")
        lines.append(f"  tandem idle / bare idle = {mib['tandem idle'] / mib['bare idle']:.2f}x")
    return "\n".join(lines)


def gross_regressions(rss: dict[str, int]) -> list[str]:
    """Load should not double a worker's memory (a leak per request would)."""
    if rss.get("tandem idle") and rss["tandem loaded"] > 2 * rss["tandem idle"]:
        return [f"tandem's worker grew from {rss['tandem idle']} to {rss['tandem loaded']} KiB"]
    return []
