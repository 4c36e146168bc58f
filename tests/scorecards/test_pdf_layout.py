"""How the scorecard PDF is laid out to stay cheap in bulk: the attendance and TPP numbers as one monospace line a
row, every number of the card still printed; the QR code and its address in the bottom margin of every page of
an issued scorecard (a named page's margin box, not a running element), escaped as CSS."""

from __future__ import annotations

import io
import subprocess

from pypdf import PdfReader

from app.core.files import files_dir
from app.core.formatting import rupiah
from app.documents.context import letterhead
from app.documents.render import css_string
from app.extensions import db
from app.scorecards import data, document
from app.scorecards.periods import Period
from tests.scorecards.test_data import TODAY, _more_indicators


def _texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _qr_codes(pdf: bytes, page: int, tmp_path) -> list[str]:
    import zxingcpp
    from PIL import Image

    (tmp_path / "card.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(page), "-l", str(page), "-singlefile",
                    str(tmp_path / "card.pdf"), str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        return [r.text for r in zxingcpp.read_barcodes(image)]


def test_attendance_and_tpp_rows_are_lines_holding_every_number(cards):
    card = data.person(cards.kabid, Period(2018, "quarter", 1), TODAY)
    tables = document.tables(card)
    attendance, tpp = tables["attendance"], tables["tpp"]
    rows = attendance["rows"].split("\n")
    assert len(rows) == len(card["attendance"]) and attendance["layout"].keys == data.ATTENDANCE
    width = sum(attendance["layout"].chars)
    assert all(len(line) == width for line in [*rows, attendance["total"]])  # the columns stay aligned
    for line, month in zip(rows, sorted(card["attendance"]), strict=True):
        recap = card["attendance"][month]
        assert line.split() == ["—" if getattr(recap, key) is None else str(getattr(recap, key))
                                for key in data.ATTENDANCE]
    assert attendance["total"].split() == [str(card["attendance_total"][key]) for key in data.ATTENDANCE]
    assert len(tpp["rows"].split("\n")) == len(card["tpp"])
    assert tpp["total"].split()[-1] == rupiah(sum(row["total"] for row in card["tpp"]))
    assert tpp["layout"].table_mm <= document.TABLE_MM + 0.1  # within the page (the font size is rounded)


def test_an_issued_scorecard_has_its_qr_code_and_address_on_every_page(app, cards, tmp_path):
    _more_indicators(cards, 30)  # a scorecard of several pages
    db.session.flush()
    card = data.person(cards.kabid, Period(2018, "month", 2), TODAY)
    url = "https://kinerja.test/v/kode-123"
    with app.test_request_context():
        pdf = document.render_chunk(document.html([document.entry(card, letterhead(cards.kabid.unit),
                                                                  {"code": "kode-123", "url": url})]),
                                    str(files_dir()))[1][0]
    texts = _texts(pdf)
    assert len(texts) >= 2
    assert all(url in text and "Keaslian dokumen ini" in text for text in texts)
    assert _qr_codes(pdf, 2, tmp_path) == [url]
    assert "Tambahan 29" in " ".join(texts) and "SEMENTARA" not in " ".join(texts)


def test_page_rules_print_the_address_as_a_css_string():
    hostile = 'https://x.test/v/a"b\\c</style><script>'
    rules = str(document.page_rules(3, {"code": "a", "url": hostile}))
    assert "</style>" not in rules and "<script>" not in rules
    assert css_string(hostile)[1:-1] in rules and "@page card-3" in rules and "#card-3 { page: card-3 }" in rules
    assert document.page_rules(3, None) == ""
