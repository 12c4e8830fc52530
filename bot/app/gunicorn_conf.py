"""Gunicorn settings for the Procfile (`gunicorn -c python:bot.app.gunicorn_conf ...`).

The same values `tandem web` passes to gunicorn as a library (`bot.app.server`), plus the
start-up checks, which run once in the master before any worker is forked.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from bot.app.server import gunicorn_options

globals().update(gunicorn_options(os.environ))


def on_starting(server: Any) -> None:
    """Check settings, database and Slack token; one line and exit 1 on the first problem."""
    from bot.app.preflight import run_checks

    problem = run_checks(os.environ)
    if problem is not None:
        print(f"tandem: {problem}", file=sys.stderr)  # noqa: T201 - the operator's one line
        sys.exit(1)
