"""Two gunicorn servers and two Huey consumers, separate processes, against PostgreSQL and Redis (issue 17).

As in production (README, "Production"): ``KINERJA_ENV=production``, one secret key, one PostgreSQL database,
one files directory, Huey and the login rate limit in Redis, one reverse proxy in front
(``KINERJA_PROXY_COUNT=1``; each browser sends its own X-Forwarded-For). Each browser's requests go to either
server, as behind a load balancer. The module drives, through both servers:

* a year of piagam: twelve rounds numbered at once through both servers (numbers unique and without gaps),
  their print jobs taken by both consumers, then the year printed in one PDF and a ZIP;
* starting a year for an OPD of over a hundred officials (a job) while the other server serves pages;
* grid saves from eight browsers at once: different cells all land, one cell saved with the same version by
  all: exactly one wins, the others are told of the conflict, never a 500;
* the login rate limit counted once for both servers;
and finally reads every process's log: no traceback.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379; skipped otherwise. It
creates its own database and takes an empty Redis database, and drops and empties them at the end.
Run alone: ``pytest -m multiprocess`` (``make test`` does, in a step of its own).
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

import psycopg
import pytest
from pypdf import PdfReader

from tests.multiprocess_helpers import (
    PG_HOST,
    PG_PORT,
    REDIS_HOST,
    REDIS_PORT,
    Browser,
    Cluster,
    Process,
    answers,
    claim_redis_database,
    job_id,
    postgres,
    release_redis_database,
)

pytestmark = pytest.mark.multiprocess

LOGIN_LIMIT = 6  # login attempts a minute per address (KINERJA_LOGIN_RATE_LIMIT)
JOB_TIMEOUT = 90  # seconds
VERSION = re.compile(r'name="version" value="(\d*)"')
CONFLICT_TEXT = "orang lain"  # "Someone else changed this value…" (monitoring's CHANGED_MEANWHILE), in Indonesian


@pytest.fixture(autouse=True)
def _transaction():
    """No app in this process: everything runs in the servers and consumers (replaces conftest's fixture, which
    would build the suite's app and database for nothing)."""
    yield


@dataclass
class Site:
    cluster: Cluster
    a: Process  # the two servers
    b: Process
    consumers: list[Process]
    seed: dict
    dsn: str

    @property
    def servers(self) -> tuple[Process, Process]:
        return self.a, self.b

    def query(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.dsn) as conn:
            return conn.execute(sql, params).fetchall()

    def browser(self, address: str, username: str, server: Process) -> Browser:
        browser = Browser(address)
        answer = browser.login(server, username, self.seed["password"])
        assert answer.status == 303, f"{username} could not log in: {answer.status} {answer.text[:300]}"
        return browser

    def wait_for_jobs(self, ids: list[str], timeout: float = JOB_TIMEOUT) -> dict[str, tuple]:
        """Each job's (status, message, error) once none is queued or running."""
        deadline = time.monotonic() + timeout
        while True:
            rows = {row[0]: row[1:] for row in self.query(
                "SELECT id, status, message, error FROM jobs WHERE id = ANY(%s)", ids)}
            if len(rows) == len(ids) and all(status in ("done", "failed") for status, *_ in rows.values()):
                return rows
            if time.monotonic() > deadline:
                raise AssertionError(f"jobs still waiting after {timeout} s: {rows}")
            time.sleep(0.3)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    for name, host, port in (("PostgreSQL", PG_HOST, PG_PORT), ("Redis", REDIS_HOST, REDIS_PORT)):
        if not answers(host, port):
            pytest.skip(f"{name} does not answer on {host}:{port}: the multi-process test needs it")
    database = f"kinerja_multi_{os.getpid()}"
    dsn = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{database}"
    folder = tmp_path_factory.mktemp("multiprocess")
    (folder / "logs").mkdir()
    redis_number = claim_redis_database()
    redis_url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_number}"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KINERJA_", "HUEY_"))}
    env.update({"KINERJA_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": dsn,
                "KINERJA_INSTANCE": str(folder / "instance"), "KINERJA_FILES": str(folder / "files"),
                "HUEY_BACKEND": "redis", "HUEY_URL": redis_url, "RATELIMIT_STORAGE_URI": redis_url,
                "KINERJA_LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute", "KINERJA_PROXY_COUNT": "1",
                "PYTHONUNBUFFERED": "1"})
    cluster = Cluster(env, folder / "logs")
    try:
        postgres(f'CREATE DATABASE "{database}"')
        cluster.run("-m", "flask", "--app", "wsgi", "db", "upgrade")
        a, b = cluster.start_server("server-a"), cluster.start_server("server-b")  # they start while the seed runs
        consumers = [cluster.start_consumer("consumer-a"), cluster.start_consumer("consumer-b")]
        seed = json.loads(cluster.run("-m", "tests.multiprocess_seed", "https://kinerja.test/").splitlines()[-1])
        cluster.wait_ready()
        yield Site(cluster, a, b, consumers, seed, dsn)
    finally:
        cluster.stop()
        postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        release_redis_database(redis_number)


