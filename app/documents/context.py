"""Plain values shared by every official document (letterhead, verification footer)."""

from __future__ import annotations

from sqlalchemy import select

from app.documents.render import SCHEME, qr_data_uri
from app.extensions import db
from app.org.models import Pemda, Unit


def letterhead(unit: Unit) -> dict:
    """The kop surat of ``unit``: its own fields, else those of the nearest unit above that has them."""
    chain = [unit]
    if unit.ancestor_ids:
        above = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit.ancestor_ids)))}
        chain += [above[i] for i in reversed(unit.ancestor_ids) if i in above]
    source = next((u for u in chain if u.kop_name or u.kop_government), chain[-1])
    pemda = db.session.scalar(select(Pemda))
    contact = [source.address]
    if source.phone:
        contact.append(f"Telp. {source.phone}")
    second = [v for v in (f"E-mail: {source.email}" if source.email else "",
                          f"Website: {source.website}" if source.website else "",
                          f"Kode Pos {source.postal_code}" if source.postal_code else "") if v]
    return {
        "logo": f"{SCHEME}files/{pemda.logo_file}" if pemda and pemda.logo_file else None,
        "government": (source.kop_government or (pemda.name if pemda else "")).upper(),
        "name": (source.kop_name or source.name).upper(),
        "lines": [", ".join(v for v in contact if v), ", ".join(second)],
    }


def verification(code: str, url: str) -> dict:
    return {"code": code, "url": url, "qr": qr_data_uri(url)}
