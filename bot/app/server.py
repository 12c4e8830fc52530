"""The production HTTP servers: gunicorn for `tandem web`, cheroot in-process for `tandem serve`.

Both use the same sizes: `THREADS` request threads per process (and as many Bolt listener
workers, see `bot.app.slack_app`) and a listen backlog of `BACKLOG`, so a burst of Slack
deliveries queues in the kernel instead of being refused.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from cheroot import wsgi as cheroot_wsgi
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger

from bot.app.preflight import check_port_free, port_problem
from bot.core.config import HTTP_THREADS
from bot.core.errors import SettingsError
from bot.core.logging import dict_config

log = logging.getLogger(__name__)

THREADS = HTTP_THREADS
# Well above a Slack burst; the kernel caps it at net.core.somaxconn (4096 on current Linux).
BACKLOG = 1024
# Seconds a request may take before gunicorn restarts its worker; Slack gives up after 3.
GUNICORN_TIMEOUT = 30

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Any]


def gunicorn_options(env: Mapping[str, str], *, port: int | None = None) -> dict[str, Any]:
    """Gunicorn's settings for `tandem web` and the Procfile (`bot/app/gunicorn_conf.py`).

    Read leniently (no exceptions): the settings are checked, with one-line errors, by the
    start-up checks before gunicorn binds.
    """
    host = env.get("HOST", "").strip() or "0.0.0.0"  # noqa: S104 - Slack must reach the server
    port_text = env.get("PORT", "").strip()
    bind_port = port if port is not None else int(port_text) if port_text.isdigit() else 3000
    workers_text = env.get("WEB_CONCURRENCY", "").strip()
    try:
        logconfig = dict_config(env)
    except SettingsError:
        logconfig = dict_config({})
    return {
        "bind": f"{host}:{bind_port}",
        "workers": int(workers_text) if workers_text.isdigit() and int(workers_text) else 2,
        "worker_class": "gthread",
        "threads": THREADS,
        "backlog": BACKLOG,
        "timeout": GUNICORN_TIMEOUT,
        "logconfig_dict": logconfig,
        # Our log lines already say when and where; gunicorn's access lines add nothing.
        "accesslog": None,
        "logger_class": f"{__name__}.{AccessOnlyWhenLogged.__qualname__}",
        # Recent gunicorn opens a control socket at one fixed path per user, which several
        # gunicorns on one host (tests, benchmarks, blue-green deploys) would fight over.
        **({"control_socket_disable": True} if _has_setting("control_socket_disable") else {}),
    }


class AccessOnlyWhenLogged(GunicornLogger):  # type: ignore[misc]
    """Gunicorn's logger, except that a request's access line is built only when its logger
    would write it. Given a `logconfig_dict`, gunicorn formats every line (a timestamp and a
    dict of every header) and only then finds `gunicorn.access` set to WARNING: 3% of a
    saturated worker's CPU went on lines that were dropped."""

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if self.access_log.isEnabledFor(logging.INFO):
            super().access(resp, req, environ, request_time)


def _has_setting(name: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == name for setting in KNOWN_SETTINGS)


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn as a library: the same settings as the Procfile's `gunicorn` command."""

    def __init__(self, load: Callable[[], WSGIApp], options: Mapping[str, Any]) -> None:
        self._load = load
        self._options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApp:
        return self._load()


STOP_SECONDS = 10


class _Server(cheroot_wsgi.Server):
    def error_log(self, msg: str = "", level: int = logging.INFO, traceback: bool = False) -> None:
        # cheroot prints to stderr by default; route it through the one logging set-up.
        log.log(level, "http server: %s", msg, exc_info=traceback)


class ThreadedServer:
    """cheroot's thread-pool WSGI server, bound at construction, served on any thread.

    `tandem serve` runs it on the main thread beside the scheduler's; tests run it on a
    thread of their own and read `port` (bind port 0).
    """

    def __init__(
        self, app: WSGIApp, host: str, port: int, *, threads: int = THREADS, backlog: int = BACKLOG
    ) -> None:
        # cheroot's own bind error hides the errno; probing first gives the one clear line.
        check_port_free(host, port)
        self._server = _Server((host, port), app, numthreads=threads, request_queue_size=backlog)
        try:
            self._server.prepare()
        except OSError as exc:
            raise SettingsError(port_problem(host, port, exc)) from exc
        self.host = host
        self.port = int(self._server.bind_addr[1])
        self._thread: threading.Thread | None = None
        self.stuck = False

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve on this thread until `stop()` (or Ctrl-C / SIGTERM on the main thread).

        Stopping waits at most STOP_SECONDS for cheroot's workers: now and then one of them
        misses its shutdown request and waits on the queue for ever (seen once in ~100 stops
        of `tandem serve`), and a process that does not exit on SIGTERM gets killed by the
        platform instead of stopping cleanly. `stuck` then says so, for the caller to exit.
        """
        try:
            self._server.serve()
        finally:
            stopper = threading.Thread(target=self._server.stop, name="tandem-http-stop")
            stopper.daemon = True
            stopper.start()
            stopper.join(STOP_SECONDS)
            self.stuck = stopper.is_alive()
            if self.stuck:
                log.warning("http server: workers did not stop", extra={"seconds": STOP_SECONDS})

    def start(self) -> ThreadedServer:
        """Serve on a daemon thread; returns self."""
        self._thread = threading.Thread(target=self._server.serve, name="tandem-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
