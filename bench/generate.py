"""Generate an installation of any size fast (bulk inserts), for benchmarks.

    python bench/generate.py --people 10000 --database-url sqlite:////tmp/bench.db

The schema must exist (``flask db upgrade``). Data: OPDs of 20 units each (sekretariat with 2 subbagian,
4 bidang with 3 seksi), 3 positions per unit (the first is the head), people spread evenly with valid,
unique NIPs and one history row each, an admin and a unit-scoped HR account (password: bench-password-1).
With ``--agreements`` every head gets a Perjanjian Kinerja for 2018 with 3 indicators.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app.accounts.models import RoleAssignment, User  # noqa: E402
from app.agreements.models import Agreement, AgreementVersion, Indicator, Sasaran  # noqa: E402
from app.extensions import db  # noqa: E402
from app.org.models import Employee, EmployeeHistory, Pemda, Position, Unit  # noqa: E402

PASSWORD = "bench-password-1"  # noqa: S105 (a throw-away benchmark database)
NAMES = ["Agus", "Budi", "Dewi", "Eko", "Fitri", "Hadi", "Indah", "Joko", "Kartini", "Lestari", "Maya", "Nur",
         "Putri", "Rahmat", "Siti", "Teguh", "Wahyu", "Yanti"]
FAMILY = ["Saputra", "Hidayat", "Santoso", "Wijaya", "Kusuma", "Pratama", "Siregar", "Nasution", "Lubis", "Rahman"]
GOLONGAN = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a"]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _opd_layout():
    """(kind, name, parent index within the OPD) for the 20 units of one OPD."""
    layout = [("opd", "Dinas", None), ("sekretariat", "Sekretariat", 0)]
    layout += [("subbagian", f"Subbagian {n}", 1) for n in (1, 2)]
    for b in range(1, 5):
        bidang = len(layout)
        layout.append(("bidang", f"Bidang {b}", 0))
        layout += [("seksi", f"Seksi {b}.{s}", bidang) for s in (1, 2, 3)]
    return layout


def generate(people: int, agreements: bool = False, opds: int | None = None) -> dict:
    layout = _opd_layout()
    opds = opds or max(1, round(people / 30 / len(layout)))
    db.session.execute(insert(Pemda), [{"id": 1, "name": "Pemerintah Provinsi Bench", "level": "provinsi",
                                        "city": "Jakarta", "timezone": "WIB", "paper_size": "A4",
                                        "created_at": NOW, "updated_at": NOW, "version": 1}])
    units, positions = [], []
    for o in range(opds):
        base = o * len(layout)
        for i, (kind, name, parent) in enumerate(layout):
            uid = base + i + 1
            parent_id = None if parent is None else base + parent + 1
            path = f"/{base + 1}/" if parent is None else None
            units.append({"id": uid, "parent_id": parent_id, "kind": kind, "code": f"U{uid}",
                          "name": f"{name} {o + 1}" if kind == "opd" else f"{name} (OPD {o + 1})",
                          "path": path, "depth": 0, "sort_order": i, "kop_government": "", "kop_name": "",
                          "address": "", "phone": "", "email": "", "website": "", "postal_code": "",
                          "created_at": NOW, "updated_at": NOW, "version": 1})
    by_id = {u["id"]: u for u in units}
    for u in units:  # parents come first within each OPD
        if u["parent_id"] is not None:
            parent = by_id[u["parent_id"]]
            u["path"], u["depth"] = f"{parent['path']}{u['id']}/", parent["depth"] + 1
    db.session.execute(insert(Unit), units)
    for u in units:
        for p in range(3):
            head = p == 0
            positions.append({"id": len(positions) + 1, "unit_id": u["id"], "type": "administrator" if head else "pelaksana",
                              "name": f"Kepala {u['name']}" if head else f"Pelaksana {p}", "eselon": "III.a" if head else None,
                              "kelas_jabatan": 11 if head else 7, "is_head": head,
                              "created_at": NOW, "updated_at": NOW, "version": 1})
    db.session.execute(insert(Position), positions)
    employees, history = [], []
    for i in range(people):
        unit = units[i % len(units)]
        head = i < len(units)
        position_id = (i % len(units)) * 3 + (1 if head else 2 + i % 2)
        birth = date(1960, 1, 1) + timedelta(days=i % 12000)
        sex = "1" if i % 2 == 0 else "2"
        nip = f"{birth:%Y%m%d}{birth.year + 25}{i % 12 + 1:02d}{sex}{i // 12000 + 1:03d}"
        name = f"{NAMES[i % len(NAMES)]} {FAMILY[(i // len(NAMES)) % len(FAMILY)]} {i}"
        golongan = GOLONGAN[i % len(GOLONGAN)]
        employees.append({"id": i + 1, "employment_type": "pns", "nip": nip, "nik": None, "name": name,
                          "name_search": name.lower(), "front_title": "", "back_title": "",
                          "sex": "L" if sex == "1" else "P", "birth_date": birth, "golongan": golongan,
                          "unit_id": unit["id"], "position_id": position_id, "status": "aktif", "email": "",
                          "phone": "", "created_at": NOW, "updated_at": NOW, "version": 1})
        history.append({"employee_id": i + 1, "valid_from": date(2020, 1, 1), "unit_id": unit["id"],
                        "position_id": position_id, "golongan": golongan, "note": ""})
    for start in range(0, people, 5000):
        db.session.execute(insert(Employee), employees[start:start + 5000])
        db.session.execute(insert(EmployeeHistory), history[start:start + 5000])
    password = generate_password_hash(PASSWORD, method="scrypt")
    db.session.execute(insert(User), [
        {"id": 1, "username": "admin", "password_hash": password, "active": True, "must_change_password": False,
         "failed_logins": 0},
        {"id": 2, "username": "hr", "password_hash": password, "active": True, "must_change_password": False,
         "failed_logins": 0}])
    db.session.execute(insert(RoleAssignment), [
        {"user_id": 1, "role": "admin", "unit_id": None, "unit_path": ""},
        {"user_id": 2, "role": "hr", "unit_id": 1, "unit_path": "/1/"}])
    made = 0
    if agreements:
        made = _agreements(units, min(people, len(units)))
    if db.engine.dialect.name == "postgresql":
        for table in ("pemda", "units", "positions", "employees", "employee_history", "users", "role_assignments",
                      "agreements", "agreement_versions", "agreement_sasaran", "agreement_indicators"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
    db.session.commit()
    return {"opds": opds, "units": len(units), "people": people, "agreements": made}


def _agreements(units: list[dict], heads: int) -> int:
    """A 2018 agreement with one sasaran and 3 indicators for every unit head (employee i heads unit i)."""
    agreements, versions, sasaran, indicators = [], [], [], []
    keys: dict[int, list[str]] = {}
    for i in range(heads):
        unit = units[i]
        agreements.append({"id": i + 1, "year": 2018, "unit_id": unit["id"], "first_party_id": i + 1,
                           "created_at": NOW, "updated_at": NOW})
        versions.append({"id": i + 1, "agreement_id": i + 1, "number": 1, "status": "draft",
                         # employee n heads unit n, so the head of the parent unit has the parent's id
                         "second_party_id": unit["parent_id"], "second_party_name": "" if unit["parent_id"] else "Gubernur",
                         "second_party_position": "", "place": "Jakarta", "revision_note": "", "returned_note": "",
                         "created_at": NOW, "updated_at": NOW, "version": 1})
        sasaran.append({"id": i + 1, "version_id": i + 1, "position": 1, "text": f"Sasaran unit {unit['id']}"})
        keys[unit["id"]] = [uuid.uuid4().hex for _ in range(3)]
    for i in range(heads):
        unit = units[i]
        above = keys.get(unit["parent_id"]) if unit["parent_id"] else None
        for n, key in enumerate(keys[unit["id"]]):
            indicators.append({"version_id": i + 1, "sasaran_id": i + 1, "position": n + 1, "key": key,
                               "name": f"Indikator {n + 1} unit {unit['id']}", "satuan": "%", "polarity": "higher",
                               "target": 100, "tw1": 25, "tw2": 50, "tw3": 75, "tw4": 100, "aggregation": "last",
                               "quarter_note": "", "definition": "", "data_source": "",
                               "supports_key": above[n] if above and n < 2 else None})
    for table, rows in ((Agreement, agreements), (AgreementVersion, versions), (Sasaran, sasaran),
                        (Indicator, indicators)):
        db.session.execute(insert(table), rows)
    return len(agreements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--agreements", action="store_true")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        print(generate(args.people, args.agreements))


if __name__ == "__main__":
    main()


# -- helpers the benchmark scripts share -------------------------------------------------------------------------

DAY_COLUMNS = ("employee_id", "day", "status", "late_code", "early_code", "missed_roll_call")


def working_days(first: date, last: date, holidays: set[date]) -> list[date]:
    """Monday to Friday from ``first`` to ``last``, the holidays left out."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5 and d not in holidays]


