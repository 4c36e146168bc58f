"""The demo agency: Dinas Sosial Provinsi DKI Jakarta in 2018 (DOMAIN.md §8).

Named officials and units come from public news reports (Kepala Dinas Masrokhan, Sekretaris Mariana,
Satpel Sosial Kecamatan Mampang Prapatan's Sumadi, Suku Dinas Sosial per kota administrasi, Panti Sosial
Tresna Werdha Budi Mulia 3 Margaguna, Pusdatin Jaminan Sosial). Everyone else is invented, with valid NIPs.
"""

from __future__ import annotations

PEMDA = {"name": "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta", "level": "provinsi", "city": "Jakarta",
         "timezone": "WIB", "paper_size": "F4"}
KOP_GOVERNMENT = "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA"
OPD = {"name": "Dinas Sosial", "code": "DINSOS", "kop_government": KOP_GOVERNMENT, "kop_name": "DINAS SOSIAL",
       "address": "Jl. Gunung Sahari II No. 5, Jakarta Pusat", "phone": "(021) 4265115",
       "email": "dinsos@jakarta.go.id", "website": "dinsos.jakarta.go.id", "postal_code": "10610"}

# (kind, name, code, head position, children)
SEKRETARIAT = ("sekretariat", "Sekretariat", "SEK", "Sekretaris Dinas", [
    ("subbagian", "Subbagian Umum dan Kepegawaian", "UMPEG", "Kepala Subbagian Umum dan Kepegawaian", []),
    ("subbagian", "Subbagian Keuangan", "KEU", "Kepala Subbagian Keuangan", []),
    ("subbagian", "Subbagian Program dan Pelaporan", "PROG", "Kepala Subbagian Program dan Pelaporan", []),
])
BIDANG = [
    ("bidang", "Bidang Perlindungan dan Jaminan Sosial", "LINJAMSOS", "Kepala Bidang Perlindungan dan Jaminan Sosial", [
        ("seksi", "Seksi Perlindungan Sosial Korban Bencana", "PSKB", "Kepala Seksi Perlindungan Sosial Korban Bencana", []),
        ("seksi", "Seksi Jaminan Sosial Keluarga", "JSK", "Kepala Seksi Jaminan Sosial Keluarga", []),
    ]),
    ("bidang", "Bidang Rehabilitasi Sosial", "REHSOS", "Kepala Bidang Rehabilitasi Sosial", [
        ("seksi", "Seksi Rehabilitasi Sosial Anak dan Lanjut Usia", "RSAL", "Kepala Seksi Rehabilitasi Sosial Anak dan Lanjut Usia", []),
        ("seksi", "Seksi Rehabilitasi Sosial Penyandang Disabilitas", "RSPD", "Kepala Seksi Rehabilitasi Sosial Penyandang Disabilitas", []),
        ("seksi", "Seksi Rehabilitasi Tuna Sosial", "RTS", "Kepala Seksi Rehabilitasi Tuna Sosial", []),
    ]),
    ("bidang", "Bidang Pemberdayaan Sosial", "DAYASOS", "Kepala Bidang Pemberdayaan Sosial", [
        ("seksi", "Seksi Pemberdayaan Masyarakat", "PM", "Kepala Seksi Pemberdayaan Masyarakat", []),
        ("seksi", "Seksi Kepahlawanan dan Restorasi Sosial", "KRS", "Kepala Seksi Kepahlawanan dan Restorasi Sosial", []),
    ]),
]
# Suku Dinas Sosial per kota administrasi, each with a few Satpel Sosial Kecamatan.
SUKU_DINAS = {
    "Jakarta Pusat": ["Gambir", "Tanah Abang", "Menteng"],
    "Jakarta Utara": ["Penjaringan", "Tanjung Priok", "Koja"],
    "Jakarta Barat": ["Cengkareng", "Grogol Petamburan", "Kebon Jeruk"],
    "Jakarta Selatan": ["Mampang Prapatan", "Kebayoran Baru", "Pasar Minggu", "Tebet"],
    "Jakarta Timur": ["Cakung", "Jatinegara", "Duren Sawit"],
    "Kepulauan Seribu": ["Kepulauan Seribu Utara", "Kepulauan Seribu Selatan"],
}
PANTI = [
    ("Panti Sosial Tresna Werdha Budi Mulia 3 Margaguna", "PSTW3"),
    ("Panti Sosial Tresna Werdha Budi Mulia 1 Cipayung", "PSTW1"),
    ("Panti Sosial Bina Insan Bangun Daya 2", "PSBI2"),
    ("Panti Sosial Asuhan Anak Putra Utama 1", "PSAA1"),
]
UPT = [("Pusat Data dan Informasi Jaminan Sosial", "PUSDATIN")]

