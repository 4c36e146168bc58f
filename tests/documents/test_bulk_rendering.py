"""What keeps bulk printing fast and its processes small: single PDFs cut from a chunk's PDF without laying it out
again, WeasyPrint's stylesheet without the rules no document of ours uses, one font configuration per thread, and
worker processes replaced after a few chunks."""

from __future__ import annotations

import io
import os
import subprocess
import threading

from pypdf import PdfReader

from app.documents import bulk, pages, render


def _document(count: int, images: bool = True) -> bytes:
    """``count`` pages, each with its own text and (``images``) its own small PNG, some of two pages."""
    from PIL import Image

    sheets = []
    for n in range(count):
        picture = ""
        if images:
            out = io.BytesIO()
            Image.new("L", (4 + n, 4), 0).save(out, "PNG")
            picture = f'<img src="data:image/png;base64,{__import__("base64").b64encode(out.getvalue()).decode()}">'
        sheets.append(f'<section style="break-after: page"><p>Halaman {n + 1}</p>{picture}</section>')
    return render.html_to_pdf(
        '<html><head><style>@font-face { font-family: K; src: url("kinerja:fonts/LiberationSerif-Regular.ttf") }'
        " body { font-family: K }</style></head><body>" + "".join(sheets) + "</body></html>")


def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_split_gives_each_document_its_pages_and_only_the_images_they_draw(tmp_path):
    chunk = _document(5)
    singles = pages.split(chunk, [(0,), (1, 2), (3,), (4,)])
    assert [_text(single) for single in singles] == [["Halaman 1"], ["Halaman 2", "Halaman 3"], ["Halaman 4"],
                                                     ["Halaman 5"]]
    for single, widths in zip(singles, [[4], [5, 6], [7], [8]], strict=True):
        read = PdfReader(io.BytesIO(single))
        drawn = [[int(x.get_object()["/Width"]) for x in page["/Resources"]["/XObject"].values()] for page in read.pages]
        assert drawn == [[w] for w in widths]  # its own picture, not the chunk's others
        assert read.pages[0].mediabox == PdfReader(io.BytesIO(chunk)).pages[0].mediabox
    (tmp_path / "two.pdf").write_bytes(singles[1])  # a PDF reader other than pypdf reads it whole
    subprocess.run(["pdftoppm", "-png", "-r", "20", str(tmp_path / "two.pdf"), str(tmp_path / "page")], check=True,
                   capture_output=True)
    assert sorted(p.name for p in tmp_path.glob("page-*.png")) == ["page-1.png", "page-2.png"]


def test_split_without_images_and_the_same_document_twice():
    chunk = _document(2, images=False)
    first, again = pages.split(chunk, [(0, 1), (0, 1)])
    assert first == again and _text(first) == ["Halaman 1", "Halaman 2"]


def test_the_lean_stylesheet_leaves_out_only_footnotes_notes_and_markers_of_other_elements():
    lean = render.lean_ua(render.UA)
    assert "footnote" not in lean.split("/* Notes */")[1].split("/*")[0]
    assert "\n::marker" not in lean and "li::marker" in lean
    removed = set(render.UA.splitlines()) - set(lean.splitlines())
    assert all("::footnote" in line or "::note" in line or line.startswith("::marker") for line in removed)
    lists = "<ul><li>satu</li><li>dua</li></ul><ol><li>tiga</li></ol>"
    text = _text(render.html_to_pdf(lists))
    assert text == _text(render.HTML(string=lists).write_pdf())  # WeasyPrint's own stylesheet: the same markers
    assert text[0].count("•") == 2 and "1." in text[0]


def test_one_font_configuration_a_thread():
    render.html_to_pdf("<p>a</p>")
    mine = render.font_config()
    render.html_to_pdf("<p>b</p>")
    assert render.font_config() is mine  # not a new one (and its memory) a document
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(render.font_config()))
    thread.start()
    thread.join()
    assert theirs[0] is not mine


def _pid(n: int) -> tuple[int, int]:
    return n, os.getpid()


def test_workers_are_replaced_after_recycle_chunks_a_worker(monkeypatch):
    monkeypatch.setattr(bulk, "RECYCLE", 2)
    collected = []
    bulk.render_groups([[n] for n in range(9)], lambda group: (group[0],), _pid,
                       lambda group, result: collected.append(result), 2)
    assert [n for n, _ in collected] == list(range(9))  # in order
    rounds = [{pid for n, pid in collected if start <= n < start + 4} for start in (0, 4, 8)]
    assert all(1 <= len(pids) <= 2 for pids in rounds)
    assert not rounds[0] & rounds[1] and not rounds[1] & rounds[2] and not rounds[0] & rounds[2]
    assert os.getpid() not in rounds[0] | rounds[1] | rounds[2]
