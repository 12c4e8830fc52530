"""The `tandem` command line (CONTRACT.md, Install and processes)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from bot.app.container import Services
from bot.app.preflight import SlackAuthError, check_port_free, check_slack_auth, open_services
from bot.core.clock import FixedClock
from bot.core.config import HTTP_REQUIRED, Settings
from bot.core.errors import SettingsError
from bot.core.logging import configure as configure_logging
from bot.core.workspace.load import ConfigError, load_workspace

log = logging.getLogger("tandem")

EXPORT_KINDS = ("standups", "risks", "escalations", "oncall", "goals", "kudos", "lessons")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tandem", description="Tandem Slack bot")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (
        ("serve", "HTTP app and scheduler in one process"),
        ("web", "HTTP app only"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--port", type=int, default=None)
    sub.add_parser("clock", help="the scheduler; exactly one per deployment")
    sub.add_parser("socket", help="Socket Mode plus the scheduler")
    p = sub.add_parser("tick", help="run everything due once and exit")
    p.add_argument("--at", default=None, help="ISO-8601 instant to act as now")
    p.add_argument(
        "--dry-run", action="store_true", help="print what would be sent; change nothing"
    )
    sub.add_parser("migrate", help="bring the database schema to the newest version")
    p = sub.add_parser("config", help="configuration tools")
    config_sub = p.add_subparsers(dest="config_command", required=True, metavar="check|reference")
    check = config_sub.add_parser("check", help="validate a tandem.toml")
    check.add_argument("file")
    config_sub.add_parser("reference", help="print every tandem.toml key as Markdown")
    p = sub.add_parser("demo", help="play a scripted week against a local Slack stand-in")
    p.add_argument("--step", action="store_true")
    p.add_argument("--out", default=None)
    p = sub.add_parser("export", help="write data as CSV or JSON to stdout")
    p.add_argument("kind", choices=EXPORT_KINDS)
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument("--since", default=None)
    return parser


def _parse_at(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SettingsError(
            f"--at {text!r} is not an ISO-8601 time like 2026-11-24T09:30Z"
        ) from exc
    if at.tzinfo is None:
        raise SettingsError(f"--at {text!r} has no zone; add Z or an offset like +01:00")
    return at.astimezone(UTC)


def _services(
    env: Mapping[str, str], require: Sequence[str], *, at: datetime | None = None
) -> Services:
    return open_services(env, require, clock=FixedClock(at) if at else None)


def _cmd_serve(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """`serve`: cheroot and the scheduler in this process; `web`: gunicorn, as the Procfile."""
    from bot.app import scheduler
    from bot.app.server import GunicornServer, ThreadedServer, gunicorn_options
    from bot.app.web import create_app, freeze_startup_heap, production_app

    with closing(_services(env, HTTP_REQUIRED)) as services:
        check_slack_auth(services.client)
        host = services.settings.host
        port = services.settings.port if args.port is None else args.port
        if args.command == "web":
            check_port_free(host, port)
        else:
            # Bound before the clock starts, so a port in use stops nothing half-started.
            server = ThreadedServer(production_app(services), host, port)
            log.info("Tandem listening", extra={"url": f"{server.url}/slack/events"})
            clock = scheduler.start(services, blocking=False)
            freeze_startup_heap()
            try:
                server.serve_forever()
            finally:
                if clock is not None:
                    clock.stop()
                if server.stuck:  # a cheroot worker that will never end: exit without it
                    logging.shutdown()
                    os._exit(130)
            return 0
    # Workers build their own Services after the fork; the master keeps no connections.
    GunicornServer(lambda: create_app(env), gunicorn_options(env, port=port)).run()
    return 0


def _cmd_clock(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from bot.app import scheduler

    with closing(_services(env, ("SLACK_BOT_TOKEN",))) as services:
        check_slack_auth(services.client)
        scheduler.start(services, blocking=True)
    return 0


def _cmd_socket(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import scheduler
    from bot.app.slack_app import build_app

    with closing(_services(env, ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"))) as services:
        check_slack_auth(services.client)
        clock = scheduler.start(services, blocking=False)
        try:
            handler = SocketModeHandler(build_app(services), services.settings.app_token)
            handler.start()  # type: ignore[no-untyped-call]
        finally:
            if clock is not None:
                clock.stop()
    return 0


def _cmd_tick(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from bot.app import jobs

    at = _parse_at(args.at) if args.at else None
    if args.dry_run:
        return _dry_run_tick(env, at)
    with closing(_services(env, ("SLACK_BOT_TOKEN",), at=at)) as services:
        check_slack_auth(services.client)
        failed = jobs.tick(services, services.clock.now())
    if failed:
        print("tandem: tick steps failed (see log): " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


def _dry_run_tick(env: Mapping[str, str], at: datetime | None) -> int:
    """The tick as it would run now (or at `at`): one line a message it would send."""
    from bot.app import jobs
    from bot.app.dry_run import PrintingGateway, rolled_back_engine
    from bot.core.pacing import ChannelPacer
    from bot.core.slack_gateway import WebClientGateway

    # The schema is checked (and SQLite migrated) as for a real tick, before anything is held.
    with closing(_services(env, ("SLACK_BOT_TOKEN",), at=at)) as real:
        check_slack_auth(real.client)
        settings, clock = real.settings, real.clock
    engine, release = rolled_back_engine(settings.database_url)
    printing = PrintingGateway(WebClientGateway(real.client))
    no_waits = ChannelPacer(0.0, sleep=lambda _seconds: None)  # nothing reaches Slack
    services = Services.build(
        settings,
        clock=clock,
        engine=engine,
        gateway=printing,
        pacer=no_waits,
        webhook_post=printing.post_webhook,
    )
    services.outbox.workers = 1  # one held connection: send from one thread
    now = clock.now()
    try:
        failed = jobs.tick(services, now, heartbeat_url=False)
    finally:
        release()
    for line in printing.lines:
        print(line)
    print(f"tandem: dry run at {now.isoformat()}: {len(printing.lines)} messages, nothing sent")
    if failed:
        print("tandem: tick steps failed (see log): " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


def _cmd_migrate(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(Settings.from_env(env, require=()).database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print("tandem: database schema is current")
    return 0


def _cmd_config(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    if args.config_command == "reference":
        from bot.core.workspace.reference import reference

        print(reference(), end="")
        return 0
    try:
        load_workspace(Path(args.file))
    except ConfigError as exc:
        for problem in exc.problems:
            prefix = "" if problem.startswith(f"{args.file}:") else f"{args.file}: "
            print(prefix + problem, file=sys.stderr)
        return 2
    print(f"{args.file}: ok")
    return 0


def _cmd_demo(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from bot.app import demo

    return demo.run(out=Path(args.out) if args.out else None, step=args.step)


def _cmd_export(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from bot.core.exports import export

    with closing(_services(env, ())) as services:
        return export(
            services.exporters,
            args.kind,
            args.format,
            args.since,
            tz=services.workspace.timezone,
            now=services.clock.now(),
            out=sys.stdout,
            err=sys.stderr,
        )


COMMANDS: dict[str, Callable[[argparse.Namespace, Mapping[str, str]], int]] = {
    "serve": _cmd_serve,
    "web": _cmd_serve,
    "clock": _cmd_clock,
    "socket": _cmd_socket,
    "tick": _cmd_tick,
    "migrate": _cmd_migrate,
    "config": _cmd_config,
    "demo": _cmd_demo,
    "export": _cmd_export,
}


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run one command; user mistakes print one line and return non-zero, never a traceback."""
    from bot.app.scheduler import ClockBusy

    args = _parser().parse_args(argv)
    env = os.environ if env is None else env
    try:
        configure_logging(env)
    except SettingsError as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 2
    if threading.current_thread() is threading.main_thread():
        # A platform stop (SIGTERM) unwinds like Ctrl-C, so the clock releases its lease.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return COMMANDS[args.command](args, env)
    except (SettingsError, ClockBusy) as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 2
    except SlackAuthError as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
