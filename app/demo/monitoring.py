"""The demo's reporting: Tw I and Tw II 2018 of the Kepala Dinas's agreement, the Suku Dinas' KPIs and a
panti's monthly KPI, in every state (accepted, submitted, returned, draft), some with evidence.

Values are invented; the indicators and units are those of the demo (DOMAIN.md §8).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from sqlalchemy import select

from app.accounts.models import User
from app.agreements.models import Agreement
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


def load() -> None:
    users = {u.username: u for u in db.session.scalars(select(User))}
    hr, kadis, operator = users["hr"], users["kadis"], users["operator"]
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    opd = units["DINSOS"]
    db.session.add(ReportingWindow(opd_id=opd.id, year=2018, period_kind="quarter", period=1,
                                   opens_on=date(2018, 4, 1), closes_on=date(2018, 4, 15)))
    pdf = _evidence_pdf()
    in_q1, in_q2 = date(2018, 4, 5), date(2018, 7, 5)

    # The Kepala Dinas reports his own agreement; HR verifies (the Gubernur has no account).
    agreement = db.session.scalar(select(Agreement).where(Agreement.unit_id == opd.id, Agreement.year == 2018))
    for quarter, values in enumerate(KADIS_VALUES, 1):
        for indicator, value in zip(agreement.in_force.indicators, values, strict=True):
            r = services.enter(agreement, indicator.key, quarter, D(value), "", kadis, in_q1 if quarter == 1 else in_q2)
            services.add_evidence(r, kadis, f"laporan-tw{quarter}.pdf", pdf)
            services.submit(r, kadis)
            if quarter == 1:
                services.verify(r, hr, accept=True)

    for code, quarters in SUDIN_VALUES.items():
        unit = units[code]
        kpis = []
        for position, (name, satuan, polarity, target, tws, rule) in enumerate(SUDIN_KPIS, 1):
            kpi = UnitKpi(unit_id=unit.id, year=2018, position=position, name=name, satuan=satuan, polarity=polarity,
                          target=D(target), aggregation=rule, data_source="Laporan Suku Dinas Sosial",
                          **{f"tw{i}": D(q) for i, q in enumerate(tws, 1)})
            db.session.add(kpi)
            kpis.append(kpi)
        db.session.flush()
        clerk = operator if code == "SUDIN-JS" else hr
        for quarter, values in enumerate(quarters, 1):
            for n, (kpi, value) in enumerate(zip(kpis, values, strict=True)):
                if value is None:
                    continue
                r = services.enter(kpi, kpi.key, quarter, D(value), "", clerk, in_q1 if quarter == 1 else in_q2)
                if n == 0:
                    services.add_evidence(r, clerk, "rekap-penjangkauan.pdf", pdf)
                if code == "SUDIN-KS" or (quarter == 2 and code == "SUDIN-JS"):
                    continue  # drafts: still being filled in
                services.submit(r, clerk)
                if quarter == 2 and code == "SUDIN-JU" and n == 1:
                    services.verify(r, kadis, accept=False, note="Lampirkan tangkapan layar laporan warga.")
                elif quarter == 1:
                    services.verify(r, kadis, accept=True)

    panti = units["PSTW3"]
    monthly = UnitKpi(unit_id=panti.id, year=2018, position=1, name="Warga binaan yang kembali ke keluarga",
                      satuan="orang", polarity="higher", target=D(48), aggregation="sum", period_kind="month",
                      month_targets=["4"] * 12, tw1=D(12), tw2=D(12), tw3=D(12), tw4=D(12),
                      data_source="Buku register panti")
    db.session.add(monthly)
    db.session.flush()
    for month, value in enumerate(PANTI_MONTHS, 1):
        r = services.enter(monthly, monthly.key, month, D(value), "", hr, date(2018, month, 28), kind="month")
        services.submit(r, hr)
        if month <= 3:
            services.verify(r, kadis, accept=True)
    db.session.flush()
