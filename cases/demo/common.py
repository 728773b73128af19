"""Demo data shared by every route: names, BSNs, a PDF, the two demo SWVs and the password."""

from __future__ import annotations

import random

from django.core.files.uploadedfile import SimpleUploadedFile

PASSWORD = "Passend-2026"

FIRST_NAMES = [
    "Noah",
    "Emma",
    "Liam",
    "Julia",
    "Luca",
    "Mila",
    "Sem",
    "Tess",
    "Daan",
    "Sara",
    "Finn",
    "Zoë",
    "Levi",
    "Nora",
    "Milan",
    "Yara",
    "Jesse",
    "Lotte",
    "Bram",
    "Fenna",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
]


def make_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        s = sum(d * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
        last = s % 11
        if last <= 9:
            return "".join(map(str, digits)) + str(last)


def pdf(name: str) -> SimpleUploadedFile:
    body = (  # a real one-page PDF: uploads are parsed, not only checked on their first bytes
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>\nendobj\n"
        b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
        b"trailer\n<< /Root 1 0 R /Size 4 >>\nstartxref\n203\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


SWVS = [
    {
        "code": "PO 22-02",
        "regio": "noord",  # Drenthe: regio noord of the schoolvakanties
        "name": "SWV PO Zuidoost-Drenthe (demo)",
        "sector": "po",
        "mode": "cva",
        "prefix": "po",
        "profile": "po_22_02.yaml",
        "gemeenten": [("GM0114", "Emmen"), ("GM0109", "Coevorden")],
        "besturen": [
            "Stichting Openbaar Primair Onderwijs (demo)",
            "Stichting Christelijk Primair Onderwijs (demo)",
        ],
        "schools": [
            ("OBS De Esch", "11AA", "regulier", None, 0, 0),
            ("CBS De Wegwijzer", "11AB", "regulier", None, 1, 1),
            ("SBO De Springplank", "11AC", "sbo", None, 0, 0),
            ("SO De Atlas", "11AD", "so", 4, 1, 0),
            ("SO De Boei", "11AE", "so", 3, 1, 1),
        ],
    },
    {
        "code": "VO 31-02",
        "regio": "midden",  # Zuid-Holland: regio midden of the schoolvakanties
        "name": "SWV VO Kust en Bollenstreek (demo)",
        "sector": "vo",
        "mode": "bto",
        "prefix": "vo",
        "profile": "vo_31_02.yaml",
        "gemeenten": [("GM0537", "Katwijk"), ("GM0575", "Noordwijk")],
        "besturen": ["Stichting VO Kust (demo)", "Vereniging VSO Bollenstreek (demo)"],
        "schools": [
            ("Duin College", "22AA", "regulier", None, 0, 0),
            ("Kust Lyceum", "22AB", "regulier", None, 0, 1),
            ("VSO De Bollenstreek", "22AC", "vso", 4, 1, 0),
            ("Praktijkschool Noordwijk", "22AD", "pro", None, 1, 1),
        ],
    },
]
