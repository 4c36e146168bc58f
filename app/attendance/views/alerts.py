"""PP 94/2021 alerts: who in HR's scope has reached, or is one day short of, a threshold of TK in the year, with
the sanction it calls for and a link to record it (the discipline screens, prefilled). Nothing is imposed here."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access, can, scoped
from app.attendance import alerts as rules
from app.attendance.views import bp
from app.core.htmx import render
from app.core.paging import ListPage
from app.discipline.forms import level_labels
from app.org.models import Employee
from app.org.years import year_asked

PAGE_SIZE = 100


def record_link(person: rules.PersonAlert, year: int) -> str:
    """The new-sanction form of the person, prefilled with the threshold's level and kind and a note."""
    alert = person.alert
    if alert.by_run:
        note = _("Alert from the attendance records: %(n)s working days in a row absent without a valid reason "
                 "(TK), %(tk)s TK days in %(year)s.", n=alert.longest_run, tk=alert.tk_days, year=year)
    else:
        note = _("Alert from the attendance records: %(tk)s days absent without a valid reason (TK) in %(year)s.",
                 tk=alert.tk_days, year=year)
    return url_for("discipline.sanction_new", employee_id=person.employee.id, level=alert.reached.level,
                   kind=alert.reached.kind, note=note)


@bp.get("/attendance/alerts")
@access("attendance.manage")
def alerts():
    """The year's alerts (``?year=``) over the user's scope, the most serious first."""
    year = year_asked(current_user)
    found = rules.year_alerts(year, scoped(current_user, "attendance.manage", Employee))
    page = ListPage(found, request.args.get("page", 1, type=int), PAGE_SIZE)
    page.items = rules.with_runs(year, page.items)
    recorded = rules.sanctions_in(year, [a.employee.id for a in page.items])
    may_record = {a.employee.id: can(current_user, "discipline.edit", a.employee) for a in page.items}
    links = {a.employee.id: record_link(a, year) for a in page.items
             if a.alert.reached is not None and may_record[a.employee.id]}
    return render("attendance/alerts.html", year=year, page=page, recorded=recorded, links=links,
                  thresholds=rules.THRESHOLDS, source=rules.SOURCE, run=rules.RUN, levels=level_labels())
