"""The start page: counts of the user's scope and the reminders at once, then the tiles of what waits for them
(the inbox) and the navigation's count in one fragment."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, can, scoped
from app.core.clock import agency_today
from app.core.htmx import render
from app.extensions import db
from app.home import inbox
from app.monitoring.reminders import summary
from app.org.models import Employee, Unit
from app.org.years import year_asked

bp = Blueprint("home", __name__)


@bp.get("/")
@access("home")
def index():
    people = db.session.scalar(select(func.count(Employee.id)).where(scoped(current_user, "people.view", Employee)))
    units = db.session.scalar(select(func.count(Unit.id)).where(scoped(current_user, "org.view", Unit)))
    today = agency_today()
    reminders = None
    if can(current_user, "monitoring.view"):  # what is not reported yet or waits for verification
        reminders = summary(current_user, year_asked(current_user), today)
    return render("home/index.html", people=people, units=units, reminders=reminders)


@bp.get("/tasks/tiles")
@access("home")
def task_tiles():
    """The home page's tiles of waiting work and the navigation's count, loaded after the page (htmx): the page
    shows its counts at once, and the inbox is worked out once for both."""
    groups = inbox.tasks(current_user, agency_today())
    return render("home/_task_tiles.html", groups=groups, n=inbox.count(groups))


@bp.get("/tasks")
@access("home")
def tasks():
    """Tugas saya: everything that waits for the user, each line linking to the place to act."""
    return render("home/tasks.html", groups=inbox.tasks(current_user, agency_today()))


@bp.get("/tasks/count")
@access("home")
def tasks_count():
    """The navigation's count, loaded after the page (htmx) so that no page pays for the inbox."""
    return render("home/_tasks_count.html", n=inbox.count(inbox.tasks(current_user, agency_today())))
