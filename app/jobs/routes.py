"""Background jobs: start an export, watch its progress, download the result. Owner (or admin) only."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, can, is_admin
from app.core.files import files_dir
from app.core.forms import EmptyForm
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.imports.columns import COLUMNS
from app.jobs import services
from app.jobs.models import Job
from app.org.models import Unit

bp = Blueprint("jobs", __name__)


def kind_titles() -> dict[str, str]:
    return {"units": _("Export of units"), "positions": _("Export of positions"), "people": _("Export of people")}


@bp.post("/exports/<kind>")
@access("people.export")
def start_export(kind: str):
    if kind not in COLUMNS:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    unit = None
    if request.form.get("unit_id", type=int):
        unit = db.session.get(Unit, request.form.get("unit_id", type=int))
        if unit is None or not can(current_user, "people.export", unit):
            abort(404)
    title = kind_titles()[kind] + (f": {unit.name}" if unit else "")
    job = services.start(current_user, "export", title, {"kind": kind, "unit_id": unit.id if unit else None})
    db.session.commit()
    services.enqueue(job)
    db.session.commit()
    return redirect_htmx(url_for("jobs.detail", job_id=job.id))


@bp.get("/jobs")
@access("jobs.view")
def index():
    stmt = select(Job).order_by(Job.created_at.desc()).limit(50)
    if not is_admin(current_user):
        stmt = stmt.where(Job.owner_id == current_user.id)
    return render("jobs/index.html", jobs=list(db.session.scalars(stmt)))


@bp.get("/jobs/<job_id>")
@access("jobs.view", job_id=Job)
def detail(job):
    """The job page; htmx polls the same URL and gets only the progress fragment."""
    response = render("jobs/job.html", "progress", job=job, files=services.folder_files(job))
    if job.finished and request.headers.get("HX-Request"):
        response.status_code = 286  # htmx stops polling on 286
    return response


@bp.get("/jobs/<job_id>/download")
@access("jobs.view", job_id=Job)
def download(job):
    """The job's result; ``?name=`` downloads another file of the job's folder (checked against its listing)."""
    name = request.args.get("name")
    if name is not None:
        if name not in services.folder_files(job):
            abort(404)
        path = files_dir() / "jobs" / job.id / name
        return send_file(BytesIO(path.read_bytes()), as_attachment=True, download_name=name)
    if job.status != "done" or not job.result_path:
        abort(404)
    path = files_dir() / job.result_path
    if not path.is_file():
        abort(404)
    return send_file(BytesIO(path.read_bytes()), as_attachment=True, download_name=job.result_name)
