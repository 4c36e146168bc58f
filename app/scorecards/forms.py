"""Scorecard forms: a button acting on one period (hidden year, quarter or month from our page), and the bulk
issue of an OPD's scorecards."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from app.core.forms import Form
from app.scorecards import periods
from app.scorecards.periods import Period


class PeriodForm(Form):
    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(2000, 2100)])
    quarter = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, 4)])
    month = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, 12)])

    def period(self) -> Period | None:
        """The period the form names, or None when it names none (not sent by our page)."""
        if not self.validate():
            return None
        return periods.of(self.year.data, self.quarter.data, self.month.data)


def bulk_choices() -> list[tuple[str, str]]:
    return [("people", _l("Every person of the OPD")), ("units", _l("Every unit of the OPD"))]


class BulkForm(PeriodForm):
    what = SelectField(_l("Scorecards of"), choices=bulk_choices, validators=[InputRequired()])
