"""Reporting a period: the grid (every line of a unit, one cell saved at a time with htmx) and one realisation
(its value, evidence files and corrections)."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from app.accounts.access import access
from app.agreements.forms import TargetField
from app.core import files
from app.core.clock import agency_today
from app.core.db import utcnow
from app.core.errors import Refused
from app.core.forms import EmptyForm, Form, VersionedForm, act, save, strip, submit
from app.core.htmx import is_htmx, redirect_htmx, render
from app.monitoring import bulk, lines, services
from app.monitoring.labels import period_label, status_labels
from app.monitoring.models import Evidence, Realisation, RealisationChange
from app.monitoring.routes import bp
from app.monitoring.routes.dashboards import period_asked, year_asked
from app.org.models import Unit

CHANGED_MEANWHILE = _l("Someone else changed this value after you opened the page: this row now shows their "
                       "value. Check it and enter yours again.")


def _rights(unit: Unit, line: lines.Line) -> dict:
    return {"enter": services.may_enter(current_user, unit, line.official_id),
            "verify": services.may_verify(current_user, unit, line.source, line.superior_id)}


def _grid_context(unit: Unit, year: int, kind: str, period: int, rows: list[lines.Line],
                  selecting: bool | None = None) -> dict:
    """What the grid and its rows show. ``selecting``: the grid has the column of values to accept at once (on
    the page: when one can be accepted; a row sent back after a change keeps what its page has)."""
    rights = {line.ref: _rights(unit, line) for line in rows}
    if selecting is None:
        selecting = any(_waiting_for(line, kind, period, rights[line.ref]) for line in rows)
    return {"unit": unit, "year": year, "kind": kind, "period": period, "statuses": status_labels(),
            "label": period_label(kind, period, short=True), "rights": rights, "me": current_user.id,
            "selecting": selecting, "entering": any(_open_to(line, kind, period, rights[line.ref]) for line in rows)}


def _open_to(line: lines.Line, kind: str, period: int, rights: dict) -> bool:
    """Can this user still enter the line's value (none yet, a draft, or returned)? Else the page has no
    instructions, upload or "submit all" for them."""
    value = line.value(kind, period)
    return rights["enter"] and (value is None or value.status in ("draft", "returned"))


def _waiting_for(line: lines.Line, kind: str, period: int, rights: dict) -> bool:
    """Is the line's value waiting for this user to verify it?"""
    value = line.value(kind, period)
    return bool(value and value.status == "submitted" and rights["verify"] and value.entered_by_id != current_user.id)


@bp.get("/monitoring/unit/<int:unit_id>/grid")
@access("monitoring.view", unit_id=Unit)
def grid(unit):
    """A unit's period: every indicator in one table, each value saved in place as it is typed."""
    year = year_asked(unit)
    kind, period = period_asked()
    all_lines = lines.for_unit(unit, year)
    rows = [line for line in all_lines if line.period_kind == kind]
    kinds = sorted({line.period_kind for line in all_lines}, key=list(services.PERIODS).index)
    return render("monitoring/grid.html", rows=rows, kinds=kinds, window=services.window_of(unit, year, kind, period),
                  **_grid_context(unit, year, kind, period, rows))


class CellForm(VersionedForm):
    value = TargetField()
    note = StringField(filters=[strip], validators=[Length(max=2000)])
    return_note = StringField(filters=[strip], validators=[Length(max=2000)])


def _cell_work(verb: str, line: lines.Line, kind: str, period: int, form: CellForm):
    """The one service call a cell's button (or leaving its field) makes."""
    subject = lines.subject(line)
    realisation = services.find(subject, line.key, kind, period)
    if verb == "save":
        value = form.value.data if isinstance(form.value.data, Decimal) else None
        return services.enter(subject, line.key, period, value, form.note.data or "", current_user, agency_today(),
                              kind=kind, expected=form.version.data, shown=True)
    if realisation is None:
        raise Refused(_("Enter the value before submitting it."), "value")
    if verb == "submit":
        return services.submit(realisation, current_user, form.version.data)
    return services.verify(realisation, current_user, verb == "accept", form.return_note.data or "",
                           form.version.data)


def _posted_period() -> tuple[int, str, int]:
    """(year, kind, period) a grid's form names; one no line can have → 404 (as the grid's own)."""
    year = request.form.get("year", type=int)
    if year is None or not 2000 <= year <= 2100:
        abort(404)
    return (year, *period_asked())


PICKED = re.compile(r"[0-9]{1,10}:[0-9]{1,10}")


