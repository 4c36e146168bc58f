"""How the audit trail names award records (see ``app.audit.kinds``): a score reads "Penilaian usulan Sumadi
untuk Pegawai Terbaik Februari 2018, kriteria Kedisiplinan: nilai diubah dari 85 menjadi 88"."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit import kinds
from app.awards.forms import nominee_kind_labels, source_labels
from app.awards.models import (
    Assessor,
    Category,
    Certificate,
    CertificateCounter,
    Criterion,
    Instrument,
    Nomination,
    Round,
    Score,
)
from app.extensions import db
from app.org.forms import position_type_labels, unit_kind_labels
from app.org.models import Unit

NAME = _l("name")


def round_name(award_round: Round) -> str:
    """'Pegawai Terbaik Februari 2018': the category as it was when the round started, and the month."""
    name = (award_round.rules or {}).get("category_name") or award_round.category.name
    return f"{name} {kinds.month_year(award_round.month, award_round.year)}"


def nomination_name(nomination: Nomination) -> str:
    return _("%(name)s for %(award)s", name=nomination.display_name, award=round_name(nomination.round))


def _score(score: Score, cache: dict) -> str:
    criterion = db.session.get(Criterion, score.criterion_id)
    return _("nomination %(nomination)s, criterion %(criterion)s", nomination=nomination_name(score.nomination),
             criterion=criterion.name)


def _round_title(award_round: Round) -> str:
    name = (award_round.rules or {}).get("category_name", "")
    return f"{name} {kinds.month_year(award_round.month, award_round.year)}".strip()


def register() -> None:
    kinds.register(Instrument, _l("Assessment instrument"),
                   lambda instrument, cache: _("%(name)s, version %(number)s", name=instrument.name,
                                               number=instrument.number),
                   title=lambda instrument: instrument.name, hidden={"family", "opd_id"},
                   fields={"number": _l("version"), "name": NAME, "note": _l("note"),
                           "superseded": _l("replaced by a newer version")})
    kinds.register(Criterion, _l("Criterion"),
                   lambda criterion, cache: _("%(name)s in %(instrument)s", name=criterion.name,
                                              instrument=criterion.instrument.name),
                   title=lambda criterion: criterion.name, parent=(Instrument, Criterion.instrument_id),
                   hidden={"instrument_id"}, choices={"source": source_labels}, formats={"weight": "percent"},
                   fields={"position": _l("order"), "name": NAME, "description": _l("guidance for assessors"),
                           "weight": _l("weight"), "scale_min": _l("scale from"), "scale_max": _l("scale to"),
                           "source": _l("filled by")})
    kinds.register(Category, _l("Award category"), lambda category, cache: category.name,
                   title=lambda category: category.name, hidden={"opd_id"},
                   choices={"nominee_kind": nominee_kind_labels, "eligible_position_types": position_type_labels,
                            "eligible_unit_kinds": unit_kind_labels},
                   fields={"name": NAME, "nominee_kind": _l("nominees are"), "award_title": _l("award wording"),
                           "eligible_position_types": _l("eligible position types"),
                           "eligible_unit_kinds": _l("eligible unit kinds"), "winners": _l("number of winners"),
                           "quota_per_unit": _l("nominations per unit"), "instrument_id": _l("instrument"),
                           "exclude_sanctioned": _l("exclude anyone under a medium or heavy sanction"),
                           "exclude_absent": _l("exclude anyone absent without a reason"),
                           "cooldown_months": _l("months before winning again"), "exclude_heads": _l("exclude unit heads"),
                           "own_unit_conflict": _l("assessors may not score their own unit"),
                           "number_pattern": _l("certificate number pattern"),
                           "signer_position_id": _l("signed by (position)"), "active": _l("in use")})
    kinds.register(Round, _l("Award round"), lambda award_round, cache: round_name(award_round), title=_round_title,
                   hidden={"opd_id"}, parent=(Category, Round.category_id), formats={"month": "month",
                                                                                     "rules": "changed", "result": "changed"},
                   choices={"status": lambda: {"nominating": _l("nominations"), "scoring": _l("scoring"),
                                               "decided": _l("decided")}},
                   fields={"category_id": _l("category"), "year": _l("year"), "month": _l("month"),
                           "instrument_id": _l("instrument"), "rules": _l("rules of the round"),
                           "nomination_opens": _l("nominations open"), "nomination_closes": _l("nominations close"),
                           "status": _l("stage"), "appreciation": _l("certificates of appreciation for every nominee"),
                           "decision_number": _l("decision number"), "decision_date": _l("decision date"),
                           "decided_by_id": _l("decided by"), "decided_at": _l("decided at"),
                           "result": _l("ranking as decided")})
    kinds.register(Assessor, _l("Assessor panel member"),
                   lambda seat, cache: _("%(user)s in %(award)s", user=seat.user.username,
                                         award=round_name(seat.round)),
                   parent=(Round, Assessor.round_id), hidden={"round_id"}, fields={"user_id": _l("account")})
    kinds.register(Nomination, _l("Nomination"), lambda nomination, cache: nomination_name(nomination),
                   parent=(Round, Nomination.round_id), hidden={"round_id", "evidence_file"},
                   formats={"auto": "changed"},
                   fields={"employee_id": _l("nominee"), "unit_id": _l("work unit"),
                           "justification": _l("why this nominee"), "evidence_name": _l("evidence"),
                           "nominated_by_id": _l("nominated by"), "nominated_at": _l("nominated at"),
                           "auto": _l("automatic criteria"), "rank": _l("rank"), "winner": _l("winner"),
                           "withdrawn_at": _l("withdrawn at"), "withdrawn_reason": _l("reason for withdrawal")})
    kinds.register(Score, _l("Assessor's score"), _score, noun=_l("Assessment"),
                   parent=(Nomination, Score.nomination_id),
                   hidden={"nomination_id", "assessor_id", "criterion_id", "scored_at"},
                   fields={"value": _l("score")})
    kinds.register(CertificateCounter, _l("Certificate numbering"),
                   lambda counter, cache: f"{counter.year} {db.session.get(Unit, counter.opd_id).name}",
                   hidden={"opd_id"}, fields={"year": _l("year"), "last": _l("last number used")})
    kinds.register(Certificate, _l("Certificate"),
                   lambda certificate, cache: _("%(number)s (%(nomination)s)", number=certificate.number,
                                                nomination=nomination_name(certificate.nomination)),
                   parent=(Nomination, Certificate.nomination_id), hidden={"nomination_id", "opd_id"},
                   choices={"kind": lambda: {"winner": _l("winner"), "appreciation": _l("appreciation")}},
                   formats={"content": "changed"},
                   fields={"kind": _l("kind"), "year": _l("year"), "seq": _l("sequence number"), "number": _l("number"),
                           "code": _l("verification code"), "issued_on": _l("issued on"),
                           "content": _l("printed content"), "document_id": _l("issued document")})
