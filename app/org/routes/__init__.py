"""The organisation's pages: the unit tree with its units and positions, the people, the pemda's settings."""

from flask import Blueprint

bp = Blueprint("org", __name__)

# The view modules attach their views to bp.
from app.org.routes import people, settings, units  # noqa: E402,F401
