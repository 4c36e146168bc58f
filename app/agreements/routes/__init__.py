"""Perjanjian Kinerja screens: list, drafting, workflow steps, versions, PDF, cascade, tracking, Excel.

* ``drafting``: the list, a new agreement, its page, header and contents (sasaran, indicators, budget lines);
* ``workflow``: submit, return, sign, countersign, revise; versions, their differences and the PDF;
* ``planning``: the cascade, who has signed (and the DPA date), starting a year, copying to the next year;
* ``excel``: the contents as a workbook: export, upload with a preview, apply.
"""

from flask import Blueprint

bp = Blueprint("agreements", __name__)

# The view modules attach their views to bp.
from app.agreements.routes import drafting, excel, planning, workflow  # noqa: E402,F401
