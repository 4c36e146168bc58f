"""The demo's reporting: Tw I and Tw II 2018 of the Kepala Dinas's agreement, the Suku Dinas' KPIs and a
panti's monthly KPI, in every state (accepted, submitted, returned, draft), some with evidence.

Values are invented; the indicators and units are those of the demo (DOMAIN.md §8).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from sqlalchemy import select

from app.accounts.models import User
from app.agreements.models import Agreement
from app.core.clock import agency_today
from app.demo.calendar import Script, at
from app.extensions import db
from app.monitoring import services
from app.monitoring.models import ReportingWindow, UnitKpi
from app.org.models import Unit

SUDIN_KPIS = [  # name, satuan, polarity, annual target, quarters, aggregation
    ("Jumlah PMKS jalanan yang dijangkau dan dirujuk", "orang", "higher", "1200", ("300", "300", "300", "300"), "sum"),
    ("Laporan warga di media sosial yang direspons dalam 24 jam", "%", "higher", "90", ("90", "90", "90", "90"),
     "average"),
    ("Rata-rata waktu respons laporan warga", "jam", "lower", "12", ("12", "12", "12", "12"), "average"),
]
# Tw I and Tw II realisation per Suku Dinas (by code), per KPI above.
SUDIN_VALUES = {
    "SUDIN-JS": (("342", "97", "6"), ("310", "95", "8")),
    "SUDIN-JP": (("280", "88", "11"), ("295", "90", "10")),
    "SUDIN-JU": (("251", "81", "15"), ("270", "85", "13")),
    "SUDIN-JB": (("305", "92", "9"), ("298", "91", "10")),
    "SUDIN-JT": (("190", "70", "20"), ("230", "78", "17")),
    "SUDIN-KS": (("64", "95", "10"), (None, None, None)),
}
KADIS_VALUES = (("276", "12", "148", "0.2"), ("276", "21", "160", "0.45"))
PANTI_MONTHS = ("4", "3", "5", "4", "6", "2")


def _evidence_pdf() -> bytes:
    """A one-page PDF standing for a scanned report (rendered once, stored once by its hash)."""
    from weasyprint import HTML

    return HTML(string="<h1>Laporan Kegiatan Triwulan</h1><p>Dinas Sosial Provinsi DKI Jakarta, 2018.</p>"
                       "<p>Rekapitulasi penjangkauan PMKS dan respons laporan warga (contoh untuk demo).</p>"
                ).write_pdf()


def script() -> Script:
    """A script of the demo's calendar (``app.demo.calendar``): each ``yield`` is the moment of the next step.

    HR sets the year's unit KPIs in January and reports the panti's months early in the next month; the
    Suku Dinas and the Kepala Dinas report each quarter in the first week after it; values are verified a
    few working days later. The story stops in mid-July: Tw II and April–June wait for verification.
    """
    yield at(date(2018, 1, 15), "10:00", by="hr")
    users = {u.username: u for u in db.session.scalars(select(User))}
    hr, kadis, operator = users["hr"], users["kadis"], users["operator"]
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    opd = units["DINSOS"]
    kpis = {}
    for code in SUDIN_VALUES:
        kpis[code] = [UnitKpi(unit_id=units[code].id, year=2018, position=position, name=name, satuan=satuan,
                              polarity=polarity, target=D(target), aggregation=rule,
                              data_source="Laporan Suku Dinas Sosial", **{f"tw{i}": D(q) for i, q in enumerate(tws, 1)})
                      for position, (name, satuan, polarity, target, tws, rule) in enumerate(SUDIN_KPIS, 1)]
        db.session.add_all(kpis[code])
    monthly = UnitKpi(unit_id=units["PSTW3"].id, year=2018, position=1, name="Warga binaan yang kembali ke keluarga",
                      satuan="orang", polarity="higher", target=D(48), aggregation="sum", period_kind="month",
                      month_targets=["4"] * 12, tw1=D(12), tw2=D(12), tw3=D(12), tw4=D(12),
                      data_source="Buku register panti")
    db.session.add(monthly)
    db.session.flush()
    pdf = _evidence_pdf()

    steps = []  # (moment, what): the months', the quarters' and the verifications' steps, run in time order
    for month, value in enumerate(PANTI_MONTHS, 1):
        reported = _working_days_after(date(2018, month + 1, 1), 1)
        steps.append((at(reported, "10:00", by="hr"), lambda m=month, v=value: _month(monthly, m, v, hr)))
        if month <= 3:
            steps.append((at(_working_days_after(reported, 3), "14:00", by="kadis"),
                          lambda m=month: _verify(_found(monthly, m, "month"), kadis)))
    steps.append((at(date(2018, 3, 26), "10:00", by="hr"), lambda: db.session.add(ReportingWindow(
        opd_id=opd.id, year=2018, period_kind="quarter", period=1, opens_on=date(2018, 4, 1),
        closes_on=date(2018, 4, 15)))))
    for quarter in (1, 2):
        first = date(2018, quarter * 3 + 1, 2)  # the second of April, of July
        for n, code in enumerate(SUDIN_VALUES):
            clerk = operator if code == "SUDIN-JS" else hr
            day = _working_days_after(first, n // 2)
            steps.append((at(day, "09:00" if n % 2 == 0 else "13:30", by=clerk.username),
                          lambda c=code, q=quarter, k=clerk: _sudin(kpis[c], c, q, k, pdf)))
        steps.append((at(_working_days_after(first, 3), "10:00", by="kadis"),
                      lambda q=quarter: _kadis(opd, q, kadis, pdf)))
        checked = _working_days_after(first, 5)
        steps.append((at(checked, "10:00", by="kadis"), lambda q=quarter: _check_sudin(kpis, q, kadis)))
        if quarter == 1:
            steps.append((at(checked, "14:00", by="hr"), lambda: _check_kadis(opd, hr)))
    for moment, step in sorted(steps, key=lambda s: s[0].when):
        yield moment
        step()
        db.session.flush()


def _working_days_after(day: date, days: int) -> date:
    """The office day ``days`` office days after ``day`` (``day`` itself, or the next office day, for 0)."""
    while day.weekday() > 4:
        day += timedelta(days=1)
    for _ in range(days):
        day += timedelta(days=1)
        while day.weekday() > 4:
            day += timedelta(days=1)
    return day


def _found(subject, period: int, kind: str, key: str | None = None):
    return services.find(subject, key or subject.key, kind, period)


def _verify(realisation, user, accept: bool = True, note: str = "") -> None:
    services.verify(realisation, user, accept=accept, note=note)


def _month(monthly: UnitKpi, month: int, value: str, hr) -> None:
    r = services.enter(monthly, monthly.key, month, D(value), "", hr, agency_today(), kind="month")
    services.submit(r, hr)


def _kadis_agreement(opd: Unit) -> Agreement:
    return db.session.scalar(select(Agreement).where(Agreement.unit_id == opd.id, Agreement.year == 2018))


def _kadis(opd: Unit, quarter: int, kadis, pdf: bytes) -> None:
    """The Kepala Dinas reports his own agreement (the Gubernur has no account: HR verifies)."""
    agreement = _kadis_agreement(opd)
    for indicator, value in zip(agreement.in_force.indicators, KADIS_VALUES[quarter - 1], strict=True):
        r = services.enter(agreement, indicator.key, quarter, D(value), "", kadis, agency_today())
        services.add_evidence(r, kadis, f"laporan-tw{quarter}.pdf", pdf)
        services.submit(r, kadis)


def _check_kadis(opd: Unit, hr) -> None:
    agreement = _kadis_agreement(opd)
    for indicator in agreement.in_force.indicators:
        _verify(services.find(agreement, indicator.key, "quarter", 1), hr)


def _sudin(kpis: list[UnitKpi], code: str, quarter: int, clerk, pdf: bytes) -> None:
    for n, (kpi, value) in enumerate(zip(kpis, SUDIN_VALUES[code][quarter - 1], strict=True)):
        if value is None:
            continue
        r = services.enter(kpi, kpi.key, quarter, D(value), "", clerk, agency_today())
        if n == 0:
            services.add_evidence(r, clerk, "rekap-penjangkauan.pdf", pdf)
        if code == "SUDIN-KS" or (quarter == 2 and code == "SUDIN-JS"):
            continue  # drafts: still being filled in
        services.submit(r, clerk)


def _check_sudin(kpis: dict[str, list[UnitKpi]], quarter: int, kadis) -> None:
    """Tw I accepted; of Tw II, one value returned (the rest wait for the Kepala Dinas)."""
    for code, unit_kpis in kpis.items():
        if code == "SUDIN-KS":
            continue
        for n, kpi in enumerate(unit_kpis):
            r = services.find(kpi, kpi.key, "quarter", quarter)
            if r is None or r.status != "submitted":
                continue
            if quarter == 1:
                _verify(r, kadis)
            elif code == "SUDIN-JU" and n == 1:
                _verify(r, kadis, accept=False, note="Lampirkan tangkapan layar laporan warga.")
