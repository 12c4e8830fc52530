"""`tandem export KIND`: writes the rows a feature's exporter yields as CSV or JSON.

The exporters are listed once, in the container (`Services.exporters`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.core.dates import parse_when
from bot.core.errors import SettingsError, UserError

Row = dict[str, Any]
# Rows changed since the given time (all rows for None): (columns, rows).
Exporter = Callable[[datetime | None], tuple[list[str], Iterable[Row]]]


def export(
    exporters: Mapping[str, Exporter],
    kind: str,
    fmt: str,
    since: str | None,
    *,
    tz: ZoneInfo,
    now: datetime,
    out: TextIO,
    err: TextIO,
) -> int:
    """Write `kind` rows to `out` as CSV or a JSON array; progress goes to `err` on a terminal.

    `since` is a date phrase read in `tz` as of `now`.
    """
    if kind not in exporters:
        raise SettingsError(f"exporting {kind} is not available yet in this release")
    since_at = None
    if since:
        try:
            since_at = parse_when(since, tz, now, allow_past=True)
        except UserError as exc:
            raise SettingsError(f"--since: {exc}") from exc
    columns, rows = exporters[kind](since_at)
    count = 0
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    if fmt == "csv":
        writer.writeheader()
    else:
        out.write("[")
    for row in rows:
        clean = {key: _plain(value) for key, value in row.items()}
        if fmt == "csv":
            writer.writerow(clean)
        else:
            out.write(("," if count else "") + "\n" + json.dumps(clean, ensure_ascii=False))
        count += 1
        if err.isatty() and count % 500 == 0:
            err.write(f"\rexported {count} {kind}…")
    if fmt == "json":
        out.write("\n]\n")
    if err.isatty():
        err.write(f"\rexported {count} {kind}\n")
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return value