def at_once(calls: list[Callable[[], object]]) -> list:
    """Run the calls in threads released together; their results in order (an exception is raised)."""
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


# -- a year of piagam ---------------------------------------------------------------------------------------

def test_a_year_of_piagam_numbered_through_both_servers_printed_by_both_consumers(site):
    seed, rounds = site.seed, site.seed["rounds"]
    total = seed["certificates_per_round"] * len(rounds)
    # One HR browser per round, logged in through one server, numbering through the other; all at once. Each
    # request numbers its round's certificates (the OPD's yearly counter, locked) and launches its print job.
    browsers = [site.browser(f"10.0.1.{n + 1}", seed["hr"], site.servers[n % 2]) for n in range(len(rounds))]
    answers_ = at_once([lambda n=n: browsers[n].post(site.servers[(n + 1) % 2],
                                                     f"/awards/rounds/{rounds[n]}/certificates")
                        for n in range(len(rounds))])
    # The year in one PDF and a ZIP, launched through one server while the rounds' print jobs still run,
    # downloaded through the other: each certificate is issued once, by whichever print reaches it first; the
    # other print uses its stored PDF as it is.
    year_job = job_id(browsers[0].post(site.b, f"/awards/opd/{seed['opd']}/certificates/print", {"year": seed["year"]}))
    finished = site.wait_for_jobs([job_id(answer) for answer in answers_] + [year_job])
    assert {status for status, *_ in finished.values()} == {"done"}, finished
    for consumer in site.consumers:
        assert "Executing app.jobs.tasks.run_job" in consumer.output(), f"{consumer.name} ran no job"
    _numbered_once_without_gaps_and_issued(site, total)
    pdf = browsers[0].get(site.a, f"/jobs/{year_job}/download")
    assert pdf.status == 200 and len(PdfReader(io.BytesIO(pdf.body)).pages) == total
    zipped = browsers[0].get(site.a, f"/jobs/{year_job}/download?name=piagam-{seed['year']}-"
                                     f"{seed['opd_code'].lower()}.zip")
    assert zipped.status == 200
    assert sorted(zipfile.ZipFile(io.BytesIO(zipped.body)).namelist()) == sorted(
        f"800-{seq}-{seed['opd_code']}-XII-{seed['year']}.pdf" for seq in range(1, total + 1))
    assert site.query("SELECT count(*) FROM issued_documents WHERE kind = 'piagam'") == [(total,)]


def _numbered_once_without_gaps_and_issued(site: Site, total: int) -> None:
    """The year's register: numbers 1..total, each once; a round's numbers consecutive (reserved in one go);
    each certificate issued as its own document, under its number, with its own verification code."""
    seed = site.seed
    rows = site.query(
        "SELECT c.seq, c.number, n.round_id, d.number, d.code FROM award_certificates c "
        "JOIN award_nominations n ON n.id = c.nomination_id LEFT JOIN issued_documents d ON d.id = c.document_id "
        "WHERE c.opd_id = %s AND c.year = %s ORDER BY c.seq", seed["opd"], seed["year"])
    assert [seq for seq, *_ in rows] == list(range(1, total + 1))
    assert [number for _, number, *_ in rows] == [f"800/{seq}/{seed['opd_code']}/XII/{seed['year']}"
                                                  for seq in range(1, total + 1)]
    for round_id in seed["rounds"]:
        seqs = [seq for seq, _, of, *_ in rows if of == round_id]
        assert seqs == list(range(seqs[0], seqs[0] + seed["certificates_per_round"])), (round_id, seqs)
    assert all(issued == number for _, number, _, issued, _ in rows)
    assert len({code for *_, code in rows}) == total


# -- starting a year for a big OPD --------------------------------------------------------------------------

