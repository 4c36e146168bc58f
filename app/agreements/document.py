"""The official PDF of a Perjanjian Kinerja (DOMAIN.md §1): plain data first, then the rendering.

``build`` turns a version into plain values (tested on its own); ``render`` makes the PDF; ``issue`` renders
a version that has come into force once, stores it and links it, so it is served byte-identical afterwards.
"""

from __future__ import annotations

from app.agreements.models import AgreementVersion
from app.core.formatting import format_number, rupiah, tanggal
from app.documents import services as documents
from app.documents.context import letterhead, verification
from app.documents.render import render_pdf
from app.org.services import get_pemda

KIND = "perjanjian_kinerja"


def _target(indicator) -> str:
    if indicator.polarity == "range":
        value = f"{format_number(indicator.target_min)} – {format_number(indicator.target_max)}"
    else:
        value = format_number(indicator.target)
    return f"{value} {indicator.satuan}".strip()


def _party(snapshot: dict | None, fallback) -> dict:
    if snapshot:
        return snapshot
    if fallback is None:
        return {"name": "", "position": "", "pangkat": "", "nip": "", "nip_display": ""}
    from app.org.rules import format_nip

    return {"name": fallback.display_name, "position": fallback.position.name if fallback.position else "",
            "pangkat": fallback.pangkat, "nip": fallback.nip or "",
            "nip_display": format_nip(fallback.nip) if fallback.nip else ""}


def build(version: AgreementVersion) -> dict:
    """Everything the PDF shows, as plain values."""
    agreement = version.agreement
    first = _party(version.first_party_snapshot, agreement.first_party)
    if version.second_party_snapshot:
        second = version.second_party_snapshot
    elif version.second_party is not None:
        second = _party(None, version.second_party)
    else:
        second = {"name": version.second_party_name, "position": version.second_party_position, "pangkat": "",
                  "nip": "", "nip_display": ""}
    has_quarters = any(i.tw1 is not None for i in version.indicators)
    rows, number = [], 0
    for sasaran in version.sasaran:
        number += 1
        for index, indicator in enumerate(sasaran.indicators or [None]):
            rows.append({
                "no": number if index == 0 else "", "sasaran": sasaran.text if index == 0 else "",
                "span": max(len(sasaran.indicators), 1) if index == 0 else 0,
                "indicator": indicator.name if indicator else "", "target": _target(indicator) if indicator else "",
                "quarters": [format_number(q) for q in indicator.quarters] if indicator else ["", "", "", ""],
            })
    pemda = get_pemda()
    return {
        "title": f"PERJANJIAN KINERJA TAHUN {agreement.year}",
        "year": agreement.year,
        "revision": version.number > 1,
        "version": version.number,
        "kop": letterhead(agreement.unit),
        "unit_name": agreement.unit.name,
        "first": first, "second": second,
        "place_date": f"{version.place or (pemda.city if pemda else '')}, "
                      f"{tanggal(version.signed_on) if version.signed_on else '.......................'}",
        "rows": rows, "has_quarters": has_quarters,
        "budget": [{"no": n, "level": b.level, "name": b.name, "amount": rupiah(b.amount, decimals=False),
                    "note": b.note} for n, b in enumerate(version.budget_lines, 1)],
        "budget_total": rupiah(version.budget_total, decimals=False),
        "draft": version.status != "in_force" and version.status != "superseded",
    }


def render(version: AgreementVersion, verify: dict | None = None) -> bytes:
    pemda = get_pemda()
    return render_pdf("pdf/agreement.html", dict(build(version), verify=verify),
                      paper=pemda.paper_size if pemda else "A4")


def issue(version: AgreementVersion, user) -> None:
    """Render the version now in force once, store it, and link it to the version."""
    code = documents.new_code()
    pdf = render(version, verification(code, documents.verification_url(code)))
    data = build(version)
    parties = [{"role": "PIHAK PERTAMA", **_public(data["first"])}, {"role": "PIHAK KEDUA", **_public(data["second"])}]
    document = documents.issue(code=code, pdf=pdf, kind=KIND, title=data["title"] + f" — {data['unit_name']}",
                               number=f"PK/{version.agreement.year}/{version.agreement_id}/v{version.number}",
                               parties=parties, version=version.number, unit_id=version.agreement.unit_id,
                               source=("agreement_version", version.id), issued_by_id=getattr(user, "id", None))
    version.document_id = document.id


def _public(party: dict) -> dict:
    return {"name": party["name"], "position": party["position"], "nip": party.get("nip", "")}
