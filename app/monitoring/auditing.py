"""How the audit trail names what units report (see ``app.audit.kinds``); the per-unit figures of the
dashboards are derived from audited rows and are not logged themselves."""

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.agreements.auditing import MEASURE_CHOICES, MEASURE_FIELDS, MEASURE_FORMATS
from app.agreements.forms import period_kind_labels
from app.agreements.models import Agreement, AgreementVersion, Indicator
from app.audit import kinds
from app.extensions import db
from app.monitoring.labels import period_label, status_labels
from app.monitoring.models import (
    EVIDENCE_TYPES,
    Evidence,
    PeriodStat,
    Realisation,
    RealisationChange,
    ReportingWindow,
    UnitKpi,
    UnitStat,
)
from app.org.models import Unit


def _indicator_names(agreement_id: int, cache: dict) -> dict[str, str]:
    """Every indicator's name in an agreement by its key (a later version's name wins): one query per agreement
    and flush, however many of its values change."""
    key = ("monitoring.indicators", agreement_id)
    if key not in cache:
        rows = db.session.execute(
            select(Indicator.key, Indicator.name).join(AgreementVersion, Indicator.version_id == AgreementVersion.id)
            .where(AgreementVersion.agreement_id == agreement_id).order_by(AgreementVersion.number))
        cache[key] = {k: name for k, name in rows}
    return cache[key]


def realisation_name(realisation: Realisation, cache: dict) -> str:
    """'“Persentase PPKS tertangani”, Tw II 2018, Bidang Rehabilitasi Sosial'."""
    if realisation.kpi_id is not None:
        name = realisation.kpi.name
    else:
        name = _indicator_names(realisation.agreement_id, cache).get(realisation.indicator_key, "")
    return _("%(indicator)s, %(period)s %(year)s, %(unit)s", indicator=kinds.quoted(name),
             period=period_label(realisation.period_kind, realisation.period), year=realisation.year,
             unit=realisation.unit.name)


def _window(window: ReportingWindow, cache: dict) -> str:
    return _("%(period)s %(year)s, %(unit)s", period=period_label(window.period_kind, window.period),
             year=window.year, unit=db.session.get(Unit, window.opd_id).name)


def _kpi(kpi: UnitKpi, cache: dict) -> str:
    return _("%(name)s, %(unit)s %(year)s", name=kinds.quoted(kpi.name), unit=kpi.unit.name, year=kpi.year)


def register() -> None:
    kinds.not_audited(UnitStat)
    kinds.not_audited(PeriodStat)
    kinds.register(UnitKpi, _l("Unit KPI"), _kpi, title=lambda kpi: kinds.quoted(kpi.name), hidden={"key"},
                   parent=(Unit, UnitKpi.unit_id), choices=MEASURE_CHOICES, formats=MEASURE_FORMATS,
                   fields={**MEASURE_FIELDS, "unit_id": _l("work unit"), "year": _l("year"), "active": _l("in use")})
    kinds.register(ReportingWindow, _l("Input window"), _window, choices={"period_kind": period_kind_labels},
                   fields={"opd_id": "OPD", "year": _l("year"), "period_kind": _l("reported"),
                           "period": _l("period"), "opens_on": _l("opens on"), "closes_on": _l("closes on")})
    kinds.register(Realisation, _l("Realisation"), realisation_name, parent=(Agreement, Realisation.agreement_id),
                   hidden={"agreement_id", "kpi_id", "indicator_key"},
                   choices={"status": status_labels, "period_kind": period_kind_labels},
                   fields={"unit_id": _l("work unit"), "year": _l("year"), "period_kind": _l("reported"),
                           "period": _l("period"), "value": _l("value"), "note": _l("note"), "status": _l("status"),
                           "late": _l("entered late"), "returned_note": _l("reason for returning"),
                           "entered_by_id": _l("entered by"), "verified_by_id": _l("verified by"),
                           "verified_at": _l("verified at")})
    kinds.register(Evidence, _l("Evidence"),
                   lambda evidence, cache: _("%(file)s for %(realisation)s", file=kinds.quoted(evidence.original_name),
                                             realisation=realisation_name(evidence.realisation, cache)),
                   parent=(Realisation, Evidence.realisation_id), hidden={"realisation_id", "file_name"},
                   choices={"mime": lambda: {mime: ext.upper() for ext, mime in EVIDENCE_TYPES.values()}},
                   formats={"size": format_number},  # "PDF", "7.932"
                   fields={"original_name": _l("file"), "mime": _l("file type"), "size": _l("size (bytes)"),
                           "uploaded_by_id": _l("uploaded by"), "uploaded_at": _l("uploaded at")})
    kinds.register(RealisationChange, _l("Correction request"),
                   lambda change, cache: realisation_name(change.realisation, cache),
                   parent=(Realisation, RealisationChange.realisation_id), hidden={"realisation_id"},
                   choices={"status": lambda: {"requested": _l("requested"), "approved": _l("approved"),
                                               "rejected": _l("rejected")}},
                   fields={"old_value": _l("old value"), "new_value": _l("new value"), "reason": _l("reason"),
                           "status": _l("status"), "requested_by_id": _l("requested by"),
                           "decided_by_id": _l("decided by"), "requested_at": _l("requested at"),
                           "decided_at": _l("decided at")})

