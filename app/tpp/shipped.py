"""The TPP presets Kinerja ships (DOMAIN.md §3–4): data, copied into the database as the first version of each
(``services.install_presets``), then edited there by an administrator. The calculation reads the stored copy,
never these constants.

[C] confirmed in a public source, [U] common practice not confirmed: each preset's ``notes`` say which part is
which, and the screens show them.
"""

from __future__ import annotations

# Monthly base per kelas jabatan. No public table was at hand: these are an example in the range regencies pay,
# to be replaced by the amounts of the region's own Perkada [U].
EXAMPLE_AMOUNTS = {
    1: 1_750_000, 2: 1_900_000, 3: 2_050_000, 4: 2_250_000, 5: 2_500_000, 6: 2_750_000, 7: 3_000_000,
    8: 3_400_000, 9: 3_800_000, 10: 4_300_000, 11: 4_900_000, 12: 5_600_000, 13: 6_500_000, 14: 7_600_000,
    15: 9_000_000, 16: 11_000_000, 17: 13_500_000,
}

# PermenPANRB 6/2022 names the predikat; how much of the performance part each pays is the region's [U].
EXAMPLE_PERFORMANCE = {"sangat_baik": "100", "baik": "100", "butuh_perbaikan": "75", "kurang": "50",
                       "sangat_kurang": "25"}

_FULL_LEAVE_UNPAID_NOTHING = {"unpaid": {"basis": "flat", "steps": [[0, "0"]]}}

# The payment list's columns (Lampiran V, Perbup Deli Serdang 4/2019) [C]: subsidi BPJS 4 %, BPJS 4 %, iuran 1 %.
# PPh 21 on TPP paid from the APBD: golongan I and II 0 %, III 5 %, IV 15 % (PP 80/2010) [C]; PPPK 5 % [U].
# Payroll computes the real amounts; these are settings the list shows as such.
PAYROLL_NOTE = ("Daftar pembayaran: subsidi BPJS 4 %, BPJS 4 %, iuran 1 % (Lampiran V Perbup Deli Serdang 4/2019) [C]; "
                "PPh 21 golongan I–II 0 %, III 5 %, IV 15 % (PP 80/2010) [C], PPPK 5 % [U]. Penggajian menghitung jumlah "
                "sebenarnya; daftar menampilkannya sebagai setelan.")
PAYROLL = {"bpjs_subsidy": "4", "bpjs": "4", "contribution": "1",
           "tax": {"I": "0", "II": "0", "III": "5", "IV": "15", "PPPK": "5"}}

A = {
    "key": "A",
    "name": "A · Pemda umum (Perbup Tebo 1/2022; Tulang Bawang)",
    "source": "Perbup Tebo Nomor 1 Tahun 2022; Tulang Bawang",
    "notes": [
        "Potongan TL1–TL4 0,5/1/1,25/1,5 %, PSW sama dengan TL, apel 2 % [C]; tidak absen masuk sama dengan TL4 "
        "[C]; tidak absen pulang sama dengan PSW4 [U]; TK 3 % per hari [U].",
        "Pembagian 60 % kinerja, 40 % disiplin (Kota Kotamobagu) [C]; potongan dari bagian disiplin, "
        "0,5 % × 40 % = 0,2 % dari seluruh TPP [C, aplikasi satu kabupaten].",
        "Potongan sebulan paling banyak 100 % (Permenlu 3/2025) [C]; hukuman disiplin sedang: TPP dipotong "
        "25 % (PP 94/2021) [C].",
        "Cuti dibayar penuh kecuali cuti di luar tanggungan negara [U]; besaran per kelas jabatan dan "
        "persentase per predikat adalah contoh [U]; pembulatan setengah ke atas [U].",
        "Predikat Sangat Baik paling banyak 70 % pegawai ASN satu unit dalam sebulan [C, contoh batas].",
        PAYROLL_NOTE,
    ],
    "rules": {
        "amounts": EXAMPLE_AMOUNTS,
        "predikat_caps": {"sangat_baik": "70"},
        "performance_share": "60",
        "scope": "discipline",
        "deductions": {"TL1": "0.5", "TL2": "1", "TL3": "1.25", "TL4": "1.5",
                       "PSW1": "0.5", "PSW2": "1", "PSW3": "1.25", "PSW4": "1.5",
                       "NO_IN": "1.5", "NO_OUT": "1.5", "TK": "3", "APEL": "2"},
        "monthly_cap": "100",
        "daily_cap": None,
        "absent_month_pays_nothing": False,
        "leave": _FULL_LEAVE_UNPAID_NOTHING,
        "sanction_cuts": {"medium": "25"},
        "performance_source": "predikat",
        "performance": EXAMPLE_PERFORMANCE,
        "rounding": "half_up",
        "payroll": PAYROLL,
    },
}