def _picked(name: str) -> dict[int, int]:
    """The values a bulk form names, each as the page showed it: "<realisation id>:<version>"; malformed → 400."""
    tokens = request.form.getlist(name)
    if len(tokens) > 1000 or not all(PICKED.fullmatch(token) for token in tokens):
        abort(400)
    return {int(rid): int(version) for rid, version in (token.split(":") for token in tokens)}


def _bulk(unit, work, done):
    """A decision over many values of a period of the grid (``work(year, kind, period)``, one service call), then
    back to that period saying how many changed (``done(n, period, year)``) or, refused, why none did."""
    year, kind, period = _posted_period()
    label = period_label(kind, period, short=True)
    back = url_for("monitoring.grid", unit_id=unit.id, year=year, kind=kind, period=period)
    return act(EmptyForm(), lambda: work(year, kind, period), back=back,
               done=lambda changed: done(len(changed), label, year))


def _submitted(n: int, period: str, year: int) -> str:
    return ngettext("%(num)d value of %(period)s %(year)s was submitted to the verifier.",
                    "%(num)d values of %(period)s %(year)s were submitted to the verifier.", n, period=period, year=year)


def _accepted(n: int, period: str, year: int) -> str:
    return ngettext("%(num)d value of %(period)s %(year)s was accepted.",
                    "%(num)d values of %(period)s %(year)s were accepted.", n, period=period, year=year)


@bp.post("/monitoring/unit/<int:unit_id>/submit")
@access("monitoring.report", unit_id=Unit)
def submit_period(unit):
    """Submit every saved value of the period the page showed, at once (after a confirmation); all or none."""
    picked = _picked("saved")
    return _bulk(unit, lambda year, kind, period: bulk.submit_many(unit, year, kind, period, picked, current_user),
                 _submitted)


@bp.post("/monitoring/unit/<int:unit_id>/accept")
@access("monitoring.verify", unit_id=Unit)
def accept_selected(unit):
    """Accept the ticked submitted values at once (after a confirmation); all or none."""
    picked = _picked("selected")
    return _bulk(unit, lambda year, kind, period: bulk.accept_many(unit, year, kind, period, picked, current_user),
                 _accepted)


@bp.post("/monitoring/unit/<int:unit_id>/cell")
@access("monitoring.report", unit_id=Unit)
def cell(unit):
    """Save, submit, accept or return one value of the grid; answers the row (422 with the error).

    Who may do which to this line the services decide (``monitoring.enter`` / ``monitoring.verify``)."""
    year, kind, period = _posted_period()
    ref = request.form.get("ref", "")
    row = lines.find(unit, year, ref)
    if row is None or row.period_kind != kind:
        abort(404)
    verb = request.form.get("action", "save")
    if verb not in ("save", "submit", "accept", "return"):
        abort(400)
    form = CellForm()
    done, _status = submit(form, lambda: _cell_work(verb, row, kind, period, form), field="value",
                           conflict=str(CHANGED_MEANWHILE))
    error = None if done else " ".join(str(e) for errors in form.errors.values() for e in errors)
    if not is_htmx():
        if error:
            flash(error, "error")
        return redirect_htmx(url_for("monitoring.grid", unit_id=unit.id, year=year, kind=kind, period=period))
    fresh = lines.find(unit, year, ref)
    typed = request.form.get("value", "") if error and verb == "save" else None
    return render("monitoring/grid.html", fragment="row", status=422 if error else 200, line=fresh, error=error,
                  typed=typed, saved_at=utcnow() if done and verb == "save" else None,
                  **_grid_context(unit, year, kind, period, [fresh], request.form.get("selecting") == "1"))


# -- one realisation: evidence and corrections -----------------------------------------------------------

class EvidenceForm(Form):
    file = FileField(validators=[FileRequired(_l("Choose a file to upload."))])


class CorrectionForm(Form):
    value = TargetField(_l("Correct value"))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])


