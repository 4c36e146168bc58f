"""The workflow of an agreement: submit, return, sign, countersign, revise; and what changed between versions.

Who may take a step: ``rules.TRANSITIONS`` over the user's parts (``parties.actors``); the routes' access
actions say the same (``agreements.submit``, ``.sign``...), the services keep the status checks.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.agreements import rules
from app.agreements.models import REVISION_REASONS, Agreement, AgreementVersion
from app.agreements.services.drafting import copy_contents
from app.agreements.services.parties import actors, external_snapshot, require, snapshot
from app.core.db import utcnow
from app.core.errors import Refused
from app.extensions import db


def submit(version: AgreementVersion, user, expected: int | None = None) -> AgreementVersion:
    require("submit", user, version, expected)
    if not version.indicators:
        raise Refused(_l("Add at least one sasaran with an indicator before submitting."))
    if version.second_party_id is None and not version.second_party_name:
        raise Refused(_l("Choose PIHAK KEDUA, or give the name and position of the Kepala Daerah."))
    version.status, version.submitted_at, version.returned_note = "submitted", utcnow(), ""
    db.session.flush()
    return version


def return_for_changes(version: AgreementVersion, user, note: str, expected: int | None = None) -> AgreementVersion:
    require("return", user, version, expected)
    if not note.strip():
        raise Refused(_l("Say what must change: the note is sent back with the agreement."), "note")
    version.status, version.returned_note = "returned", note.strip()
    version.signed_at = version.signed_by_id = version.first_party_snapshot = None
    db.session.flush()
    return version


def sign(version: AgreementVersion, user, pakta: bool, on: date, place: str,
         expected: int | None = None) -> AgreementVersion:
    """PIHAK PERTAMA signs the agreement and the pakta integritas."""
    require("sign", user, version, expected)
    if not pakta:
        raise Refused(_l("Signing includes the pakta integritas: tick the statement to sign."), "pakta")
    if not place.strip():
        raise Refused(_l("Give the place of signing."), "place")
    version.place, version.signed_on = place.strip(), on
    version.first_party_snapshot = snapshot(version.agreement.first_party, on)
    version.status, version.signed_at, version.signed_by_id = "signed", utcnow(), user.id
    db.session.flush()
    return version


def countersign(version: AgreementVersion, user, expected: int | None = None) -> AgreementVersion:
    """PIHAK KEDUA countersigns: the version comes into force and the one before is superseded."""
    require("countersign", user, version, expected)
    version.second_party_snapshot = (snapshot(version.second_party, version.signed_on) if version.second_party
                                     else external_snapshot(version))
    for older in version.agreement.versions:
        if older is not version and older.status == "in_force":
            older.status = "superseded"
            if older.document is not None:
                from app.documents.services import supersede

                supersede(older.document, str(_l("Replaced by version %(n)s", n=version.number)))
    version.status, version.countersigned_at, version.countersigned_by_id = "in_force", utcnow(), user.id
    db.session.flush()
    from app.agreements import document

    document.issue(version, user)  # rendered once, stored, served byte-identical from now on
    db.session.flush()
    return version


def revise(agreement: Agreement, user, reason: str, note: str) -> AgreementVersion:
    """Start a PK Perubahan: a new draft copied from the version in force, with the reason recorded."""
    current = agreement.in_force
    if current is None:
        raise Refused(_l("Only an agreement in force can be revised."))
    if agreement.latest is not current:
        raise Refused(_l("A revision of this agreement is already under way (version %(n)s).", n=agreement.latest.number))
    if not ({"first_party", "hr"} & actors(user, current)):
        raise Refused(_l("Your part in this agreement does not allow this step."))
    if reason not in REVISION_REASONS:
        raise Refused(_l("Choose the reason for the revision."), "reason")
    if not note.strip():
        raise Refused(_l("Explain the revision: what changed and why."), "note")
    version = AgreementVersion(number=current.number + 1, status="draft", revision_reason=reason,
                               revision_note=note.strip(), second_party_id=current.second_party_id,
                               second_party_name=current.second_party_name,
                               second_party_position=current.second_party_position, place=current.place)
    agreement.versions.append(version)
    copy_contents(current, version)
    db.session.flush()
    return version


# -- reading -------------------------------------------------------------------------------------------

def indicator_rows(version: AgreementVersion) -> dict[str, dict]:
    return {i.key: {"sasaran": i.sasaran.text, **{f: getattr(i, f) for f in rules.INDICATOR_FIELDS if f != "sasaran"}}
            for i in version.indicators}


def budget_rows(version: AgreementVersion) -> dict[tuple[str, str], dict]:
    return {(b.level, b.name): {"amount": b.amount, "note": b.note} for b in version.budget_lines}


def diff(old: AgreementVersion, new: AgreementVersion) -> list[rules.Change]:
    return rules.diff(indicator_rows(old), indicator_rows(new), budget_rows(old), budget_rows(new))
