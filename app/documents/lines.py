"""Long official lists laid out as lines (the TPP payment list, the honorarium recap): each page's rows are one
cell per column holding a line per row, not a cell per row and column. WeasyPrint spends about a millisecond on
every box it lays out: a list of thousands of people in cells takes minutes, in lines seconds. Every row is the
same height in every column, so the lines stay side by side."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from markupsafe import Markup


def chunks(count: int, first: int, per_page: int, last: int) -> list[tuple[int, int]]:
    """(first row, rows) of each page: ``first`` rows under the letterhead, ``per_page`` after, the last page at
    most ``last`` (room for the totals and the signatures)."""
    sizes, left = [], count
    while left > 0:
        size = min(left, first if not sizes else per_page)
        sizes.append(size)
        left -= size
    if len(sizes) > 1 and sizes[-1] > last:
        sizes[-1:] = [sizes[-1] - last, last]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    return list(zip(starts, sizes, strict=True))


def fit(text: str, chars: int) -> Markup:
    """One line of a cell: smaller type when it would not fit (nothing is cut from a name)."""
    if len(text) <= chars:
        return Markup("{}").format(text)
    return Markup('<span class="small">{}</span>').format(text)


def two_lines(text: str, chars: int) -> tuple[Markup, Markup]:
    """A text over at most two lines (smaller type beyond)."""
    if len(text) <= chars:
        return fit(text, chars), Markup("")
    cut = text.rfind(" ", 0, chars + 1)
    cut = cut if cut > 0 else chars
    return fit(text[:cut], chars), fit(text[cut:].strip(), int(chars * 1.3))


MONO_EM = 0.6  # Liberation Mono's advance, in em (the template's "Kinerja Mono")
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Layout:
    """The amounts' columns of one list as one line of a monospace font per row: each column as wide as its
    longest value (the totals included; at least ``min_chars``), the monospace size made small enough for the
    table to fit the page. ``text_mm`` is the width of the text columns before the amounts, ``after_mm`` of
    those after them; each row is ``row_pt`` high."""

    keys: tuple[str, ...]
    chars: tuple[int, ...]  # each column's characters, a space either side included
    mono_pt: float
    text_mm: float
    after_mm: float
    row_pt: float
    centered: frozenset[str] = frozenset()

    @classmethod
    def of(cls, keys: list[str], lines: list[dict], *, text_mm: float, after_mm: float, table_mm: float,
           font_pt: float, row_pt: float, min_chars: int, centered: frozenset[str] = frozenset()) -> Layout:
        chars = tuple(max(min_chars, max(len(line[key]) for line in lines) + 2) for key in keys)
        room = table_mm - text_mm - after_mm
        mono_pt = min(font_pt, room / (sum(chars) * MONO_EM * PT_MM))
        return cls(tuple(keys), chars, round(mono_pt, 2), text_mm, after_mm, row_pt, centered)

    @property
    def widths_mm(self) -> list[float]:
        return [n * MONO_EM * self.mono_pt * PT_MM for n in self.chars]

    @property
    def table_mm(self) -> float:
        return self.text_mm + sum(self.widths_mm) + self.after_mm

    def line(self, cells: dict) -> str:
        return "".join(" " + (cells[key].center(n - 2) if key in self.centered else cells[key].rjust(n - 2)) + " "
                       for key, n in zip(self.keys, self.chars, strict=True))

    def ruling(self, rows: int) -> str:
        """The rules of a page's rows (a line under each row, the amounts' column rules) as one SVG drawn
        behind the page's row of cells: one image per page instead of a border per cell."""
        width, height = self.table_mm, rows * self.row_pt * PT_MM
        drawn = [f'<line x1="0" x2="{width:.2f}" y1="{y:.2f}" y2="{y:.2f}" stroke="#777" stroke-width="0.14"/>'
                 for y in (n * self.row_pt * PT_MM for n in range(1, rows))]
        at = float(self.text_mm)
        for step in self.widths_mm[:-1]:
            at += step
            drawn.append(f'<line x1="{at:.2f}" x2="{at:.2f}" y1="0" y2="{height:.2f}" stroke="#000" '
                         f'stroke-width="0.18"/>')
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}mm" height="{height:.2f}mm" '
               f'viewBox="0 0 {width:.2f} {height:.2f}">{"".join(drawn)}</svg>')
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
