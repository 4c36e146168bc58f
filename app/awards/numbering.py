"""Certificate numbers (nomor piagam) from an OPD's configurable pattern, e.g. ``800/{seq}/{unit}/{month_roman}/{year}``
→ ``800/7/DINSOS/II/2018``. Pure: the caller draws ``seq`` from the OPD's yearly counter.

Placeholders: ``{seq}`` (required; ``{seq:3}`` pads it with zeros to 3 digits → 007), ``{unit}`` (the OPD's
code), ``{month}`` (2 digits), ``{month_roman}`` (I..XII), ``{year}`` (4 digits). ``{{`` and ``}}`` are literal
braces. The pattern is parsed with ``string.Formatter().parse`` and filled in piece by piece: it is never passed
to ``str.format`` nor evaluated, so attribute or index access cannot run.
"""

from __future__ import annotations

from string import Formatter

PLACEHOLDERS = ("seq", "unit", "month", "month_roman", "year")
MAX_PAD = 10
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Roman numerals (1..3999): months are written I..XII in Indonesian official numbers."""
    if not 1 <= number <= 3999:
        raise ValueError(f"no Roman numeral for {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _fields(pattern: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return list(Formatter().parse(pattern))


def _pad(spec: str) -> int | None:
    """The width of a ``{seq:N}`` spec, or None when the spec is not a plain width."""
    if spec.isascii() and spec.isdigit() and 1 <= int(spec) <= MAX_PAD:
        return int(spec)
    return None


def validate_pattern(pattern: str) -> str | None:
    """None when the pattern can number certificates, otherwise an error key for a form.

    ``syntax``: unbalanced braces; ``unknown_placeholder:<name>`` (also ``{}``, ``{0}``, ``{seq.real}``);
    ``bad_spec:<name>``: a conversion (``!r``) or a format spec other than a width 1–10 on ``seq``;
    ``missing_seq``: no ``{seq}``, so numbers would repeat; ``missing_year``: no ``{year}``, so numbers would
    repeat from one year to the next (the running number starts again each year); ``too_long``: longer than
    80 characters (a number must fit its column once the placeholders are filled in).
    """
    if len(pattern) > 80:
        return "too_long"
    try:
        fields = _fields(pattern)
    except ValueError:
        return "syntax"
    has_seq = has_year = False
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            return f"unknown_placeholder:{name}"
        if conversion is not None or (spec and (name != "seq" or _pad(spec) is None)):
            return f"bad_spec:{name}"
        has_seq = has_seq or name == "seq"
        has_year = has_year or name == "year"
    if not has_seq:
        return "missing_seq"
    return None if has_year else "missing_year"


def format_number(pattern: str, *, seq: int, unit: str, month: int, year: int) -> str:
    """The certificate number; ValueError for an invalid pattern, a seq below 1, a month outside 1..12, or a
    pattern with ``{unit}`` and no unit code."""
    error = validate_pattern(pattern)
    if error:
        raise ValueError(error)
    if seq < 1:
        raise ValueError("seq must be at least 1")
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    values = {"unit": unit, "month": f"{month:02d}", "month_roman": roman(month), "year": f"{year:04d}"}
    out = []
    for literal, name, spec, _conversion in _fields(pattern):
        out.append(literal)
        if name == "seq":
            out.append(str(seq).zfill(_pad(spec) or 0) if spec else str(seq))
        elif name is not None:
            if name == "unit" and not unit:
                raise ValueError("the pattern uses {unit} and the OPD has no code")
            out.append(values[name])
    return "".join(out)
