"""Who holds an outbox claim: a sender id naming host, process and its start time, and the
check that such a process is gone, so its claims can be taken over at once (after kill -9)."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path


def _process_start(pid: int) -> str | None:
    """The kernel's start time of process `pid` ("Z…" for a zombie), None when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return ("Z" if fields[0] == "Z" else "") + fields[19]


def sender_id(pid: int | None = None) -> str:
    """Who claims outbox rows: host, process id and its start time (pids are reused), a nonce."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_process_start(pid) or '-'}:{uuid.uuid4().hex[:8]}"


def sender_is_dead(owner: str) -> bool:
    """True when `owner` was a process on this host that is gone (killed, or its pid reused).

    A sender on another host is never declared dead: its claim ends with its wall-clock lease.
    """
    host, _, rest = owner.partition(":")
    pid_text, _, rest = rest.partition(":")
    started = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    current = _process_start(int(pid_text))
    if current is not None:
        return current.startswith("Z") or (started != "-" and current != started)
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
