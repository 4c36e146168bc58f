"""The columns of each import/export kind: the export and the template write them, the import reads them back.

A column has a machine name (how the code and the stored rows know it), a header (the first row of the file,
in the user's language) and a hint (the template's second row: what to write). A header row is read
case- and space-insensitively, and accepts for each column its header in Indonesian or English, its machine
name (``employment_type``: the first templates' header) and the first templates' explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Column:
    name: str
    header: object  # a lazy string: the header in the user's language
    hint: object  # a lazy string: the template's row of explanations
    legacy: str  # the first templates' explanation (their second row), still recognised


COLUMNS: dict[str, list[Column]] = {
    "units": [
        Column("code", _l("Unit code"), _l("unique; a row with an existing code updates that unit"),
               "Kode unit (unik)"),
        Column("parent_code", _l("Parent unit code"), _l("empty = a new OPD"), "Kode unit induk (kosong = OPD)"),
        Column("kind", _l("Unit kind"),
               _l("opd, sekretariat, bidang, seksi, subbagian, upt, suku_dinas, satpel or other"), "Jenis"),
        Column("name", _l("Unit name"), _l("required"), "Nama unit"),
        Column("kop_government", _l("Letterhead: government line"), _l("optional"), "Kop: baris pemerintah"),
        Column("kop_name", _l("Letterhead: unit line"), _l("optional"), "Kop: baris unit"),
        Column("address", _l("Address"), _l("optional"), "Alamat"),
        Column("phone", _l("Phone"), _l("optional"), "Telepon"),
        Column("email", _l("E-mail"), _l("optional"), "Surel"),
        Column("postal_code", _l("Postal code"), _l("5 digits; optional"), "Kode pos"),
    ],
    "positions": [
        Column("unit_code", _l("Unit code"), _l("the code of an existing unit"), "Kode unit"),
        Column("name", _l("Position name"), _l("a row with an existing name in that unit updates it"),
               "Nama jabatan"),
        Column("type", _l("Position type"), _l("jpt, administrator, pengawas, pelaksana, fungsional or non_asn"),
               "Jenis jabatan"),
        Column("eselon", _l("Eselon"), _l("e.g. III.a; empty when it has none"), "Eselon"),
        Column("kelas_jabatan", _l("Job class"), _l("a whole number from 1 to 17"), "Kelas jabatan (1-17)"),
        Column("is_head", _l("Head of the unit"), _l("ya or tidak"), "Kepala unit (ya/tidak)"),
    ],
    "people": [
        Column("employment_type", _l("Employment type"), _l("pns, pppk, thl, pjlp or honorer"),
               "Jenis kepegawaian (pns/pppk/thl/pjlp/honorer)"),
        Column("nip", _l("NIP / NI PPPK"), _l("18 digits, spaces allowed; required for PNS and PPPK"),
               "NIP / NI PPPK"),
        Column("nik", _l("NIK"), _l("16 digits; required for non-ASN"), "NIK"),
        Column("front_title", _l("Front title"), _l("e.g. Dr., Ir.; optional"), "Gelar depan"),
        Column("name", _l("Name"), _l("without titles"), "Nama (tanpa gelar)"),
        Column("back_title", _l("Back title"), _l("e.g. S.Sos., M.Si.; optional"), "Gelar belakang"),
        Column("sex", _l("Sex"), _l("L or P"), "Jenis kelamin (L/P)"),
        Column("golongan", _l("Golongan"), _l("e.g. III/b (PNS) or IX (PPPK); empty for non-ASN"),
               "Golongan (mis. III/b)"),
        Column("unit_code", _l("Unit code"), _l("the code of an existing unit"), "Kode unit"),
        Column("position", _l("Position"), _l("the name of a position in that unit; optional"), "Nama jabatan"),
        Column("status", _l("Status"), _l("aktif, cuti, tugas_belajar, pensiun, berhenti or meninggal; empty = aktif"),
               "Status"),
        Column("email", _l("E-mail"), _l("optional"), "Surel"),
        Column("phone", _l("Phone"), _l("optional"), "Telepon"),
    ],
}

LOCALES = ("id", "en")


def names(kind: str) -> list[str]:
    return [column.name for column in COLUMNS[kind]]


def headers(kind: str) -> list[str]:
    """The header row in the user's language."""
    return [str(column.header) for column in COLUMNS[kind]]


def hints(kind: str) -> list[str]:
    return [str(column.hint) for column in COLUMNS[kind]]


def header_of(kind: str, name: str) -> str:
    """A column's header in the user's language (the machine name when there is no such column)."""
    return next((str(c.header) for c in COLUMNS[kind] if c.name == name), name)


def key(text: str) -> str:
    """What is compared of a header or an explanation: letters and digits, case-folded ('Kode  Unit' = 'kode_unit')."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _in_every_language(text) -> set[str]:
    spelled = set()
    for locale in LOCALES:
        with force_locale(locale):
            spelled.add(key(str(text)))
    return spelled


def aliases(kind: str) -> dict[str, str]:
    """Every accepted spelling of a header (as ``key``) -> the column's machine name."""
    found: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for spelling in {key(column.name), key(column.legacy)} | _in_every_language(column.header):
            found.setdefault(spelling, column.name)
    return found


def hint_spellings(kind: str) -> dict[str, set[str]]:
    """Machine name -> the explanations the template's second row has held for it (as ``key``)."""
    return {c.name: _in_every_language(c.hint) | {key(c.legacy)} for c in COLUMNS[kind]}
