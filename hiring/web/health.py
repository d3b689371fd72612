"""What a load balancer, an orchestrator or a monitor asks: is the process alive, and can it
serve. Both answers are open to anyone and hold no personal data, only the state of the
process and of what it depends on.

- ``/healthz``: the process answers (200). Restart it when this fails.
- ``/readyz``: the database answers, and Redis too when ``REDIS_URL`` is set (200); otherwise
  503, naming what is down. Send no traffic to an instance while it says 503.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hiring.extensions import db

bp = Blueprint("health", __name__)

CHECK_SECONDS = 2
"""How long a readiness check waits for Redis before calling it down."""


@bp.get("/healthz")
def healthz() -> Any:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Any:
    checks = {"database": _database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis(str(current_app.config["REDIS_URL"]))
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("readiness: the database does not answer", exc_info=True)
        db.session.rollback()
        # the pool's connections may all be dead (a restarted server): start afresh
        db.engine.dispose()
        return "unavailable"
    finally:
        db.session.remove()
    return "ok"


def _redis(url: str) -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(
        url, socket_connect_timeout=CHECK_SECONDS, socket_timeout=CHECK_SECONDS
    )
    try:
        connection.ping()
    except (RedisError, OSError):
        current_app.logger.warning("readiness: Redis does not answer at the configured URL")
        return "unavailable"
    finally:
        connection.close()
    return "ok"
