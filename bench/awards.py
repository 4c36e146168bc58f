"""Certificate benchmark: 1,000 numbered piagam printed in bulk; 300 of them against headless Chromium; memory.

Called by ``bench/run.py`` (``make bench``) on the database it has just generated; on its own it prepares a
small installation first and prints the figures without writing docs/benchmarks.md:

    python bench/awards.py --database-url sqlite:////tmp/awards.db

Data (ORM rows, as the decision service leaves them): in the first OPD, one instrument, 4 categories (2 for
people, 2 for units), 12 monthly rounds of each in 2018, and 1,000 nominations with a numbered certificate
each (half of them unit awards), the content frozen as ``app.awards.services`` fills it: the letterhead
with the pemda's emblem (the demo's SVG), NIP, pangkat, jabatan, unit, the award's wording, category and
reason, place and date, signer.

Measured, on 2 cores (the process and its workers are pinned to 2 CPUs when the machine has more):
(e) 300 of the certificates through the bulk path (``printing.print_certificates``: chunks rendered in 2 worker
    processes, each certificate issued with its QR code, joined PDF + ZIP; rolled back after), against headless
    Chromium printing the same certificates (the same HTML, CSS, fonts, frame, emblem and QR codes made the same
    way, inlined as data: URLs: ``page.set_content`` + ``page.pdf``, the browser launched each time), one after
    the other, twice; skipped when Chromium or Playwright is missing;
(a) the ``awards.print`` job end to end: load, render in chunks over 2 worker processes, split, issue 1,000
    documents (files + rows), join one PDF, build the ZIP, commit;
(c) the same job again: every certificate already issued, so its stored bytes are joined and zipped;
(d) the job's chunks rendered only (Jinja in the parent, QR codes, WeasyPrint and the split in the workers);
(m) memory: one process rendering ``RENDERS`` certificates in chunks of 40 without being replaced, its resident
    memory after 2,500, 5,000 and 10,000.
"""

from __future__ import annotations

import base64
import io
import multiprocessing
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from app.extensions import db  # noqa: E402

