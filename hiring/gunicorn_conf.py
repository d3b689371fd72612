"""The production server's settings: ``gunicorn -c python:hiring.gunicorn_conf`` (what
``make serve``, ``deploy/compose.yaml`` and the systemd unit in ``deploy/`` run).

Every setting is read from a ``HIRING_*`` environment variable, with a default for one
machine; a value that is not a number in its range stops the start with a message naming it.

- ``HIRING_BIND``: the address to listen on (``127.0.0.1:8000``; ``0.0.0.0:8000`` in a
  container).
- ``HIRING_WEB_WORKERS``: worker processes (two per core this process may use, plus one; at
  most 17 unless set: each holds a database connection and the warmed PDF renderer).
- ``HIRING_WEB_TIMEOUT``: seconds a request may take before its worker is restarted (120: a
  batch of profiles run in the request, without Redis, is at most ``INLINE_BATCH_LIMIT``
  profiles of a few seconds each).
- ``HIRING_MAX_REQUESTS``: requests after which a worker is replaced by a fresh one, with a
  random spread of a tenth so that the workers do not restart together (1000; 0 never).

The access log goes to standard output and the error log to standard error, for the service
manager to keep; neither holds a self-assessment link (:mod:`hiring.logs`). The database is
migrated once per deploy (``hiring db upgrade``), never here.
"""

from __future__ import annotations

import os


def _whole(name: str, default: int, low: int, high: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise SystemExit(f"{name}={value!r}: write a whole number from {low} to {high}")
    return number


wsgi_app = "hiring.wsgi:app"
bind = [os.environ.get("HIRING_BIND", "").strip() or "127.0.0.1:8000"]


def _cores() -> int:
    """The cores this process may use (a container's limit, where the machine has more)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


workers = _whole("HIRING_WEB_WORKERS", min(2 * _cores() + 1, 17), 1, 64)
worker_class = "sync"
timeout = _whole("HIRING_WEB_TIMEOUT", 120, 10, 3600)
graceful_timeout = 30
keepalive = 5
max_requests = _whole("HIRING_MAX_REQUESTS", 1000, 0, 1_000_000)
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# the workers' heartbeat files in memory: a container's disk may be slow or read-only
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket sits in the user's home, one path for every instance the user runs;
# the service manager's signals (HUP, TERM) do what it would
control_socket_disable = True
