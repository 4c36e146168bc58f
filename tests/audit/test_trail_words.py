"""The audit trail in the user's words: every audited record and column has a name, changes read as sentences
in Indonesian, and the page costs the same number of statements however many entries it shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import inspect

from app.audit.describe import describe
from app.audit.kinds import IGNORED_COLUMNS, KINDS, NOT_AUDITED
from app.audit.models import AuditLog
from app.extensions import db
from app.org import services
from tests.factories import make_unit


def _audited_models():
    for mapper in db.Model.registry.mappers:
        table = mapper.class_.__tablename__
        if table not in NOT_AUDITED:
            yield mapper.class_, table


def test_every_audited_model_and_column_has_words(app):
    missing, stale = [], []
    for model, table in _audited_models():
        kind = KINDS.get(table)
        if kind is None:
            missing.append(f"{table}: not registered (app/<area>/auditing.py)")
            continue
        excluded = IGNORED_COLUMNS | set(getattr(model, "__audit_exclude__", ())) | {"id"}
        columns = {c.key for c in inspect(model).column_attrs} - excluded
        missing += [f"{table}.{c}: no label" for c in sorted(columns - set(kind.fields) - kind.hidden)]
        stale += [f"{table}.{c}: labelled but no such column" for c in sorted(set(kind.fields) - columns)]
    assert missing == [] and stale == []


def test_an_update_reads_as_a_sentence_in_indonesian(client, world):
    services.update_employee(world.person_a, {"phone": "0812"}, world.person_a.version, date(2024, 1, 1))
    db.session.commit()
    client.login_as(world.users["admin"])
    page = client.get("/audit?entity=employees&action=update").get_data(as_text=True)
    assert "<strong>Pegawai Siti Aminah</strong>:" in page
    assert "telepon diisi “0812”" in page
    for developer_word in ("employees", "update", "phone", "birth_date", "#"):
        assert developer_word not in page.split('id="results"')[1].split("</table>")[0], developer_word


def test_values_are_written_as_people_write_them(app, world):
    kind = KINDS["agreement_budget_lines"]
    entry = AuditLog(action="update", entity="agreement_budget_lines", entity_id=1, label="x",
                     changes={"amount": [1500000, 2000000]})
    (described,) = describe([entry])
    assert (described.changes[0].label, described.changes[0].before, described.changes[0].after) == \
        ("anggaran", "Rp1.500.000,00", "Rp2.000.000,00")
    entry = AuditLog(action="update", entity="award_scores", entity_id=1, label="usulan X, kriteria Y",
                     changes={"value": ["85.50", "88.00"], "scored_at": ["2018-02-01T01:00:00+00:00",
                                                                        "2018-02-02T01:00:00+00:00"]})
    (described,) = describe([entry])
    assert described.subject == "Penilaian usulan X, kriteria Y"
    assert [(c.label, c.before, c.after) for c in described.changes] == [("nilai", "85,5", "88")]
    entry = AuditLog(action="update", entity="award_categories", entity_id=1, label="Teladan",
                     changes={"active": [True, False], "eligible_position_types": [[], ["pelaksana"]]})
    changes = describe([entry])[0].changes
    assert [(c.before, c.after) for c in changes] == [("Ya", "Tidak"), ("(kosong)", "Pelaksana")]
    assert kind.formats["amount"] == "rupiah"
    entry = AuditLog(action="update", entity="sanctions", entity_id=1, label="x",
                     changes={"ends_on": [None, "2018-03-05"], "level": ["light", "heavy"]})
    assert [(c.label, c.before, c.after) for c in describe([entry])[0].changes] == [
        ("akhir berlaku", "(kosong)", "5 Maret 2018"), ("tingkat", "Ringan", "Berat")]
    entry = AuditLog(action="create", entity="evidence", entity_id=1, label="x",
                     changes={"mime": [None, "application/pdf"], "size": [None, 7932]})
    assert [(c.before, c.after) for c in describe([entry])[0].changes] == [("(kosong)", "PDF"), ("(kosong)", "7.932")]


def test_references_are_named_and_deleted_records_keep_their_names(client, world):
    unit = make_unit(world.opd_a, "Seksi Sementara")
    position_id = world.person_a.position_id
    services.update_employee(world.person_a, {"unit_id": unit.id, "position_id": None}, world.person_a.version,
                             date(2024, 1, 1))
    gone = make_unit(world.opd_a, "Seksi Lama")
    db.session.commit()
    services.delete_unit(gone, gone.version)
    db.session.commit()
    client.login_as(world.users["admin"])
    page = client.get("/audit?entity=employees").get_data(as_text=True)
    assert "unit kerja diubah dari Bidang Rehabilitasi Sosial menjadi Seksi Sementara" in page
    assert "jabatan dikosongkan (sebelumnya Analis Rehabilitasi)" in page
    assert f"no. {position_id}" not in page
    deleted = client.get("/audit?entity=units&action=delete").get_data(as_text=True)
    assert "<strong>Unit kerja Seksi Lama</strong> dihapus" in deleted


def test_a_record_history_includes_what_belongs_to_it(client, world):
    services.update_employee(world.person_a, {"phone": "0899"}, world.person_a.version, date(2024, 1, 1))
    db.session.commit()
    client.login_as(world.users["admin"])
    page = client.get(f"/audit?entity=employees&entity_id={world.person_a.id}").get_data(as_text=True)
    assert "Hanya riwayat <strong>Pegawai Siti Aminah</strong>" in page
    assert "Riwayat pegawai Siti Aminah sejak" in page  # the employee's history rows belong to her
    assert "Joko Widodo" not in page


def test_filters_by_person_kind_and_date(client, world):
    client.login_as(world.users["hr"])
    client.post(f"/units/{world.bidang_a.id}/edit",
                data={"kind": "bidang", "name": "Bidang Rehsos", "version": world.bidang_a.version})
    client.login_as(world.users["admin"])
    by_hr = client.get("/audit?user=hr&entity=units", headers={"HX-Request": "true"}).get_data(as_text=True)
    renamed = "nama diubah dari “Bidang Rehabilitasi Sosial” menjadi “Bidang Rehsos”"
    assert renamed in by_hr
    for other in ("user=nobody-at-all", "user=admin", "entity=employees", "to=2000-01-01", "action=create"):
        assert renamed not in client.get(f"/audit?{other}").get_data(as_text=True), other
    assert renamed in client.get(f"/audit?user_id={world.users['hr'].id}").get_data(as_text=True)
    assert "Tidak ada catatan yang cocok" in client.get("/audit?entity=no_such_table").get_data(as_text=True)


def _entries(n: int, world) -> None:
    """``n`` entries by HR, of several kinds, naming other rows (units, positions, accounts)."""
    hr, unit_ids = world.users["hr"], [world.bidang_a.id, world.seksi_a.id]
    patterns = [
        ("employees", {"unit_id": unit_ids, "position_id": [world.person_a.position_id, None], "phone": ["1", "2"]}),
        ("units", {"parent_id": unit_ids, "name": ["A", "B"]}),
        ("role_assignments", {"user_id": [hr.id, None], "unit_id": unit_ids, "role": ["hr", "leader"]}),
        ("award_scores", {"value": ["85.00", "88.00"]}),
    ]
    for i in range(n):
        entity, changes = patterns[i % len(patterns)]
        db.session.add(AuditLog(user_id=hr.id, username=hr.username, action="update", entity=entity,
                                entity_id=i + 1, label=f"catatan {i}", changes=changes))
    db.session.commit()


def test_the_page_costs_the_same_statements_for_few_or_many_entries(client, world, count_queries):
    client.login_as(world.users["admin"])
    url = f"/audit?user_id={world.users['hr'].id}"
    client.get(url)
    _entries(4, world)
    with count_queries() as few:
        assert client.get(url).get_data(as_text=True).count('class="audit-change"') == 4
    _entries(100, world)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('class="audit-change"') == 50
    assert "unit kerja diubah dari Bidang Rehabilitasi Sosial menjadi Seksi Rehabilitasi Anak" in page
    assert many.n == few.n <= 20, many.statements  # (the page frame has its own few: user, roles, pemda)


def test_amounts_and_scores_keep_decimal_commas(app):
    entry = AuditLog(action="create", entity="agreement_indicators", entity_id=1, label="“X” dalam …",
                     changes={"target": [None, "75.5000"], "cap_pct": [None, "120.00"], "tw1": [None, None]})
    changes = {c.label: c.after for c in describe([entry])[0].changes}
    assert changes["target tahunan"] == "75,5" and changes["batas atas capaian"] == "120 %"
    assert Decimal("1") == 1  # (the values above are stored as text: Decimal never goes through float)


def test_a_record_page_can_link_to_its_history(app, world):
    from flask_login import login_user

    from app.audit.filters import audit_url

    with app.test_request_context():
        login_user(world.users["admin"])
        assert audit_url(world.person_a) == f"/audit?entity=employees&entity_id={world.person_a.id}"
        assert audit_url(object()) is None
        login_user(world.users["hr"])  # HR may not read the trail: no link
        assert audit_url(world.person_a) is None