def month_days(year: int, month: int) -> tuple[date, date, list[date]]:
    """The month's first and last day and its working days (the official holidays loaded, then left out)."""
    from app.attendance import holidays

    holidays.load_official(year)
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last, working_days(first, last, {row["day"] for row in holidays.official(year)})


def copy_days(rows: list[tuple]) -> None:
    """PostgreSQL: attendance day rows (``DAY_COLUMNS`` order) by COPY, on the driver's connection inside the
    session's transaction."""
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY attendance_days ({', '.join(DAY_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def profile_text(profiler, title: str, most: int = 30) -> str:
    """A cProfile's 30 (``most``) heaviest functions by cumulative time, then the two thirds as many by own time."""
    import io
    import pstats

    out = io.StringIO()
    out.write(f"--- profile: {title} (by cumulative time) ---\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(most)
    out.write(f"--- profile: {title} (by own time) ---\n")
    stats.sort_stats("tottime").print_stats(most * 2 // 3)
    return out.getvalue()


def pdf_pages(pdf: bytes) -> int | None:
    """The number of pages of a PDF (None without pypdf)."""
    import io

    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def fresh_schema() -> None:
    """Empty the app's database (PostgreSQL: schema public dropped) and migrate it to the latest schema."""
    from flask_migrate import upgrade

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade()


def empty_app(url: str, **config):
    """An app on ``url``, its database emptied (SQLite: the file removed; PostgreSQL: created when missing,
    schema public dropped) and migrated; its files under bench/out. ``config`` adds to the bench settings."""
    from app import create_app

    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        from bench.run import _ensure_pg_database

        _ensure_pg_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(out),
                      "FILES_DIR": str(out / "files"), "HUEY_IMMEDIATE": True, "RATELIMIT_ENABLED": False, **config})
    with app.app_context():
        fresh_schema()
        db.session.remove()
    return app


def standalone_app(description: str):
    """For a bench script run on its own: parse ``--database-url`` and ``--people``, empty that database,
    migrate it, generate the base installation, and return the app (its files under bench/out)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="emptied first (PostgreSQL: schema public dropped)")
    parser.add_argument("--people", type=int, default=1000, help="the rest of the installation (bench/generate.py)")
    args = parser.parse_args()
    app = empty_app(args.database_url)
    with app.app_context():
        generate(args.people)
        db.session.remove()
    return app
