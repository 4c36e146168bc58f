"""Bulk printing: chunks over worker processes, one issued document per certificate, the joined PDF and the ZIP,
reprints from the stored bytes, and the job that does it (its page lists every file it made)."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.awards import jobs as award_jobs
from app.awards import printing
from app.documents import bulk
from app.documents.models import IssuedDocument
from app.documents.services import read_pdf
from app.extensions import db
from app.jobs import services as jobs
from app.jobs.models import Job
from tests.awards.test_certificate_pdf import make_certificates, make_round, person_content, unit_content
from tests.documents.test_documents import decode_qr
from tests.jobs.consumer import consumer_app, stop_consumer, wait_for


def _issued_count() -> int:
    return db.session.scalar(select(func.count(IssuedDocument.id)).where(IssuedDocument.source_type == "award_certificate"))


def _texts(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _run(world, params: dict, user=None) -> Job:
    job = jobs.start(user or world.users["hr"], "awards.print", "Cetak piagam", params)
    db.session.commit()
    jobs.enqueue(job)
    db.session.refresh(job)
    return job


def _download(client, job, name: str | None = None) -> bytes:
    response = client.get(f"/jobs/{job.id}/download", query_string={"name": name} if name else None)
    assert response.status_code == 200, response.status_code
    return response.data


def _round_of_three(world):
    round_ = make_round(world)
    contents = [person_content(name="Sumadi, S.Sos."), person_content(name="Rina Marlina, S.E."), unit_content()]
    return round_, make_certificates(world, round_, contents)


def test_printing_a_round_issues_one_document_each_and_joins_them(client, world):
    round_, certificates = _round_of_three(world)
    job = _run(world, {"round_id": round_.id})
    assert job.status == "done", job.error
    assert job.result_name == f"piagam-2018-02-{award_jobs._slug(round_.category.name)}.pdf"
    assert "3 certificates" in job.message or "3 piagam" in job.message
    assert _issued_count() == 3
    for certificate in certificates:
        document = certificate.document
        assert document.kind == "piagam" and document.number == certificate.number
        assert document.code == certificate.code and document.unit_id == world.bidang_a.id
    client.login_as(world.users["hr"])
    joined = _texts(_download(client, job))
    assert len(joined) == 3
    assert "Sumadi, S.Sos." in joined[0] and "800/1/DINSOS/II/2018" in joined[0]
    assert "Rina Marlina, S.E." in joined[1] and "Suku Dinas Sosial Jakarta Selatan" in joined[2]
    archive = zipfile.ZipFile(io.BytesIO(_download(client, job, job.result_name.replace(".pdf", ".zip"))))
    assert archive.namelist() == ["800-1-DINSOS-II-2018.pdf", "800-2-DINSOS-II-2018.pdf", "800-3-DINSOS-II-2018.pdf"]
    for name, certificate in zip(archive.namelist(), certificates, strict=True):
        single = archive.read(name)
        assert single == read_pdf(certificate.document)  # the ZIP holds the issued bytes
        [text] = _texts(single)
        assert certificate.number in text and certificate.content["recipient"]["name"] in text
        assert f"/v/{certificate.code}" in text
        assert len(PdfReader(io.BytesIO(single)).pages[0]["/Resources"]["/XObject"]) == 2  # the frame, its own QR code


def test_the_qr_code_leads_to_the_public_verification_of_the_number(client, world, tmp_path):
    round_, certificates = _round_of_three(world)
    _run(world, {"round_id": round_.id})
    first = certificates[0]
    [url] = decode_qr(read_pdf(first.document), tmp_path)
    assert url.endswith(f"/v/{first.code}")
    page = client.get(f"/v/{first.code}")  # anyone, no login
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert first.number in html and "Sumadi, S.Sos." in html and "19660801 198803 1 001" in html
    assert "Drs. Masrokhan, M.Si." in html


def test_a_second_print_reuses_the_stored_documents_byte_identical(client, world):
    round_, certificates = _round_of_three(world)
    first_job = _run(world, {"round_id": round_.id})
    stored = {c.id: read_pdf(c.document) for c in certificates}
    ids = {c.id: c.document_id for c in certificates}
    later = make_certificates(world, round_, [person_content(name="Budi Hartono")], first_seq=4)[0]
    second_job = _run(world, {"round_id": round_.id})
    assert second_job.status == "done", second_job.error
    assert _issued_count() == 4  # only the new certificate was rendered and issued
    assert {c.id: c.document_id for c in certificates} == ids
    client.login_as(world.users["hr"])
    archive = zipfile.ZipFile(io.BytesIO(_download(client, second_job, second_job.result_name.replace(".pdf", ".zip"))))
    for certificate in certificates:
        assert archive.read(bulk.file_name(certificate.number)) == stored[certificate.id]
    assert archive.read(bulk.file_name(later.number)) == read_pdf(later.document)
    texts = _texts(_download(client, second_job))
    assert [t.split("Nomor: ")[1].split()[0] for t in texts] == [f"800/{n}/DINSOS/II/2018" for n in (1, 2, 3, 4)]
    assert first_job.result_name == second_job.result_name


def test_the_pool_path_renders_chunks_in_worker_processes(app, world, monkeypatch):
    monkeypatch.setattr(printing, "CHUNK", 2)
    round_ = make_round(world)
    certificates = make_certificates(world, round_, [person_content(name=f"Pegawai Ke {n}") for n in range(1, 6)])
    seen = []
    with app.test_request_context():
        printed = printing.print_certificates(certificates, lambda pct, message="": seen.append((pct, message)),
                                              workers=2)
    assert printed.pages == 5 and printed.issued == 5 and printed.reused == 0
    assert _issued_count() == 5
    texts = _texts(printed.pdf)
    assert [f"Pegawai Ke {n}" in t for n, t in enumerate(texts, 1)] == [True] * 5
    assert len(zipfile.ZipFile(io.BytesIO(printed.zip)).namelist()) == 5
    for certificate in certificates:
        [text] = _texts(read_pdf(certificate.document))
        assert certificate.content["recipient"]["name"] in text and certificate.number in text
    percents = [pct for pct, _ in seen]
    assert percents == sorted(percents) and 90 in percents and all(m for _, m in seen)


def test_print_a_whole_year_of_an_opd(client, world):
    february = make_round(world, 2)
    march = make_round(world, 3, "Petugas P3S")
    make_certificates(world, february, [person_content(name="Sumadi, S.Sos.")])
    make_certificates(world, march, [unit_content()], first_seq=2)
    job = _run(world, {"opd_id": world.opd_a.id, "year": 2018})
    assert job.status == "done", job.error
    assert job.result_name == "piagam-2018-a.pdf"
    client.login_as(world.users["hr"])
    assert len(_texts(_download(client, job))) == 2


def test_a_print_keeps_what_another_print_issued_while_it_rendered(app, world, monkeypatch):
    """A year's print started while a month's print runs: both read the same certificates as not printed yet.
    The month's issues first; the year's then keeps the month's documents (their stored bytes in its PDF and
    ZIP) and issues only the rest, where it used to fail with "already issued"."""
    round_ = make_round(world)
    certificates = make_certificates(world, round_, [person_content(name=f"Pegawai Ke {n}") for n in range(1, 5)])
    chunk_task = printing._chunk_task
    month = {}

    def the_month_prints_meanwhile(group, root):
        if not month:  # the other print, issuing the first two before the year's chunk is issued
            month["started"] = True
            month["printed"] = printing.print_certificates(certificates[:2], workers=1)
        return chunk_task(group, root)

    monkeypatch.setattr(printing, "_chunk_task", the_month_prints_meanwhile)
    with app.test_request_context():
        year = printing.print_certificates(certificates, workers=1)
    assert month["printed"].issued == 2
    assert (year.pages, year.issued, year.reused) == (4, 2, 2)
    assert _issued_count() == 4
    archive = zipfile.ZipFile(io.BytesIO(year.zip))
    for certificate in certificates:
        assert archive.read(bulk.file_name(certificate.number)) == read_pdf(certificate.document)
    assert certificates[0].document.id in {d.id for d in db.session.scalars(select(IssuedDocument))}
    texts = _texts(year.pdf)
    assert [f"Pegawai Ke {n}" in t for n, t in enumerate(texts, 1)] == [True] * 4


def test_nothing_to_print_fails_the_job_with_a_clear_message(world):
    job = _run(world, {"round_id": make_round(world).id})
    assert job.status == "failed" and job.error


def test_the_job_page_lists_every_file_and_only_those_can_be_downloaded(client, world):
    round_, _ = _round_of_three(world)
    job = _run(world, {"round_id": round_.id})
    zip_name = job.result_name.replace(".pdf", ".zip")
    client.login_as(world.users["hr"])
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f"/jobs/{job.id}/download" in page and f"name={zip_name}" in page
    for bad in ("../../secret.pdf", "missing.zip", "", ".hidden"):
        assert client.get(f"/jobs/{job.id}/download", query_string={"name": bad}).status_code == 404, bad
    client.login_as(world.users["leader"])  # not the owner
    assert client.get(f"/jobs/{job.id}/download", query_string={"name": zip_name}).status_code == 404


@pytest.mark.parametrize(("count", "workers", "sizes"), [
    (0, 2, []), (3, 2, [3]), (80, 2, [80]), (81, 2, [41, 40]), (170, 2, [57, 57, 56]),
    (1000, 2, [72] * 6 + [71] * 8), (1000, 4, [63] * 8 + [62] * 8),
])
def test_chunk_sizes(count, workers, sizes):
    assert bulk.chunk_sizes(count, workers) == sizes
    assert sum(sizes) == count


def test_file_names_come_from_the_number():
    assert bulk.file_name("800/12/DINSOS/II/2018") == "800-12-DINSOS-II-2018.pdf"
    assert bulk.file_name("800\\7/A:B") == "800-7-A-B.pdf"


@pytest.mark.consumer
def test_a_real_consumer_prints_a_round_on_sqlite(tmp_path):
    """As `make run` does it: the web app enqueues, a huey_consumer process prints, committing as it goes (its
    progress is written by another connection, and SQLite has a single writer)."""

    from flask_migrate import upgrade

    from tests.factories import build_world

    other, consumer = consumer_app(tmp_path, KINERJA_PUBLIC_URL="")
    try:
        with other.app_context():
            upgrade()
            world = build_world()
            round_ = make_round(world)
            certificates = make_certificates(world, round_, [person_content(name="Sumadi, S.Sos."), unit_content()])
            job = jobs.start(world.users["hr"], "awards.print", "Cetak piagam",
                             {"round_id": round_.id, "base_url": "https://kinerja.example.go.id"})
            db.session.commit()
            jobs.enqueue(job)
            job_id, ids = job.id, [c.id for c in certificates]
            job = wait_for(job_id, consumer, 90)
            assert job.status == "done", (job.status, job.error)
            assert _issued_count() == 2
            from app.awards.models import Certificate

            stored = [db.session.get(Certificate, i) for i in ids]
            assert all(c.document_id for c in stored)
            assert "https://kinerja.example.go.id/v/" in _texts(read_pdf(stored[0].document))[0]
            assert len(_texts((tmp_path / "files" / job.result_path).read_bytes())) == 2
            db.session.remove()
            db.engine.dispose()
    finally:
        output = stop_consumer(consumer, tmp_path)
    assert "Traceback" not in output, output
