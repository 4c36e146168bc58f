from flask import Blueprint

from app.accounts.access import access
from app.core.htmx import render

bp = Blueprint("imports", __name__)


@bp.get("/imports")
@access("people.import")
def index():
    return render("imports/index.html")
