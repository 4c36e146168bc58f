"""The awards blueprint and its views, by what people do with them:

* ``setup``: an OPD's instruments and categories (HR);
* ``rounds``: the year's rounds, starting one, the round page, its panel and window, closing, the decision;
* ``nominations``: nominating, a nomination's page and evidence, withdrawing;
* ``scoring``: the panel's score cards;
* ``certificates``: numbering, printing and revoking the piagam;
* ``publication``: the announcement, the roll-call list and award histories.
"""

from flask import Blueprint

bp = Blueprint("awards", __name__)

# The view modules attach their views to bp; they are imported here, in one place, once bp exists.
from app.awards.routes import (  # noqa: E402
    certificates,
    nominations,
    publication,
    rounds,
    scoring,
    setup,
)

__all__ = ["bp", "certificates", "nominations", "publication", "rounds", "scoring", "setup"]
