"""The reporting screen: enter, submit, return with a note, fix, accept; bad input; constant queries."""

from __future__ import annotations

from decimal import Decimal as D

from app.extensions import db
from app.monitoring.models import Realisation
from tests.agreements.conftest import officials  # noqa: F401  (fixture)
from tests.monitoring.test_realisation import in_force  # noqa: F401  (fixture)


def _post(client, agreement, key, **data):
    return client.post(f"/monitoring/{agreement.id}/1/{key}", data=data)


def test_operator_enters_leader_returns_operator_fixes_leader_accepts(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    page = client.get(f"/monitoring/{agreement.id}?period=1").get_data(as_text=True)
    assert "Jumlah titik rawan PMKS yang diawasi" in page and "tidak dapat diukur" in page
    assert _post(client, agreement, key, value="60", action="save").status_code == 303
    realisation = db.session.query(Realisation).one()
    assert realisation.value == D(60)
    page = client.get(f"/monitoring/{agreement.id}?period=1").get_data(as_text=True)
    assert "60 / 60 × 100 = 100 %" in page  # 60 of the Tw I target 60
    _post(client, agreement, key, value="60", action="submit", version=realisation.version)
    assert realisation.status == "submitted"
    client.login_as(officials.users["kadis"])
    _post(client, agreement, key, action="return", note="Lampirkan bukti", version=realisation.version)
    assert realisation.status == "returned" and realisation.returned_note == "Lampirkan bukti"
    client.login_as(operator)
    assert "Lampirkan bukti" in client.get(f"/monitoring/{agreement.id}?period=1").get_data(as_text=True)
    _post(client, agreement, key, value="61", action="save", version=realisation.version)
    _post(client, agreement, key, value="61", action="submit", version=realisation.version)
    client.login_as(officials.users["kadis"])
    _post(client, agreement, key, action="accept", version=realisation.version)
    assert realisation.status == "accepted" and realisation.value == D(61)


def test_bad_values_change_nothing(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    for value in ("abc", "-5", "1e400"):
        response = _post(client, agreement, key, value=value, action="save")
        assert response.status_code == 303
    assert db.session.query(Realisation).filter(Realisation.value.isnot(None)).count() == 0
    assert client.get(f"/monitoring/{agreement.id}?period=9").status_code == 404


def test_report_page_query_count_is_constant(client, officials, in_force, count_queries):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    url = f"/monitoring/{agreement.id}?period=1"
    with count_queries() as empty:
        client.get(url)
    _post(client, agreement, key, value="60", action="save")
    with count_queries() as filled:
        client.get(url)
    assert empty.n == filled.n
