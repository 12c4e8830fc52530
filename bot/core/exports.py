"""`tandem export KIND`: each feature registers a function that yields rows for its kind."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from bot.core.dates import parse_when
from bot.core.errors import SettingsError, UserError

if TYPE_CHECKING:  # exporters live in service modules that the container itself imports
    from bot.app.container import Services

Row = dict[str, Any]
Exporter = Callable[["Services", datetime | None], tuple[list[str], Iterable[Row]]]

EXPORTERS: dict[str, Exporter] = {}


def exporter(kind: str) -> Callable[[Exporter], Exporter]:
    def register(fn: Exporter) -> Exporter:
        EXPORTERS[kind] = fn
        return fn

    return register


def export(
    services: Services, kind: str, fmt: str, since: str | None, out: TextIO, err: TextIO
) -> int:
    """Write `kind` rows to `out` as CSV or a JSON array; progress goes to `err` on a terminal."""
    if kind not in EXPORTERS:
        raise SettingsError(f"exporting {kind} is not available yet in this release")
    since_at = None
    if since:
        try:
            since_at = parse_when(
                since, services.workspace.timezone, services.clock.now(), allow_past=True
            )
        except UserError as exc:
            raise SettingsError(f"--since: {exc}") from exc
    columns, rows = EXPORTERS[kind](services, since_at)
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
