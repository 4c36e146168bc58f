"""The non-ASN blueprint and its views:

* ``contracts``: the list, a contract's page, drafting, signing (the SPK), renewing, terminating, the renewal
  decision, the contracts ending soon, a person's contracts over the years, one's own;
* ``conduct``: warnings and evaluations;
* ``honor``: the OPD's honorarium month, closing and reopening it, the recap (XLSX, the official PDF);
* ``rules``: the OPD's dated rules.
"""

from flask import Blueprint

bp = Blueprint("workers", __name__)

# The view modules attach their views to bp; they are imported here, in one place, once bp exists.
from app.workers.routes import conduct, contracts, honor, rules  # noqa: E402

__all__ = ["bp", "conduct", "contracts", "honor", "rules"]
