"""``GET /health``: public, never cached, never rate-limited, no session; 200 or 503 naming what failed."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.accounts.access import public
from app.extensions import limiter
from app.health.services import failing

bp = Blueprint("health", __name__)


@bp.get("/health")
@public
@limiter.exempt
def health():
    failed = failing()
    if failed:
        response = jsonify(status="unavailable", failed=failed)
        response.status_code = 503
    else:
        response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
