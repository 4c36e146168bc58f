"""The TPP blueprint and its views:

* ``months``: an OPD's month (results, calculating, closing, reopening, the difference a recalculation makes),
  one person's explanation, one's own months;
* ``ratings``: the monthly rating of a unit's people;
* ``objections``: contesting one's TPP of an open month, and HR's decision;
* ``payment``: the payment list of a closed month (XLSX, the official PDF);
* ``presets``: the rule presets, their versions, copying and editing.
"""

from flask import Blueprint

bp = Blueprint("tpp", __name__)

# The view modules attach their views to bp; they are imported here, in one place, once bp exists.
from app.tpp.routes import months, objections, payment, presets, ratings  # noqa: E402

__all__ = ["bp", "months", "objections", "payment", "presets", "ratings"]
