"""How the audit trail names agreements and their contents (see ``app.audit.kinds``)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.agreements.forms import (
    aggregation_labels,
    budget_level_labels,
    period_kind_labels,
    polarity_labels,
    reason_labels,
)
from app.agreements.models import (
    STATUSES,
    Agreement,
    AgreementDeadline,
    AgreementVersion,
    BudgetLine,
    Indicator,
    Sasaran,
)
from app.agreements.rules import status_label
from app.audit import kinds
from app.extensions import db
from app.org.models import Unit

# The columns an agreement's indicator shares with a unit's own KPI (monitoring registers those with these).
MEASURE_FIELDS = {
    "name": _l("indicator"), "satuan": _l("unit of measure"), "polarity": _l("polarity"),
    "target": _l("annual target"), "target_min": _l("target range: from"), "target_max": _l("target range: to"),
    "tw1": _l("target Tw I"), "tw2": _l("target Tw II"), "tw3": _l("target Tw III"), "tw4": _l("target Tw IV"),
    "aggregation": _l("the quarters give the year as"), "period_kind": _l("reported"),
    "month_targets": _l("monthly targets"), "cap_pct": _l("achievement capped at"),
    "definition": _l("definition / formula"), "data_source": _l("data source"), "position": _l("order"),
}
MEASURE_CHOICES = {"polarity": polarity_labels, "aggregation": aggregation_labels, "period_kind": period_kind_labels}
MEASURE_FORMATS = {"cap_pct": "percent"}


def agreement_name(agreement: Agreement) -> str:
    """'2018 Dr. Budi Santoso (Dinas Sosial)': the year, PIHAK PERTAMA and the unit."""
    return f"{agreement.year} {agreement.first_party.display_name} ({agreement.unit.name})"


def _version(version: AgreementVersion) -> str:
    return _("%(agreement)s, version %(number)s", agreement=agreement_name(version.agreement), number=version.number)


def _part(what: str, version: AgreementVersion) -> str:
    return _("%(what)s in Perjanjian Kinerja %(agreement)s", what=what, agreement=_version(version))


def register() -> None:
    kinds.register(Agreement, _l("Performance agreement"), lambda agreement, cache: agreement_name(agreement),
                   fields={"year": _l("year"), "unit_id": _l("work unit"), "first_party_id": "PIHAK PERTAMA"})
    kinds.register(
        AgreementVersion, _l("Agreement version"), lambda version, cache: _version(version),
        noun=_l("Performance agreement"), parent=(Agreement, AgreementVersion.agreement_id), hidden={"agreement_id"},
        choices={"status": lambda: {s: status_label(s) for s in STATUSES}, "revision_reason": reason_labels},
        formats={"first_party_snapshot": "changed", "second_party_snapshot": "changed"},
        fields={"number": _l("version"), "status": _l("status"), "revision_reason": _l("reason for the revision"),
                "revision_note": _l("what changed and why"), "second_party_id": "PIHAK KEDUA",
                "second_party_name": _l("PIHAK KEDUA (name)"), "second_party_position": _l("PIHAK KEDUA (position)"),
                "place": _l("place of signing"), "signed_on": _l("date of signing"),
                "first_party_snapshot": _l("PIHAK PERTAMA as signed"),
                "second_party_snapshot": _l("PIHAK KEDUA as signed"), "returned_note": _l("reason for returning"),
                "submitted_at": _l("submitted at"), "signed_at": _l("signed at"), "signed_by_id": _l("signed by"),
                "countersigned_at": _l("countersigned at"), "countersigned_by_id": _l("countersigned by"),
                "document_id": _l("issued document")})
    kinds.register(Sasaran, _l("Sasaran"),
                   lambda sasaran, cache: _part(kinds.quoted(sasaran.text), sasaran.agreement_version),
                   title=lambda sasaran: kinds.quoted(sasaran.text), parent=(AgreementVersion, Sasaran.version_id),
                   hidden={"version_id"}, fields={"position": _l("order"), "text": _l("sasaran")})
    kinds.register(Indicator, _l("Indicator"),
                   lambda indicator, cache: _part(kinds.quoted(indicator.name), indicator.agreement_version),
                   parent=(AgreementVersion, Indicator.version_id), hidden={"version_id", "key"},
                   choices=MEASURE_CHOICES, formats={**MEASURE_FORMATS, "supports_key": "changed"},
                   fields={**MEASURE_FIELDS, "sasaran_id": _l("sasaran"),
                           "quarter_note": _l("why the quarters do not give the annual target"),
                           "supports_key": _l("supported indicator of the superior")})
    kinds.register(BudgetLine, _l("Budget line"),
                   lambda line, cache: _part(kinds.quoted(line.name), line.agreement_version),
                   parent=(AgreementVersion, BudgetLine.version_id), hidden={"version_id"},
                   choices={"level": budget_level_labels}, formats={"amount": "rupiah"},
                   fields={"position": _l("order"), "level": _l("level"), "name": _l("programme / activity"),
                           "amount": _l("budget"), "note": _l("note")})
    kinds.register(AgreementDeadline, _l("DPA date"),
                   lambda deadline, cache: f"{deadline.year} {db.session.get(Unit, deadline.opd_id).name}",
                   fields={"opd_id": "OPD", "year": _l("year"), "dpa_date": _l("date the budget (DPA) was approved")})
