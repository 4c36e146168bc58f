"""Certificates (piagam): numbered from the OPD's yearly counter without gaps, their content frozen."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.awards import numbering
from app.awards.models import Category, Certificate, CertificateCounter, Nomination, Round
from app.awards.services.state import active_nominations
from app.core.errors import Conflict, Refused
from app.core.formatting import MONTHS_ID, tanggal
from app.documents import services as documents
from app.documents.context import letterhead
from app.extensions import db
from app.org.models import Employee, Position
from app.org.services import get_pemda


def _next_numbers(opd_id: int, year: int, count: int) -> range:
    """Reserve ``count`` consecutive numbers; the counter row is locked until the transaction ends."""
    table = CertificateCounter.__table__
    stmt = (update(table).where(table.c.opd_id == opd_id, table.c.year == year)
            .values(last=table.c.last + count).returning(table.c.last))
    last = db.session.execute(stmt).scalar()
    if last is None:
        try:
            with db.session.begin_nested():
                db.session.execute(table.insert().values(opd_id=opd_id, year=year, last=0))
        except IntegrityError:
            pass  # another transaction created it first; the update below waits for its lock
        last = db.session.execute(stmt).scalar()
    return range(last - count + 1, last + 1)


def signer_of(category: Category, on: date) -> Employee | None:
    """Who signs: the holder of the category's signer position, else the head of the OPD."""
    position_id = category.signer_position_id
    if position_id is None:
        position_id = db.session.scalar(select(Position.id).where(Position.unit_id == category.opd_id,
                                                                  Position.is_head.is_(True)).limit(1))
    if position_id is None:
        return None
    return db.session.scalar(select(Employee).where(Employee.position_id == position_id,
                                                    Employee.status == "aktif").order_by(Employee.id).limit(1))


def _recipient(nomination: Nomination) -> dict:
    if nomination.employee is None:
        parent = nomination.unit.parent
        return {"is_unit": True, "name": nomination.unit.name, "unit": parent.name if parent else ""}
    employee = nomination.employee
    return {"is_unit": False, "name": employee.display_name, "id_label": employee.id_label,
            "id": employee.display_id, "pangkat": employee.pangkat,
            "position": employee.position.name if employee.position else "", "unit": employee.unit.name}


def certificate_content(nomination: Nomination, kind: str, number: str, signer: Employee | None) -> dict:
    """Everything the piagam prints, frozen at numbering. ``award`` is the category's wording when the round
    started; ``citation`` says the same in one sentence (the verification page and older templates use it)."""
    award_round = nomination.round
    category, award = award_round.category_name, award_round.award
    month = f"{MONTHS_ID[award_round.month - 1]} {award_round.year}"
    unit = nomination.employee is None
    where = f"pada bulan {month} di lingkungan {award_round.opd.name}"
    if kind == "winner":
        honour = award
        reason = (f"atas prestasi dan kinerja pelayanan terbaik {where}" if unit else
                  f"atas prestasi, dedikasi, dan kinerja terbaik {where}")
    else:
        honour = f"Nominasi {award}"
        reason = f"atas partisipasi dan prestasinya {where}"
    # The category is named unless the wording already says it ("Pelaksana Teladan" in "Pelaksana Teladan").
    category_line = "" if category.casefold() in award.casefold() else f"Kategori {category}"
    citation = " ".join(v for v in (f"sebagai {honour} Bulan {month}", category_line) if v)
    pemda = get_pemda()
    return {
        "kop": letterhead(award_round.opd), "number": number, "kind": kind, "recipient": _recipient(nomination),
        "citation": citation, "award": honour, "category": category_line, "reason": reason,
        "place_date": f"{pemda.city if pemda else ''}, {tanggal(award_round.decision_date)}",
        "signer": {"position": signer.position.name if signer and signer.position else "",
                   "name": signer.display_name if signer else "", "pangkat": signer.pangkat if signer else "",
                   "nip": signer.display_id if signer else ""},
        "title": f"Piagam Penghargaan — {honour} {month} — {nomination.display_name}",
    }


def issue_certificates(award_round: Round) -> list[Certificate]:
    """Number the round's certificates (winners, and every nominee when the round says so) in one go.

    Numbers come from the OPD's counter for the decision year inside this transaction: two people issuing
    at once wait for each other, and a failed issue rolls its numbers back, so there are no gaps or doubles.
    """
    if not award_round.frozen:
        raise Refused(_l("Certificates are issued after the decision."))
    done = set(db.session.scalars(select(Certificate.nomination_id).join(Nomination).where(
        Nomination.round_id == award_round.id)))
    todo = [n for n in sorted(active_nominations(award_round), key=lambda n: n.rank or 0)
            if n.id not in done and (n.winner or award_round.appreciation)]
    if not todo:
        return []
    on = award_round.decision_date
    category = award_round.category
    signer_id = award_round.rules.get("signer_id")
    signer = db.session.get(Employee, signer_id) if signer_id else signer_of(category, on)
    opd = award_round.opd
    certificates = []
    try:
        for seq, nomination in zip(_next_numbers(opd.id, on.year, len(todo)), todo, strict=True):
            kind = "winner" if nomination.winner else "appreciation"
            number = numbering.format_number(category.number_pattern, seq=seq, unit=opd.code or str(opd.id),
                                             month=on.month, year=on.year)
            certificate = Certificate(nomination=nomination, kind=kind, opd_id=opd.id, year=on.year, seq=seq,
                                      number=number, code=documents.new_code(), issued_on=on,
                                      content=certificate_content(nomination, kind, number, signer))
            db.session.add(certificate)
            certificates.append(certificate)
        db.session.flush()
    except IntegrityError as error:
        raise Conflict() from error
    return certificates


def certificates_of(award_round: Round) -> list[Certificate]:
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(select(Certificate).join(Nomination).where(
        Nomination.round_id == award_round.id).options(selectinload(Certificate.document))
        .order_by(Certificate.seq)))
