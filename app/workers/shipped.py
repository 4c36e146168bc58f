"""The rules an OPD starts from (its first dated version), with what each number rests on. [C] = confirmed in a
public source (DOMAIN.md §5), [U] = common practice, not confirmed: an administrator changes them as a new
version dated from the day the OPD's own rule applies."""

DEFAULT = {
    "honor": {
        # Days paid: worked (late or not), and official travel with a surat tugas [U]. Izin, sickness, leave and
        # TK are not paid to a daily worker; a monthly worker's amount is cut pro rata for them [U].
        "paid": ["present", "no_in", "no_out", "travel"],
        "absent_pct": "2",  # [U] per day absent without reason, besides the unpaid day
        "late_pct": "0.5",  # [U] per late arrival, as TL1 of TPP preset A
        "early_pct": "0.5",  # [U] per early departure
        "cap": "100",
    },
    "evaluation": {
        "every": "quarter",  # [C] every 3 months in DKI; Penajam Paser Utara once a year, before renewal
        "criteria": ["Kehadiran dan ketepatan waktu", "Kualitas hasil kerja", "Kecepatan dan tanggung jawab",
                     "Kerja sama", "Sikap dan perilaku"],  # [U]
        "scale": 5,  # [U] 1 = sangat kurang … 5 = sangat baik
        "bands": [["85", "sangat_baik"], ["70", "baik"], ["55", "cukup"], ["0", "kurang"]],  # [U]
    },
    "notice_days": 60,  # [U] contracts ending within 60 days wait for the renewal decision
}

NOTES = [
    "[C] Kontrak (SPK) paling lama satu tahun anggaran; honorarium harian atau bulanan.",
    "[C] Evaluasi tiap 3 bulan (DKI Jakarta); tahunan sebelum perpanjangan (Penajam Paser Utara).",
    "[U] Potongan: TK 2% per hari, terlambat dan pulang cepat 0,5% per kejadian, paling banyak 100%.",
    "[U] Hari dibayar: hadir (terlambat atau tidak) dan dinas luar dengan surat tugas.",
]
