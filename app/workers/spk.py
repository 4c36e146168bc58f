"""The SPK (surat perjanjian kerja) of a contract as an official PDF, issued once when the contract is signed:
the Kepala Dinas (the head of the contract's OPD) as PIHAK KESATU, the worker as PIHAK KEDUA, the duties, the
period within one budget year, the hours, the honorarium in figures and words, and the conduct and evaluation
clauses the OPD's rules set. ``build`` gathers plain values; the stored PDF is what the QR code verifies."""

from __future__ import annotations

from app.attendance.recap import head_of
from app.core.formatting import format_number, rupiah, tanggal, terbilang
from app.documents import services as documents
from app.documents.context import letterhead, verification
from app.documents.models import IssuedDocument
from app.documents.render import render_pdf
from app.extensions import db
from app.org.models import Unit
from app.org.services import get_pemda
from app.workers.models import Contract
from app.workers.rules import Rules
from app.workers.services import settings

KIND = "worker_contract"
SOURCE = "worker_contract"  # the source id is the contract's
TEMPLATE = "pdf/worker_contract.html"
BASES = {"daily": "per hari kerja", "monthly": "per bulan"}
ETYPES = {"thl": "Tenaga Harian Lepas (THL)", "pjlp": "Penyedia Jasa Lainnya Perorangan (PJLP)",
          "honorer": "Tenaga Honorer"}


def _hours(contract: Contract) -> str:
    shift = contract.shift
    if shift is None:
        return "sesuai jam kerja unit kerja"
    text = f"{shift.name}, pukul {shift.starts:%H.%M}–{shift.ends:%H.%M}"
    return text + (" (melewati tengah malam)" if shift.ends <= shift.starts else "")


def build(contract: Contract, rules: Rules) -> dict:
    opd = db.session.get(Unit, contract.unit.opd_id)
    pemda = get_pemda()
    worker = contract.employee
    signed = contract.signed_on
    honor = rules.honor
    return {
        "title": "SURAT PERJANJIAN KERJA",
        "subtitle": ETYPES.get(worker.employment_type, "Tenaga Non-ASN"),
        "number": contract.number,
        "kop": letterhead(opd),
        "day": tanggal(signed, with_weekday=True),
        "first": head_of(opd) | {"office": opd.name},
        "second": {"name": worker.display_name, "nik": worker.nik or "", "position": contract.position or "",
                   "sex": "Laki-laki" if worker.sex == "L" else "Perempuan",
                   "birth": tanggal(worker.birth_date) if worker.birth_date else ""},
        "unit": contract.unit.name, "workplace": contract.workplace, "duties": contract.duties,
        "starts": tanggal(contract.starts_on), "ends": tanggal(contract.ends_on), "year": contract.year,
        "hours": _hours(contract),
        "amount": rupiah(contract.rate), "amount_words": terbilang(contract.rate),
        "basis": BASES[contract.pay_basis], "daily": contract.pay_basis == "daily",
        "penalties": {"absent": format_number(honor.absent_pct), "late": format_number(honor.late_pct),
                      "early": format_number(honor.early_pct), "cap": format_number(honor.cap)},
        "evaluation": "setiap triwulan" if rules.evaluation.every == "quarter" else "setiap akhir tahun",
        "place_date": f"{pemda.city if pemda and pemda.city else '.................'}, {tanggal(signed)}",
    }


def render(data: dict, verify: dict | None = None) -> bytes:
    return render_pdf(TEMPLATE, dict(data, verify=verify))


def issue(contract: Contract, user) -> IssuedDocument:
    """Issue the SPK once (a second issue of the same contract is refused by the documents module)."""
    rules = settings.rules_on(db.session.get(Unit, contract.unit.opd_id), contract.starts_on)
    data = build(contract, rules)
    code = documents.new_code()
    pdf = render(data, verification(code, documents.verification_url(code)))
    return documents.issue(
        code=code, pdf=pdf, kind=KIND, title=f"SPK {contract.number} — {contract.employee.display_name}",
        number=contract.number, source=(SOURCE, contract.id), unit_id=contract.unit_id,
        issued_by_id=getattr(user, "id", None),
        parties=[{"role": "Pihak Kesatu", "name": data["first"]["name"], "position": data["first"]["position"],
                  "nip": data["first"]["nip"]},
                 # A worker's NIK is not shown on the public verification page
                 {"role": "Pihak Kedua", "name": data["second"]["name"], "position": contract.position, "nip": ""}])
