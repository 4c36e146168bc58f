"""Shipped presets for the employee-of-the-month awards (DOMAIN.md §6). Data, not code: the calculations in
``app.awards.calc`` take a preset as an argument, so another OPD's instrument is another entry here.

[C] confirmed in a public source, [U] common practice not confirmed (labelled so).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

# The attendance recap fields a penalty counts, by penalty key (``app.discipline.models.AttendanceMonth``).
COUNT_FIELDS = {
    "leave": "leave_days",  # izin/cuti days
    "absent": "absent_days",  # TK: absent without a reason
    "early": "early_leaves",  # PSW: left early
    "late": "late_arrivals",  # TL: came late
    "roll_call": "missed_roll_calls",  # apel missed
}


@dataclass(frozen=True)
class Step:
    """A penalty charged when a count reaches ``at`` (the highest step reached applies)."""

    at: int
    penalty: D


@dataclass(frozen=True)
class AttendancePreset:
    """Attendance score = ``start`` − the penalties, floored at 0.

    ``penalties`` maps a penalty key (see ``COUNT_FIELDS``) to its steps, lowest first; a count below the first
    step is not penalised. The keys are listed in the order an explanation shows them.
    """

    key: str
    name: str
    source: str
    start: D
    penalties: tuple[tuple[str, tuple[Step, ...]], ...]


DINSOS_DKI = AttendancePreset(
    key="dinsos_dki",
    name="Dinas Sosial Provinsi DKI Jakarta",
    source="Instrumen penilaian pegawai terbaik Dinas Sosial Provinsi DKI Jakarta: nilai kehadiran = 100 − "
           "pengurangan; izin/cuti < 3 hari 2,5, ≥ 3 hari 5; tanpa keterangan (TK) 1 kali 20, lebih 30; "
           "pulang sebelum waktunya (PSW) 1 kali 5, lebih 10; terlambat (TL) 1 kali 5, lebih 10; "
           "tidak mengikuti apel 10 [C]",
    start=D(100),
    penalties=(
        ("leave", (Step(1, D("2.5")), Step(3, D(5)))),  # 1–2 days 2.5; 3 days or more 5
        ("absent", (Step(1, D(20)), Step(2, D(30)))),  # once 20; more 30
        ("early", (Step(1, D(5)), Step(2, D(10)))),  # once 5; more 10
        ("late", (Step(1, D(5)), Step(2, D(10)))),  # once 5; more 10
        ("roll_call", (Step(1, D(10)),)),  # any missed roll call 10
    ),
)

ATTENDANCE_PRESETS: dict[str, AttendancePreset] = {DINSOS_DKI.key: DINSOS_DKI}
DEFAULT_ATTENDANCE_PRESET = DINSOS_DKI

# The published instrument the attendance preset belongs to, for seeding an OPD's first instrument. Scales are
# (min, max); automatic criteria are already on 0–100 (``source`` as in ``app.awards.models.CRITERION_SOURCES``).
INSTRUMENT_DINSOS_DKI = {
    "name": "Pegawai Terbaik Dinas Sosial Provinsi DKI Jakarta",
    # DOMAIN.md §6: the weights and the exclusion of unit heads are published [C]; the 1–5 scale is ours [U].
    "source": "Instrumen Dinas Sosial Provinsi DKI Jakarta: penilaian sesama pegawai (BerAKHLAK) 30 %, kehadiran "
              "40 %, kinerja (CKP) 30 %; kepala unit tidak dinilai. Skala BerAKHLAK 1–5.",
    "criteria": (
        {"name": "BerAKHLAK", "weight": D(30), "scale": (D(1), D(5)), "source": "assessor"},
        {"name": "Kehadiran", "weight": D(40), "scale": (D(0), D(100)), "source": "attendance"},
        # CKP is the employee's own monthly performance score, given by the direct superior: entered by the
        # assessors on 0–100 (a unit's achievement % is the automatic choice for unit awards).
        {"name": "Kinerja (CKP)", "weight": D(30), "scale": (D(0), D(100)), "source": "assessor"},
    ),
}
