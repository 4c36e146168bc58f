"""The scope drives the query: an HR user's lists read their OPD through indexes, never a whole table of the pemda.

Each page's statements are captured as served and explained. SQLite (no ANALYZE statistics, as installed) plans by
its rules, the same on these few rows as on a pemda's: no statement may scan a table that grows with the
installation. PostgreSQL, which plans by statistics, is asked whether each statement can read those tables
through an index at all (sequential scans discouraged): a scope its indexes cannot drive shows as a sequential
scan anyway.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.extensions import db

# Tables whose size is the pemda's (people, their records, their values), not one OPD's.
GROWING = ("employees", "employee_history", "positions", "realisations", "evidence", "agreements",
           "agreement_versions", "agreement_indicators", "excuses", "leaves", "attendance_days", "attendance_months",
           "check_ins", "tpp_results", "tpp_ratings", "worker_contracts", "issued_documents", "audit_log")
SQLITE_SCAN = re.compile(r"\bSCAN (\w+)")
PG_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def _pages(world) -> list[tuple[str, dict | None]]:
    opd = world.opd_a.id
    return [("/people", None), ("/people?page=2", None), ("/people?q=siti", {"HX-Request": "true"}),
            (f"/people?unit={world.bidang_a.id}", None), (f"/units/{world.bidang_a.id}", None),
            (f"/agreements/tracking?opd={opd}&year=2018", None), ("/agreements?year=2018", None),
            (f"/agreements/cascade?opd={opd}&year=2018", None), ("/monitoring/reminders?year=2018", None),
            ("/", None), ("/tasks", None), ("/attendance/alerts?year=2018", None)]


def _captured(client, url: str, headers) -> list[tuple[str, object]] | None:
    """The SELECT statements of the page with their parameters; None when the role may not open it."""
    found = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            found.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        status = client.get(url, headers=headers).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
    assert status in (200, 403), (url, status)
    return found if status == 200 else None


def _whole_tables(statement: str, parameters) -> set[str]:
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        plan = [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
        return {table for line in plan for table in SQLITE_SCAN.findall(line) if table in GROWING}
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    try:
        plan = [row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters)]
    finally:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
    return {table for line in plan for table in PG_SEQ_SCAN.findall(line) if table in GROWING}


@pytest.mark.parametrize("role", ["hr", "leader", "operator"])
def test_the_lists_of_one_opd_never_read_a_whole_table(client, world, role):
    client.login_as(world.users[role])
    db.session.commit()
    scans, opened = {}, 0
    for url, headers in _pages(world):
        statements = _captured(client, url, headers)
        if statements is None:
            continue
        opened += 1
        for statement, parameters in statements:
            tables = _whole_tables(statement, parameters)
            if tables:
                scans.setdefault(url, []).append((sorted(tables), " ".join(statement.split())[:300]))
    assert opened >= 8 and scans == {}, (opened, scans)
