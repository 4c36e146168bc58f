"""The data of the multi-process test (tests/test_multiprocess.py), written through the app's services.

Run in a process of its own, with the environment of the servers and consumers it feeds:
``python -m tests.multiprocess_seed <base url>``; prints what the test needs (ids, user names) as one JSON line.

* A big OPD: the test factories' world (Dinas Sosial A with its Kepala Dinas, Kepala Bidang and Kepala Seksi)
  and ten more bidang of ten seksi, each unit with its head: over a hundred officials, so starting a year is a
  background job (``agreements.jobs.BULK_THRESHOLD``).
* A year of piagam: twelve monthly rounds of one category, each decided with three winners; no certificate is
  numbered yet (the test numbers them through the servers, which then launch the print jobs).
* The Kepala Bidang's agreement of that year in force, with ``INDICATORS`` indicators: the grid the test saves.
* Operator accounts, one per concurrent grid client.
"""

from __future__ import annotations

import json
import sys
from datetime import date

from app import create_app
from app.agreements import services as agreements
from app.awards import services as awards
from app.extensions import db
from tests.agreements.conftest import fill, indicator_data
from tests.awards.conftest import build_awards, nominate_all, score_all
from tests.factories import PASSWORD, build_world, make_employee, make_position, make_unit, make_user

YEAR = 2018
DECIDED = date(YEAR, 12, 28)  # every round is decided in the year: one register of certificate numbers
BIDANG, SEKSI = 10, 10
INDICATORS = 6
OPERATORS = 8
FIRST_NAMES = ("Ahmad", "Bambang", "Cahya", "Dedi", "Endang", "Fajar", "Gilang", "Hendra", "Intan", "Joko", "Kartika")
LAST_NAMES = ("Santoso", "Lestari", "Wibowo", "Rahayu", "Saputra", "Kusuma", "Hidayat", "Pratama", "Nugroho",
              "Wijaya", "Permana")


def _head(unit, title: str, kind: str, eselon: str, kelas: int, name: str):
    position = make_position(unit, title, type=kind, eselon=eselon, kelas_jabatan=kelas, is_head=True)
    return make_employee(unit, name, position)


def big_tree(opd) -> None:
    """Ten bidang of ten seksi under the OPD, each with its head."""
    for b in range(BIDANG):
        bidang = make_unit(opd, f"Bidang Pelayanan {b + 1}")
        _head(bidang, f"Kepala Bidang Pelayanan {b + 1}", "administrator", "III.a", 11,
              f"{FIRST_NAMES[b]} {LAST_NAMES[-1 - b]}")
        for s in range(SEKSI):
            seksi = make_unit(bidang, f"Seksi Pelayanan {b + 1}.{s + 1}", kind="seksi")
            _head(seksi, f"Kepala Seksi Pelayanan {b + 1}.{s + 1}", "pengawas", "IV.a", 9,
                  f"{FIRST_NAMES[b]} {LAST_NAMES[s]}")


def year_of_rounds(a) -> list[int]:
    """A decided round for each month of YEAR, every nominee a winner (three certificates a round)."""
    panel = [a.assessor.id, a.users["kabid"].id]
    february, ids = a.round, []  # the factory started February's
    for month in range(1, 13):
        a.round = february if month == 2 else awards.start_round(a.category, YEAR, month, date(YEAR, 3, 1),
                                                                 date(YEAR, 3, 9), panel)
        nominate_all(a)
        awards.close_nominations(a.round, a.round.version)
        score_all(a, {e.name: {"BerAKHLAK": "4", "Inovasi": "4"} for e in a.staff})
        awards.decide(a.round, a.users["kadis"], f"800/SK-{month}/{YEAR}", DECIDED, a.round.version)
        ids.append(a.round.id)
    return ids


def agreement_in_force(o):
    """The Kepala Bidang's agreement of YEAR, signed and countersigned, with INDICATORS indicators."""
    kabid = o.users["kabid"]
    agreement = agreements.create(YEAR, o.world.bidang_a, o.kabid)
    version = fill(agreement, kabid)
    for n in range(2, INDICATORS + 1):
        agreements.save_indicator(version.sasaran[0], kabid, indicator_data(name=f"Indikator layanan {n}"))
    agreements.submit(version, kabid)
    agreements.sign(version, kabid, pakta=True, on=date(YEAR, 3, 5), place="Jakarta")
    agreements.countersign(version, o.users["kadis"])
    return agreement, [indicator.key for indicator in version.indicators]


def seed() -> dict:
    world = build_world()
    a = build_awards(world, winners=3, cooldown_months=0)
    big_tree(world.opd_a)
    rounds = year_of_rounds(a)
    agreement, keys = agreement_in_force(a.officials)
    operators = [make_user(f"op{n}", [("operator", world.opd_a)]).username for n in range(1, OPERATORS + 1)]
    db.session.commit()
    return {"year": YEAR, "opd": world.opd_a.id, "opd_code": world.opd_a.code, "rounds": rounds,
            "certificates_per_round": len(a.staff), "agreement": agreement.id, "unit": agreement.unit_id,
            "keys": keys, "officials": len(agreements.officials(world.opd_a)), "operators": operators,
            "hr": "hr", "password": PASSWORD}


def main(base_url: str) -> None:
    app = create_app()
    with app.test_request_context(base_url=base_url):  # the agreement's PDF prints a verification URL
        print(json.dumps(seed()))


if __name__ == "__main__":
    main(sys.argv[1])