def _realisation_page(realisation: Realisation, status: int = 200, evidence_form: EvidenceForm | None = None,
                      correction_form: CorrectionForm | None = None, verify_form=None):
    subject = realisation.subject
    row = lines.find(realisation.unit, realisation.year, _ref(realisation))
    if row is None:
        abort(404)
    editable = realisation.status in ("draft", "returned")
    return render("monitoring/realisation.html", status=status, r=realisation, line=row, statuses=status_labels(),
                  label=period_label(realisation.period_kind, realisation.period, short=True),
                  enter=services.can_enter(current_user, subject), editable=editable,
                  verify=services.can_verify(current_user, subject),
                  evidence_form=evidence_form or EvidenceForm(formdata=None),
                  correction_form=correction_form or CorrectionForm(formdata=None),
                  verify_form=verify_form or VerifyForm(formdata=None),
                  achievement=row.achievement(realisation.period_kind, realisation.period),
                  max_mb=services.evidence_limit() // 2**20, me=current_user.id)


def _ref(realisation: Realisation) -> str:
    if realisation.kpi_id is not None:
        return f"kpi:{realisation.kpi_id}"
    return f"pk:{realisation.agreement_id}:{realisation.indicator_key}"


def _back(realisation: Realisation) -> str:
    return url_for("monitoring.realisation", realisation_id=realisation.id)


def _page_form(realisation: Realisation, name: str, form, work, done: str, field: str):
    """A form of the realisation's page (``name``: its context name): saved, or the page again with its errors."""
    return save(form, work, field=field, done=done, then=_back(realisation),
                page=lambda status: _realisation_page(realisation, status, **{name: form}))


@bp.get("/monitoring/realisations/<int:realisation_id>")
@access("monitoring.view", realisation_id=Realisation)
def realisation(realisation):
    return _realisation_page(realisation)


@bp.post("/monitoring/realisations/<int:realisation_id>/evidence")
@access("monitoring.enter", realisation_id=Realisation)
def evidence_upload(realisation):
    form = EvidenceForm()
    return _page_form(realisation, "evidence_form", form, lambda: services.add_evidence(
        realisation, current_user, form.file.data.filename, form.file.data.read()), _("The file was added."), "file")


@bp.post("/monitoring/evidence/<int:evidence_id>/delete")
@access("monitoring.enter", evidence_id=Evidence)
def evidence_delete(evidence):
    realisation = evidence.realisation
    return act(EmptyForm(), lambda: services.remove_evidence(evidence, current_user), done=_("The file was removed."),
               back=_back(realisation), page=lambda status: _realisation_page(realisation, status))


@bp.get("/monitoring/evidence/<int:evidence_id>")
@access("monitoring.view", evidence_id=Evidence)
def evidence_file(evidence):
    """The file as stored; PDFs and images open in the browser (preview), workbooks download."""
    inline = evidence.mime != services.XLSX[1]
    try:
        data = files.path_of(evidence.file_name).read_bytes()
    except FileNotFoundError:
        abort(404)
    response = send_file(BytesIO(data), mimetype=evidence.mime, as_attachment=not inline,
                         download_name=evidence.original_name, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; " \
                                                  "object-src 'self'; frame-ancestors 'self'"
    return response


class VerifyForm(VersionedForm):
    note = TextAreaField(_l("Note (required to return)"), filters=[strip], validators=[Length(max=2000)])


@bp.post("/monitoring/realisations/<int:realisation_id>/submit")
@access("monitoring.enter", realisation_id=Realisation)
def realisation_submit(realisation):
    form = VersionedForm()
    return act(form, lambda: services.submit(realisation, current_user, form.version.data),
               done=_("Submitted to the verifier."), back=_back(realisation),
               page=lambda status: _realisation_page(realisation, status))


@bp.post("/monitoring/realisations/<int:realisation_id>/verify")
@access("monitoring.verify", realisation_id=Realisation)
def realisation_verify(realisation):
    """Accept or return the value from its own page (a return with its note, as in the grid)."""
    form = VerifyForm()
    accept = request.form.get("decision") == "accept"
    return _page_form(realisation, "verify_form", form, lambda: services.verify(
        realisation, current_user, accept, form.note.data or "", form.version.data),
        _("The value was accepted.") if accept else _("The value was returned with your note."), "note")


@bp.post("/monitoring/realisations/<int:realisation_id>/correction")
@access("monitoring.enter", realisation_id=Realisation)
def correction(realisation):
    form = CorrectionForm()
    return _page_form(realisation, "correction_form", form, lambda: services.request_correction(
        realisation, current_user, form.value.data if isinstance(form.value.data, Decimal) else None,
        form.reason.data or ""), _("The correction was requested; the verifier decides."), "reason")


@bp.post("/monitoring/corrections/<int:change_id>")
@access("monitoring.verify", change_id=RealisationChange)
def correction_decide(change):
    realisation = change.realisation
    return act(EmptyForm(), lambda: services.decide_correction(change, current_user,
                                                                request.form.get("decision") == "approve"),
               done=_("Decided."), back=_back(realisation), page=lambda status: _realisation_page(realisation, status))