def test_starting_a_year_for_a_big_opd_runs_as_a_job_while_the_other_server_serves(site):
    seed, year = site.seed, site.seed["year"] + 1
    hr = site.browser("10.0.2.1", seed["hr"], site.a)
    twice = site.browser("10.0.2.3", seed["hr"], site.b)  # a double click reaching the other server
    reader = site.browser("10.0.2.2", seed["hr"], site.b)
    launched = at_once([lambda: hr.post(site.a, "/agreements/start-year", {"opd": seed["opd"], "year": year}),
                        lambda: twice.post(site.b, "/agreements/start-year", {"opd": seed["opd"], "year": year})])
    job, again = (job_id(answer) for answer in launched)  # over BULK_THRESHOLD officials: jobs, not the request
    pages = []
    while True:  # the other server serves pages meanwhile
        pages.append(reader.get(site.b, f"/agreements/tracking?opd={seed['opd']}&year={year - 1}").status)
        if site.query("SELECT status FROM jobs WHERE id = %s", job)[0][0] not in ("queued", "running"):
            break
    assert set(pages) == {200}, Counter(pages)
    finished = site.wait_for_jobs([job, again])
    for status, message, error in finished.values():  # the second waits for the first, then skips every draft
        assert status == "done", (message, error)

    officials = seed["officials"]
    assert officials > 100
    counted = site.query(
        "SELECT count(*), count(DISTINCT (a.unit_id, a.first_party_id)) FROM agreements a "
        "JOIN units u ON u.id = a.unit_id WHERE a.year = %s AND u.path LIKE "
        "(SELECT path FROM units WHERE id = %s) || '%%'", year, seed["opd"])
    assert counted == [(officials, officials)]  # a draft for every official, none twice
    copied = site.query(  # the Kepala Bidang's agreement of last year was copied with its indicators
        "SELECT count(i.id) FROM agreements a JOIN agreement_versions v ON v.agreement_id = a.id "
        "JOIN agreement_indicators i ON i.version_id = v.id WHERE a.year = %s AND a.unit_id = %s",
        year, seed["unit"])
    assert copied == [(len(seed["keys"]),)]
    tracking = reader.get(site.a, f"/agreements/tracking?opd={seed['opd']}&year={year}")
    assert tracking.status == 200


# -- grid saves through both servers ------------------------------------------------------------------------

@dataclass
class Grid:
    """Operators' browsers on the Kepala Bidang's grid; browser ``n`` saves through server ``n % 2`` unless
    told otherwise."""

    site: Site
    browsers: list[Browser]

    def post(self, n: int, cell: tuple[str, int], version, action: str = "save", value: str = "",
             server: Process | None = None):
        key, period = cell
        seed = self.site.seed
        form = {"ref": f"pk:{seed['agreement']}:{key}", "kind": "quarter", "period": str(period),
                "year": str(seed["year"]), "value": value, "note": "", "version": str(version), "action": action}
        return self.browsers[n].post(server or self.site.servers[n % 2], f"/monitoring/unit/{seed['unit']}/cell",
                                     form, htmx=True)

    def everyone_saves(self, cell: tuple[str, int], version, value_of: Callable[[int], int]) -> list:
        """Every browser saves the cell at the same moment, each its own value, all with ``version``."""
        return at_once([lambda n=n: self.post(n, cell, version, value=str(value_of(n)))
                        for n in range(len(self.browsers))])

    def values(self) -> dict[tuple[str, int], tuple[Decimal, int]]:
        """(indicator key, quarter) → (value, version), as stored."""
        return {(key, period): (value, version) for key, period, value, version in self.site.query(
            "SELECT indicator_key, period, value, version FROM realisations WHERE agreement_id = %s "
            "AND period_kind = 'quarter'", self.site.seed["agreement"])}

    def figures(self) -> list[tuple]:
        """The dashboards' per-unit figures."""
        return self.site.query(
            "SELECT unit_id, year, quarter, lines, expected, reported, accepted, with_evidence, measurable, "
            "achievement_pct FROM monitoring_unit_stats ORDER BY unit_id, year, quarter")


def test_concurrent_grid_saves_through_both_servers(site):
    seed = site.seed
    grid = Grid(site, [site.browser(f"10.0.3.{n + 1}", username, site.servers[n % 2])
                       for n, username in enumerate(seed["operators"])])
    page = grid.browsers[0].get(site.b, f"/monitoring/unit/{seed['unit']}/grid?year={seed['year']}&kind=quarter&period=1")
    assert page.status == 200
    cells = [(key, period) for key in seed["keys"] for period in (1, 2, 3)]
    _different_cells_all_land(grid, cells)
    _one_winner_per_version(grid, cells[0])
    _figures_are_a_rebuilds_after_submitting_at_once(grid, cells)
    _first_values_at_once_keep_one(grid, [(key, 4) for key in seed["keys"]])