B = {
    "key": "B",
    "name": "B · Permentan 68/2012",
    "source": "Peraturan Menteri Pertanian Nomor 68 Tahun 2012",
    "notes": [
        "Potongan TL1–TL4 0,5/1/1,5/2 %, PSW sama dengan TL, tidak absen masuk atau pulang 2 %, TK 4 % per "
        "hari, dari seluruh tunjangan [C].",
        "Cuti: tahunan 100 %; besar 50/25/10 % (bulan ke-1 s.d. 3); alasan penting 50/25 %; melahirkan anak "
        "ke-1 dan ke-2 100 %; sakit 1–2 hari 100 %, 3–14 hari 75 %, 15–30 hari 50 %, 1–2 bulan 30 %, "
        "2–6 bulan 20 %, 6–18 bulan 10 % [C]. Anak ke-3 (60/30/20 %) tidak dapat dihitung: urutan anak "
        "tidak dicatat.",
        "Pembagian 60/40 untuk penilaian kinerja [U]; potongan sebulan paling banyak 100 % [C, Permenlu "
        "3/2025]; hukuman disiplin sedang 25 % (PP 94/2021) [C].",
        "Besaran per kelas jabatan dan persentase per predikat adalah contoh [U]; pembulatan ke bawah [U].",
        PAYROLL_NOTE,
    ],
    "rules": {
        "amounts": EXAMPLE_AMOUNTS,
        "performance_share": "60",
        "scope": "whole",
        "deductions": {"TL1": "0.5", "TL2": "1", "TL3": "1.5", "TL4": "2",
                       "PSW1": "0.5", "PSW2": "1", "PSW3": "1.5", "PSW4": "2",
                       "NO_IN": "2", "NO_OUT": "2", "TK": "4", "APEL": "0"},
        "monthly_cap": "100",
        "daily_cap": None,
        "absent_month_pays_nothing": False,
        "leave": {
            "annual": {"basis": "flat", "steps": [[0, "100"]]},
            "long": {"basis": "month", "steps": [[1, "50"], [2, "25"], [3, "10"]]},
            "important": {"basis": "month", "steps": [[1, "50"], [2, "25"]]},
            "maternity": {"basis": "flat", "steps": [[0, "100"]]},
            "sick": {"basis": "duration", "steps": [[1, "100"], [3, "75"], [15, "50"], [31, "30"], [61, "20"],
                                                    [181, "10"]]},
            "unpaid": {"basis": "flat", "steps": [[0, "0"]]},
        },
        "sanction_cuts": {"medium": "25"},
        "performance_source": "predikat",
        "performance": EXAMPLE_PERFORMANCE,
        "rounding": "down",
        "payroll": PAYROLL,
    },
}

C = {
    "key": "C",
    "name": "C · Perja Kejaksaan 4/2020",
    "source": "Peraturan Kejaksaan Nomor 4 Tahun 2020",
    "notes": [
        "Terlambat 1–90 menit 1 %, 91 menit atau lebih atau tidak absen masuk 2 %; pulang sebelum waktunya 1 %, "
        "tidak absen pulang 2 %; TK 5 % per hari; tidak masuk sebulan penuh: tidak dibayar [C].",
        "Pembagian 70/30 untuk penilaian kinerja [U]; potongan dari seluruh TPP, paling banyak 100 % [U]; "
        "hukuman disiplin sedang 25 % (PP 94/2021) [C].",
        "Cuti dibayar penuh kecuali cuti di luar tanggungan negara [U]; besaran per kelas jabatan dan "
        "persentase per predikat adalah contoh [U]; pembulatan setengah ke atas [U].",
        PAYROLL_NOTE,
    ],
    "rules": {
        "amounts": EXAMPLE_AMOUNTS,
        "performance_share": "70",
        "scope": "whole",
        "deductions": {"TL1": "1", "TL2": "1", "TL3": "1", "TL4": "2",
                       "PSW1": "1", "PSW2": "1", "PSW3": "1", "PSW4": "1",
                       "NO_IN": "2", "NO_OUT": "2", "TK": "5", "APEL": "0"},
        "monthly_cap": "100",
        "daily_cap": None,
        "absent_month_pays_nothing": True,
        "leave": _FULL_LEAVE_UNPAID_NOTHING,
        "sanction_cuts": {"medium": "25"},
        "performance_source": "predikat",
        "performance": EXAMPLE_PERFORMANCE,
        "rounding": "half_up",
        "payroll": PAYROLL,
    },
}

SHIPPED = (A, B, C)
