"""An OPD with an award instrument, a category, a round and its panel (built through the services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.awards import services
from app.extensions import db
from tests.agreements.conftest import build_officials
from tests.factories import make_employee, make_position, make_user

CRITERIA = [
    {"name": "BerAKHLAK", "description": "Nilai dasar ASN", "weight": 30, "source": "assessor",
     "scale_min": 1, "scale_max": 5},
    {"name": "Kehadiran", "weight": 40, "source": "attendance"},
    {"name": "Inovasi", "description": "Gagasan baru", "weight": 30, "source": "assessor",
     "scale_min": 1, "scale_max": 5},
]


@dataclass
class Awards:
    world: object
    officials: object
    instrument: object
    category: object
    round: object
    staff: list
    assessor: object  # the 'assessor' account, linked to an employee of the OPD root
    users: dict


def build_awards(world, **category) -> Awards:
    o = build_officials(world)
    w = world
    instrument = services.save_instrument(w.opd_a, "Instrumen Pegawai Terbaik", "", CRITERIA)
    data = {"name": "Pelaksana Teladan", "nominee_kind": "person", "eligible_position_types": [],
            "eligible_unit_kinds": [], "winners": 1, "quota_per_unit": 3, "instrument_id": instrument.id,
            "exclude_sanctioned": True, "exclude_absent": True, "cooldown_months": 3, "exclude_heads": True,
            "own_unit_conflict": True, "number_pattern": "800/{seq}/{unit}/{month_roman}/{year}",
            "signer_position_id": None, "active": True}
    data.update(category)
    cat = services.save_category(w.opd_a, data)
    staff_position = make_position(w.seksi_a, "Pengelola Rehabilitasi")
    staff = [make_employee(w.seksi_a, name, staff_position) for name in ("Ani Lestari", "Budi Hartono", "Citra Dewi")]
    panel_person = make_employee(w.opd_a, "Rina Penilai", make_position(w.opd_a, "Analis Kepegawaian"))
    assessor = w.users["assessor"]
    assessor.employee = panel_person
    users = dict(w.users, **o.users)
    award_round = services.start_round(cat, 2018, 2, date(2018, 3, 1), date(2018, 3, 9),
                                       [assessor.id, users["kabid"].id])
    db.session.flush()
    return Awards(w, o, instrument, cat, award_round, staff, assessor, users)


@pytest.fixture
def awards(world):
    return build_awards(world)


def nominate_all(a: Awards, user=None, today=date(2018, 3, 5)):
    return [services.nominate(a.round, user or a.users["hr"], justification=f"Kinerja baik {e.name}", employee=e,
                              today=today) for e in a.staff]


def score_all(a: Awards, values: dict[str, dict[str, str]]):
    """values: employee name -> {"BerAKHLAK": "4", "Inovasi": "5"}, scored by every panel member who may."""
    criteria = {c.name: c.id for c in services.assessor_criteria(a.round)}
    for nomination in services.active_nominations(a.round):
        for seat in a.round.assessors:
            if services.conflict_of(seat, nomination):
                continue
            typed = {criteria[k]: v for k, v in values[nomination.employee.name].items()}
            assert services.save_scores(nomination, seat, typed) == {}


def decided(a: Awards, values: dict[str, dict[str, str]] | None = None, number: str = "SK") -> None:
    """Nominate every staff member, close, score (3 and 3 unless given) and decide on 5 March 2018."""
    nominate_all(a)
    services.close_nominations(a.round, a.round.version)
    score_all(a, values or {e.name: {"BerAKHLAK": "3", "Inovasi": "3"} for e in a.staff})
    services.decide(a.round, a.users["kadis"], number, date(2018, 3, 5), a.round.version)


__all__ = ["build_awards", "make_user"]