CERTIFICATES = 1000
COMPARED = 300  # certificates printed by the bulk path and by Chromium
RENDERS = int(os.environ.get("BENCH_RENDERS", 10_000))  # the memory measure's certificates
CHROMIUM = os.environ.get("KINERJA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CORES = 2
YEAR = 2018
PUBLIC_URL = "https://kinerja.jakarta.go.id"
SIGNER = {"position": "Kepala Dinas Sosial Provinsi DKI Jakarta", "name": "Drs. Masrokhan, M.Si.",
          "pangkat": "Pembina Utama Muda (IV/c)", "nip": "19620101 198603 1 010"}
CATEGORIES = (("Kepala Satuan Pelaksana Sosial Kecamatan", "person"), ("Pegawai Pelaksana", "person"),
              ("Petugas P3S", "unit"), ("Panti Sosial", "unit"))
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def _logo() -> bytes:
    """The pemda's emblem: the demo's SVG (drawn once per rendered document, as an uploaded SVG emblem is)."""
    return (Path(__file__).resolve().parents[1] / "app" / "demo" / "emblem.svg").read_bytes()


def generate(count: int = CERTIFICATES) -> dict:
    """Rounds, nominations and ``count`` numbered certificates of the first OPD (inside the app context)."""
    from app.awards.models import Category, Certificate, Instrument, Nomination, Round
    from app.awards.numbering import roman
    from app.core.files import store
    from app.documents.context import letterhead
    from app.documents.services import new_code
    from app.org.models import Employee, Pemda, Position, Unit
    from app.org.rules import format_nip, format_pangkat

    pemda = db.session.scalar(select(Pemda))
    pemda.logo_file = store(_logo(), "svg")
    opd = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    opd.kop_government, opd.kop_name = "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta", "Dinas Sosial"
    db.session.flush()
    kop = letterhead(opd)
    people = db.session.execute(
        select(Employee, Position.name, Unit.name).join(Position, Employee.position_id == Position.id)
        .join(Unit, Employee.unit_id == Unit.id).order_by(Employee.id).limit(count)).all()
    units = db.session.execute(select(Unit.id, Unit.name).where(Unit.parent_id.is_not(None)).order_by(Unit.id)
                               .limit(count)).all()
    instrument = Instrument(opd_id=opd.id, family="bench", name="Instrumen Pegawai Terbaik")
    db.session.add(instrument)
    db.session.flush()
    categories = [Category(opd_id=opd.id, name=name, nominee_kind=kind, instrument_id=instrument.id)
                  for name, kind in CATEGORIES]
    db.session.add_all(categories)
    db.session.flush()
    rounds = [Round(category_id=c.id, opd_id=opd.id, year=YEAR, month=m, instrument_id=instrument.id,
                    nomination_opens=date(YEAR, m, 1), nomination_closes=date(YEAR, m, 20), status="decided")
              for m in range(1, 13) for c in categories]
    db.session.add_all(rounds)
    db.session.flush()
    by_id = {c.id: c for c in categories}
    person, unit, seq = 0, 0, 0
    for n in range(count):
        round_ = rounds[n * len(rounds) // count]
        category = by_id[round_.category_id]
        announced = date(YEAR + round_.month // 12, round_.month % 12 + 1, 5)  # early the next month
        month = f"{MONTHS[round_.month - 1]} {YEAR}"
        kind = "winner" if n % 5 == 0 else "appreciation"
        award = category.award if kind == "winner" else f"Nominasi {category.award}"  # as the service words it
        where = f"pada bulan {month} di lingkungan {opd.name}"
        reason = (f"atas prestasi, dedikasi, dan kinerja terbaik {where}" if kind == "winner" else
                  f"atas partisipasi dan prestasinya {where}")
        citation = f"sebagai {award} Bulan {month} Kategori {category.name}"
        if category.nominee_kind == "person":
            employee, position, unit_name = people[person % len(people)]
            person += 1
            nomination = Nomination(round_id=round_.id, employee_id=employee.id, unit_id=employee.unit_id,
                                    justification="Kinerja terbaik")
            recipient = {"is_unit": False, "name": employee.display_name, "id_label": "NIP",
                         "id": format_nip(employee.nip), "pangkat": format_pangkat(employee.golongan),
                         "position": position, "unit": unit_name}
        else:
            unit_id, unit_name = units[unit % len(units)]
            unit += 1
            nomination = Nomination(round_id=round_.id, unit_id=unit_id, justification="Respons cepat")
            recipient = {"is_unit": True, "name": unit_name, "unit": opd.name}
        db.session.add(nomination)
        db.session.flush()
        seq += 1
        number = f"800/{seq}/DINSOS/{roman(round_.month)}/{YEAR}"
        content = {"kop": kop, "number": number, "kind": kind, "recipient": recipient, "citation": citation,
                   "award": award, "category": f"Kategori {category.name}", "reason": reason,
                   "place_date": f"Jakarta, 5 {MONTHS[announced.month - 1]} {announced.year}", "signer": SIGNER,
                   "title": f"Piagam Penghargaan — {award} {month} — {recipient['name']}"}
        db.session.add(Certificate(nomination_id=nomination.id, kind=kind, opd_id=opd.id, year=YEAR, seq=seq,
                                   number=number, code=new_code(), issued_on=announced,
                                   content=content))
    db.session.commit()
    return {"opd_id": opd.id, "certificates": count, "rounds": len(rounds),
            "units": sum(1 for c in categories if c.nominee_kind == "unit")}


@contextmanager
def _cores(count: int):
    """Pin this process (and the workers it starts) to ``count`` CPUs while measuring."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, set(sorted(before)[:count]))
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _print_job(opd_id: int) -> dict:
    """(a) and (c): the job as HR starts it, run in-process (Huey immediate mode), committed."""
    from pypdf import PdfReader

    from app.accounts.models import User
    from app.core.files import files_dir
    from app.jobs import services as jobs

    owner = db.session.scalar(select(User).order_by(User.id))
    job = jobs.start(owner, "awards.print", "Piagam 2018", {"opd_id": opd_id, "year": YEAR})
    db.session.commit()
    started = time.perf_counter()
    jobs.enqueue(job)
    db.session.commit()
    seconds = time.perf_counter() - started
    db.session.refresh(job)
    assert job.status == "done", job.error
    pdf = (files_dir() / job.result_path).read_bytes()
    zipped = (files_dir() / job.result_path).with_suffix(".zip").read_bytes()
    return {"seconds": seconds, "pages": len(PdfReader(io.BytesIO(pdf)).pages), "pdf_bytes": len(pdf),
            "zip_bytes": len(zipped), "message": job.message}


def _tasks(certificates: list, sizes: list[int]) -> list[tuple]:
    """Each chunk's ``document.render_chunk`` arguments, as the job makes them (Jinja in this process)."""
    from flask import current_app

    from app.awards import document
    from app.core.files import files_dir
    from app.documents.services import verification_url

    root = str(files_dir())
    tasks, start = [], 0
    with current_app.test_request_context(base_url=PUBLIC_URL):  # as the job does outside a request
        for size in sizes:
            group = certificates[start:start + size]
            start += size
            urls = [verification_url(c.code) for c in group]
            tasks.append((document.html([(c.content, {"code": c.code, "url": url, "qr": document.QR_SLOT.format(n)})
                                         for n, (c, url) in enumerate(zip(group, urls, strict=True))]), urls, root))
    return tasks


def _certificates(opd_id: int) -> list:
    from sqlalchemy.orm import selectinload

    from app.awards.models import Certificate

    return list(db.session.scalars(select(Certificate).where(Certificate.opd_id == opd_id, Certificate.year == YEAR)
                                   .options(selectinload(Certificate.nomination), selectinload(Certificate.document))
                                   .order_by(Certificate.seq)))


def _render_only(opd_id: int, workers: int) -> dict:
    """(d): the job's chunks rendered only, over ``workers`` worker processes."""
    from app.awards import document
    from app.documents import bulk

    certificates = _certificates(opd_id)
    started = time.perf_counter()
    tasks = _tasks(certificates, bulk.chunk_sizes(len(certificates), workers))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(document.render_chunk, *zip(*tasks, strict=True)))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "documents": len(results), "pages": sum(len(pages) for _, pages in results),
            "pdf_bytes": sum(len(pdf) for pdf, _ in results)}


def _bulk_path(opd_id: int, count: int, workers: int) -> dict:
    """(e), ours: the first ``count`` certificates through ``print_certificates`` (issued, joined, zipped), then
    rolled back so that the job (a) finds them not printed."""
    from flask import current_app

    from app.awards import printing

    certificates = _certificates(opd_id)[:count]
    db.session.commit()
    with current_app.test_request_context(base_url=PUBLIC_URL):
        started = time.perf_counter()
        printed = printing.print_certificates(certificates, workers=workers)
        seconds = time.perf_counter() - started
    db.session.rollback()
    return {"seconds": seconds, "pages": printed.pages, "pdf_bytes": len(printed.pdf), "zip_bytes": len(printed.zip)}


def chromium_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return bool(Path(CHROMIUM).exists() or shutil.which(CHROMIUM))


def _inlined(html: str, files_root: Path) -> str:
    """Every ``kinerja:`` URL of ``html`` (fonts, the frame, the emblem) as a data: URL, for a browser."""
    from app.documents.render import FONTS_DIR, _mime

    def data(match: re.Match) -> str:
        area, name = match.group(1), match.group(2)
        path = FONTS_DIR / name if area == "fonts" else files_root / name[:2] / name
        return f"data:{_mime(name)};base64," + base64.b64encode(path.read_bytes()).decode()

    return re.sub(r"kinerja:(fonts|files)/([A-Za-z0-9_.-]+)", data, html)


def _chromium(opd_id: int, count: int) -> dict:
    """(e), Chromium: the same certificates, the same HTML (Jinja as the job renders it, each QR code made with
    segno as the workers make it), printed to one PDF by a browser launched for it."""
    from playwright.sync_api import sync_playwright

    from app.awards import document
    from app.core.files import files_dir

    certificates = _certificates(opd_id)[:count]
    started = time.perf_counter()
    [(html, urls, _)] = _tasks(certificates, [count])
    for n, url in enumerate(urls):
        html = html.replace(f'src="{document.QR_SLOT.format(n)}"', f'src="{document.qr_png(url)}"', 1)
    qr_seconds = time.perf_counter() - started
    html = _inlined(html, files_dir())
    with sync_playwright() as playwright:
        launched = time.perf_counter()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        launch_seconds = time.perf_counter() - launched
        page = browser.new_page()
        page.set_content(html)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        browser.close()
    seconds = time.perf_counter() - started
    from pypdf import PdfReader

    return {"seconds": seconds, "qr_seconds": qr_seconds, "launch_seconds": launch_seconds,
            "pages": len(PdfReader(io.BytesIO(pdf)).pages), "pdf_bytes": len(pdf)}


def _compare(opd_id: int, workers: int, rounds: int = 2) -> list[dict]:
    """(e): ours then Chromium, ``rounds`` times."""
    runs = []
    for n in range(rounds):
        ours = _bulk_path(opd_id, COMPARED, workers)
        theirs = _chromium(opd_id, COMPARED) if chromium_available() else None
        runs.append({"ours": ours, "chromium": theirs, "load": os.getloadavg()[0]})
        print(f"  (e) {COMPARED} certificates, round {n + 1}: bulk path {ours['seconds']:.2f} s"
              + (f", Chromium {theirs['seconds']:.2f} s (QR codes {theirs['qr_seconds']:.2f} s, launch "
                 f"{theirs['launch_seconds']:.2f} s)" if theirs else ", Chromium not installed"), flush=True)
    return runs


def _rss_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _render_many(tasks: list[tuple], renders: int, marks: tuple[int, ...]) -> dict:
    """(m), in its own process: ``render_chunk`` over ``tasks`` again and again until ``renders`` certificates;
    its resident memory at each of ``marks`` (certificates rendered)."""
    from app.awards import document

    rendered, seen, started = 0, {}, time.process_time()
    while rendered < renders:
        for page_html, urls, root in tasks:
            document.render_chunk(page_html, urls, root)
            rendered += len(urls)
            for mark in marks:
                if rendered >= mark and mark not in seen:
                    seen[mark] = _rss_mib()
            if rendered >= renders:
                break
    return {"renders": rendered, "rss": seen, "cpu_seconds": time.process_time() - started}


_MEMORY: dict = {}  # (m) does not depend on the database: measured on the first, reported for each


def _memory(opd_id: int, renders: int) -> dict:
    """(m): one worker process, never replaced, rendering ``renders`` certificates in chunks of 40."""
    if renders in _MEMORY:
        return _MEMORY[renders]
    certificates = _certificates(opd_id)
    tasks = _tasks(certificates, [40] * (len(certificates) // 40))
    marks = tuple(m for m in (2_500, 5_000, 10_000) if m < renders) + (renders,)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        _MEMORY[renders] = pool.submit(_render_many, tasks, renders, marks).result()
    return _MEMORY[renders]


def run(app) -> dict:
    """Generate, then time (e), (a), (d), (c) and measure (m) in ``app``'s database (already migrated, with a
    pemda)."""
    from app.awards import printing
    from app.documents import bulk

    public_url = app.config.get("PUBLIC_URL", "")
    app.config["PUBLIC_URL"] = PUBLIC_URL
    workers = min(CORES, os.cpu_count() or 1)
    printing.WORKERS = workers
    try:
        with app.app_context():
            started = time.perf_counter()
            made = generate()
            made["generate_seconds"] = time.perf_counter() - started
            load = os.getloadavg()[0]
            with _cores(CORES):
                made["compared"] = _compare(made["opd_id"], workers)
                made["bulk"] = _print_job(made["opd_id"])
                print(f"  (a) bulk job: {made['bulk']['seconds']:.1f} s", flush=True)
                made["chunked"] = _render_only(made["opd_id"], workers)
                print(f"  (d) chunks, rendering only: {made['chunked']['seconds']:.1f} s", flush=True)
                made["reprint"] = _print_job(made["opd_id"])
                print(f"  (c) reprint: {made['reprint']['seconds']:.1f} s", flush=True)
                made["load_after"] = os.getloadavg()[0]
                made["memory"] = _memory(made["opd_id"], RENDERS)
                print(f"  (m) one process, {made['memory']['renders']:,} certificates: "
                      + ", ".join(f"{mark:,}: {mib:.0f} MiB" for mark, mib in made["memory"]["rss"].items()), flush=True)
            db.session.remove()
    finally:
        printing.WORKERS = None
        app.config["PUBLIC_URL"] = public_url
    made.update(workers=workers, chunk=bulk.CHUNK, recycle=bulk.RECYCLE, load=(load, made["load_after"]))
    return made


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def lines(name: str, version: str, made: dict) -> list[str]:
    """One database's figures for docs/benchmarks.md."""
    bulk, chunked, reprint, memory = made["bulk"], made["chunked"], made["reprint"], made["memory"]
    out = [
        f"- {name} {version}: data inserted in {made['generate_seconds']:.1f} s; 1-minute load average "
        f"{made['load'][0]:.1f} before the runs and {made['load'][1]:.1f} after ({os.cpu_count()} cores).",
        "",
        f"{COMPARED} certificates, the bulk path against Chromium printing the same HTML (one after the other; the "
        "browser launched each time, its QR codes made as our workers make them):",
        "",
        "| round | bulk path: issued, joined PDF + ZIP | Chromium: one PDF | of which QR codes / launch | "
        "1-min load |",
        "|---|---:|---:|---:|---:|",
    ]
    for n, run in enumerate(made["compared"], 1):
        ours, theirs = run["ours"], run["chromium"]
        out.append(f"| {n} | {ours['seconds']:.2f} s | "
                   + (f"{theirs['seconds']:.2f} s | {theirs['qr_seconds']:.2f} / {theirs['launch_seconds']:.2f} s"
                      if theirs else "Chromium not installed | —") + f" | {run['load']:.1f} |")
    out += [
        "",
        "| run | target | seconds | pages | output |",
        "|---|---:|---:|---:|---|",
        f"| (a) `awards.print` job, chunks of ≤ {made['chunk']} pages over {made['workers']} worker processes, "
        f"{made['certificates']:,} documents issued, joined PDF + ZIP, commit | < 10 s | {bulk['seconds']:.1f} | "
        f"{bulk['pages']:,} | joined PDF {_mb(bulk['pdf_bytes'])}, ZIP of {made['certificates']:,} PDFs "
        f"{_mb(bulk['zip_bytes'])} |",
        f"| (c) the same job again: every certificate issued before, stored bytes joined and zipped | — | "
        f"{reprint['seconds']:.1f} | {reprint['pages']:,} | joined PDF {_mb(reprint['pdf_bytes'])}, ZIP "
        f"{_mb(reprint['zip_bytes'])} |",
        f"| (d) the job's chunks, {made['workers']} worker processes, rendering only | — | "
        f"{chunked['seconds']:.1f} | {chunked['pages']:,} | {chunked['documents']:,} PDFs, "
        f"{_mb(chunked['pdf_bytes'])} in all |",
        "",
        f"Memory (m; measured once, on the first database): one worker process rendering {memory['renders']:,} "
        "certificates in chunks of 40, never replaced: " + ", ".join(f"{mib:.0f} MiB after {mark:,}" for mark, mib in memory["rss"].items())
        + f" ({memory['cpu_seconds']:.0f} s of CPU). The bulk job's workers are replaced after {made['recycle']} "
        "chunks each.",
        "",
    ]
    return out


def section(results: list[tuple[str, str, dict]]) -> list[str]:
    """The certificates section of docs/benchmarks.md: one block per database."""
    if not results:
        return []
    out = ["## Certificates (`bench/awards.py`)", "",
           f"Data, added to each database above: {CERTIFICATES:,} numbered certificates of one OPD for {YEAR} "
           f"(4 categories × 12 monthly rounds; half of them unit awards), each with the letterhead and the "
           "pemda's logo, NIP, pangkat, jabatan, unit, citation, signer and a QR code of its verification URL. "
           f"Measured on {CORES} cores (the process and its worker processes pinned to {CORES} CPUs), worker "
           "processes forked from Python's fork server (started by the first run). One page per certificate, A4 "
           "landscape. docs/pdf-speed.md tells what makes them fast.", ""]
    for name, version, made in results:
        out += lines(name, version, made)
    return out


def main() -> None:
    from bench.generate import standalone_app

    app = standalone_app(__doc__)
    made = run(app)
    print("\n".join(lines("database", "", made)))
    for key in ("compared", "bulk", "chunked", "reprint", "memory"):
        print(key, made[key])


if __name__ == "__main__":
    main()