def _different_cells_all_land(grid: Grid, cells: list[tuple[str, int]], saves: int = 3) -> None:
    """Each browser its own cells, each saved ``saves`` times with the version the last answer showed,
    alternating the servers, all browsers at once: every save lands, none is lost."""
    count = len(grid.browsers)

    def fill(n: int) -> list[int]:
        statuses = []
        for cell in cells[n::count]:
            version = ""
            for attempt in range(saves):
                answer = grid.post(n, cell, version, value=f"{n}{attempt}.5", server=grid.site.servers[(n + attempt) % 2])
                statuses.append(answer.status)
                if answer.status == 200:
                    version = VERSION.search(answer.text).group(1)
        return statuses

    statuses = at_once([lambda n=n: fill(n) for n in range(count)])
    assert Counter(status for run in statuses for status in run) == Counter({200: len(cells) * saves})
    stored = grid.values()
    for n in range(count):
        for cell in cells[n::count]:
            assert stored[cell] == (Decimal(f"{n}{saves - 1}.5"), saves), cell


def _one_winner_per_version(grid: Grid, cell: tuple[str, int], races: int = 4) -> None:
    """Every browser saves the cell at once with the version they all saw: exactly one wins; the others are told
    someone else saved first (409, or the row again with the other value and the conflict: 422), never a 500."""
    for race in range(1, races + 1):
        _value, version = grid.values()[cell]
        answers_ = grid.everyone_saves(cell, version, lambda n, race=race: 100 * race + n)
        assert all(answer.status in (200, 409, 422) for answer in answers_), [a.status for a in answers_]
        assert all(CONFLICT_TEXT in answer.text.lower() for answer in answers_ if answer.status == 422)
        winners = [n for n, answer in enumerate(answers_) if answer.status == 200]
        assert len(winners) == 1, [answer.status for answer in answers_]
        assert grid.values()[cell] == (Decimal(100 * race + winners[0]), version + 1)


def _figures_are_a_rebuilds_after_submitting_at_once(grid: Grid, cells: list[tuple[str, int]]) -> None:
    """Every browser submits its cells at once: the dashboards' figures, rewritten in each submit's transaction,
    are what rebuilding them from scratch gives (no transaction wrote them from what it alone saw)."""
    count, versions = len(grid.browsers), grid.values()

    def submit(n: int) -> list[int]:
        return [grid.post(n, cell, versions[cell][1], action="submit").status for cell in cells[n::count]]

    assert {status for run in at_once([lambda n=n: submit(n) for n in range(count)]) for status in run} == {200}
    assert grid.site.query("SELECT count(*) FROM realisations WHERE status = 'submitted'") == [(len(cells),)]
    figures = grid.figures()
    grid.site.cluster.run("-m", "flask", "--app", "wsgi", "monitoring-refresh")
    assert grid.figures() == figures


def _first_values_at_once_keep_one(grid: Grid, cells: list[tuple[str, int]]) -> None:
    """An empty cell saved by every browser at once, each having seen it empty (no version): no 500, one row,
    holding the value of the one save answered 200 (the others are told someone saved first)."""
    for cell in cells:
        answers_ = grid.everyone_saves(cell, "", lambda n: 40 + n)
        statuses = Counter(answer.status for answer in answers_)
        assert set(statuses) <= {200, 409, 422} and statuses[200] == 1, statuses
        kept = {Decimal(40 + n) for n, answer in enumerate(answers_) if answer.status == 200}
        assert grid.values()[cell][0] in kept


# -- the login rate limit, shared by both servers -----------------------------------------------------------

def test_the_login_rate_limit_counts_both_servers_together(site):
    trying = Browser("10.0.4.1")
    trying.get(site.a, "/login")
    statuses = [trying.post(site.servers[n % 2], "/login", {"identifier": "nobody", "password": "wrong"}).status
                for n in range(2 * LOGIN_LIMIT)]
    # Counted in Redis: the limit is reached after LOGIN_LIMIT attempts in all, on whichever server comes next
    # (kept per worker, four workers would each allow LOGIN_LIMIT).
    assert statuses == [422] * LOGIN_LIMIT + [429] * LOGIN_LIMIT
    other = Browser("10.0.4.2")  # another address is not held back
    other.get(site.b, "/login")
    assert other.post(site.b, "/login", {"identifier": "nobody", "password": "wrong"}).status == 422


# -- afterwards: every process still runs, and none logged a traceback --------------------------------------

def test_no_process_died_or_logged_a_traceback(site):
    for process in site.cluster.processes:
        output = process.output()
        assert process.popen.poll() is None, f"{process.name} exited:\n{output[-3000:]}"
        assert "Traceback" not in output, f"{process.name} logged a traceback:\n{output[-6000:]}"
