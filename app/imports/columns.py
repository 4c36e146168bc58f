"""The columns of each import/export kind: the export writes them, the import reads them back.

Each entry: (machine name, label in the template's second row). Machine names are the header row.
"""

from __future__ import annotations

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "units": [
        ("code", "Kode unit (unik)"), ("parent_code", "Kode unit induk (kosong = OPD)"), ("kind", "Jenis"),
        ("name", "Nama unit"), ("kop_government", "Kop: baris pemerintah"), ("kop_name", "Kop: baris unit"),
        ("address", "Alamat"), ("phone", "Telepon"), ("email", "Surel"), ("postal_code", "Kode pos"),
    ],
    "positions": [
        ("unit_code", "Kode unit"), ("name", "Nama jabatan"), ("type", "Jenis jabatan"), ("eselon", "Eselon"),
        ("kelas_jabatan", "Kelas jabatan (1-17)"), ("is_head", "Kepala unit (ya/tidak)"),
    ],
    "people": [
        ("employment_type", "Jenis kepegawaian (pns/pppk/thl/pjlp/honorer)"), ("nip", "NIP / NI PPPK"),
        ("nik", "NIK"), ("front_title", "Gelar depan"), ("name", "Nama (tanpa gelar)"),
        ("back_title", "Gelar belakang"), ("sex", "Jenis kelamin (L/P)"), ("golongan", "Golongan (mis. III/b)"),
        ("unit_code", "Kode unit"), ("position", "Nama jabatan"), ("status", "Status"),
        ("email", "Surel"), ("phone", "Telepon"),
    ],
}


def names(kind: str) -> list[str]:
    return [name for name, _ in COLUMNS[kind]]
