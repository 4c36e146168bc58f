"""The attendance blueprint; the modules of this package add their routes to it (see ``app.attendance.routes``)."""

from flask import Blueprint

bp = Blueprint("attendance", __name__)