# Staff positions: (name, type, kelas jabatan, what it asks: the diplomas of a pelaksana, a functional jenjang).
STAFF_POSITIONS = [
    ("Analis Rehabilitasi Sosial", "pelaksana", 7, ("S1",)),
    ("Pengadministrasi Umum", "pelaksana", 5, ("SLTA", "SLTA", "D3")),
    ("Pekerja Sosial Ahli Muda", "fungsional", 9, "Ahli Muda"),
    ("Penyuluh Sosial Ahli Pertama", "fungsional", 8, "Ahli Pertama"),
    ("Pengelola Data Jaminan Sosial", "pelaksana", 6, ("D3", "S1")),
]
# The pelaksana post a future official or functional held first, by diploma.
FIRST_POST = {"SLTA": "Pengadministrasi Umum", "D3": "Pengelola Data Jaminan Sosial", "S1": "Analis Rehabilitasi Sosial",
              "S2": "Analis Rehabilitasi Sosial"}

MEN = ["Agus", "Ahmad", "Andi", "Bambang", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Heru", "Imam", "Joko",
       "Kurniawan", "Muhammad", "Nanang", "Rahmat", "Rudi", "Slamet", "Suryadi", "Teguh", "Wahyu", "Yusuf",
       "Arief", "Dimas", "Gilang", "Hadi", "Irfan", "Rizky", "Taufik", "Yudi"]
WOMEN = ["Ani", "Dewi", "Endang", "Fitri", "Indah", "Kartini", "Lestari", "Maya", "Nur", "Putri", "Ratna", "Rina",
         "Sari", "Siti", "Sri", "Tuti", "Wulan", "Yanti", "Ayu", "Diah", "Eka", "Lina", "Nining", "Rosita",
         "Umi", "Vera", "Yuliani", "Zahra", "Hana", "Intan"]
FAMILY = ["Saputra", "Hidayat", "Santoso", "Wijaya", "Kusuma", "Pratama", "Siregar", "Nasution", "Harahap",
          "Simanjuntak", "Lubis", "Rahman", "Hakim", "Setiawan", "Gunawan", "Suharto", "Wibowo", "Nugroho",
          "Purnomo", "Susanto", "Maulana", "Firmansyah", "Hasibuan", "Tambunan", "Manurung", "Sembiring",
          "Ginting", "Permana", "Ramadhan", "Utami"]
BACHELOR_TITLES = ["S.Sos.", "S.E.", "S.H.", "S.Kom.", "S.Psi.", "S.AP.", "S.Tr.Sos."]
MASTER_TITLES = ["M.Si.", "M.M.", "M.AP."]
# The officials named in the news: (name, back title, sex, diploma, front title); their careers are invented.
KADIS = ("Masrokhan", "M.Si.", "L", "S2", "Drs.")
SEKRETARIS = ("Mariana", "S.Sos., M.Si.", "P", "S2", "")
SUMADI = ("Sumadi", "", "L", "S1", "")  # the news gives no title

DEMO_PASSWORD = "kinerja-demo-2018"  # noqa: S105 (the published password of the demo accounts)
# username → (role, unit code or None for the whole installation, employee key or None, what it shows)
ACCOUNTS = {
    "admin": ("admin", None, None, "Administrator: settings, accounts, audit trail"),
    "hr": ("hr", "DINSOS", None, "HR (kepegawaian) of the whole Dinas Sosial"),
    "kadis": ("leader", "DINSOS", "kadis", "Kepala Dinas Masrokhan: signs with the Gubernur, countersigns the Kepala Bidang"),
    "kabid": ("leader", "REHSOS", "kabid_rehsos", "Kepala Bidang Rehabilitasi Sosial"),
    "operator": ("operator", "SUDIN-JS", None, "Operator of Suku Dinas Sosial Jakarta Selatan"),
    "penilai": ("assessor", "DINSOS", None, "Assessor (penilai) for the awards"),
    "pegawai": ("employee", "SATPEL-MAMPANG", "sumadi", "Sumadi, Satpel Sosial Kecamatan Mampang Prapatan"),
    "thl": ("employee", "SUDIN-JS", "p3s", "A Petugas P3S (THL) of Suku Dinas Sosial Jakarta Selatan: their contract"),
}

# The Kepala Dinas's agreement for 2018: 2017 results and the 2018 poverty target from DOMAIN.md §8.
KADIS_SASARAN = [
    ("Menurunnya jumlah PMKS di jalanan", [
        ("Jumlah titik rawan PMKS yang diawasi", "titik", "higher", "276", ("276", "276", "276", "276"), "average"),
        ("Persentase penurunan PMKS jalanan", "%", "higher", "40", ("10", "20", "30", "40"), "last"),
    ]),
    ("Meningkatnya keberfungsian sosial warga binaan panti", [
        ("Jumlah warga binaan panti yang kembali ke keluarga", "orang", "higher", "600", ("150", "150", "150", "150"), "sum"),
    ]),
    ("Menurunnya angka kemiskinan", [
        ("Penurunan angka kemiskinan", "%", "higher", "1", ("0.25", "0.5", "0.75", "1"), "last"),
    ]),
]
KADIS_BUDGET = [
    ("program", "Program Rehabilitasi Sosial", 152_500_000_000),
    ("program", "Program Perlindungan dan Jaminan Sosial", 98_750_000_000),
    ("program", "Program Pemberdayaan Sosial", 41_200_000_000),
    ("program", "Program Penunjang Urusan Pemerintahan Daerah", 63_900_450_000),
]
