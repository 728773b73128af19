"""Test factories: one place that builds organisations, people and cases."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Bestuur, Deskundige, Gemeente, Leerling, Membership, Ouder, School, Swv
from cases.roles import Role

_seq = itertools.count(1)
PDF_BYTES = (  # a real one-page PDF: uploads are parsed, not only checked on their first bytes
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Root 1 0 R /Size 4 >>\nstartxref\n203\n%%EOF\n"
)
VALID_BSNS = ["111222333", "123456782", "999990019", "999990032", "999990044", "999990056", "999990068"]
_bsn_seq = itertools.count(1)


def next_bsn() -> str:
    """A valid BSN (elfproef) that no other call in this test run returns: a pupil number is unique per SWV.
    They start with 8, a digit none of the hand-written BSNs of the tests starts with."""
    while True:
        digits = [8, *map(int, f"{next(_bsn_seq):07d}")]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check <= 9:
            return "".join(map(str, digits)) + str(check)


def pdf(name="stuk.pdf", size=None) -> SimpleUploadedFile:
    body = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def make_user(username=None, *, role=None, swv=None, school=None, gemeente=None, bestuur=None, **extra):
    n = next(_seq)
    username = username or f"user{n}"
    user = get_user_model().objects.create_user(
        username=username,
        password="Test-wachtwoord-1",
        email=f"{username}@test.example",
        first_name=extra.pop("first_name", username.title()),
        last_name=extra.pop("last_name", "Test"),
        **extra,
    )
    if role:
        Membership.objects.create(
            user=user, role=role, swv=swv, school=school, gemeente=gemeente, bestuur=bestuur
        )
    return user


def _brin(letter: str, n: int) -> str:
    """A unique 4-character BRIN: a letter and n in base 36 (the plain number overflows after 999)."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(3):
        n, r = divmod(n, 36)
        out = digits[r] + out
    return letter + out


def totp_device(user):
    """A confirmed TOTP device with a key derived from the username (tests compute its codes)."""
    import hashlib

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = hashlib.sha1(user.username.encode()).hexdigest()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"key": key, "confirmed": True}
    )
    return device


def totp_code(device) -> str:
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def complete_second_factor(client, user) -> None:
    """Mark a test client's session as OTP-verified when the user's role requires 2FA."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from audit.otp import OTP_ROLES

    if not (
        user.is_staff
        or user.is_superuser
        or Membership.objects.filter(user=user, role__in=OTP_ROLES).exists()
    ):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


def make_world(*, mode="cva", sector="po", code=None) -> SimpleNamespace:
    """An SWV with two schools (A and B, different boards), a special school, two gemeenten,
    a user per role, three deskundigen (one working for school A) and a pupil at each school."""
    n = next(_seq)
    swv = Swv.objects.create(name=f"SWV {n}", code=code or f"T{n:03d}", sector=sector, decision_mode=mode)
    g1 = Gemeente.objects.create(name=f"Gemeente A{n}", code=f"GA{n:04d}")
    g2 = Gemeente.objects.create(name=f"Gemeente B{n}", code=f"GB{n:04d}")
    g1.swvs.add(swv)
    g2.swvs.add(swv)
    b1 = Bestuur.objects.create(name=f"Bestuur A{n}", swv=swv)
    b2 = Bestuur.objects.create(name=f"Bestuur B{n}", swv=swv)
    school_a = School.objects.create(
        name=f"School A{n}", brin=_brin("A", n), soort="regulier", bestuur=b1, swv=swv, gemeente=g1
    )
    school_b = School.objects.create(
        name=f"School B{n}", brin=_brin("B", n), soort="regulier", bestuur=b2, swv=swv, gemeente=g2
    )
    special_soort = "vso" if sector == "vo" else "so"  # the special school of the sector
    special = School.objects.create(
        name=f"{special_soort.upper()} {n}",
        brin=_brin("S", n),
        soort=special_soort,
        cluster=4,
        bestuur=b2,
        swv=swv,
        gemeente=g2,
    )
    p = f"w{n}"
    w = SimpleNamespace(
        swv=swv, gemeente_a=g1, gemeente_b=g2, school_a=school_a, school_b=school_b, special=special
    )
    w.school_user = make_user(f"{p}-school", role=Role.SCHOOL, swv=swv, school=school_a)
    w.school_b_user = make_user(f"{p}-schoolb", role=Role.SCHOOL, swv=swv, school=school_b)
    w.consulent = make_user(f"{p}-consulent", role=Role.CONSULENT, swv=swv)
    w.deskundige1 = make_user(f"{p}-desk1", role=Role.DESKUNDIGE, swv=swv)
    w.deskundige2 = make_user(f"{p}-desk2", role=Role.DESKUNDIGE, swv=swv)
    w.deskundige_a = make_user(f"{p}-deska", role=Role.DESKUNDIGE, swv=swv)
    Deskundige.objects.create(user=w.deskundige1, naam="D1", discipline="orthopedagoog", swv=swv)
    Deskundige.objects.create(user=w.deskundige2, naam="D2", discipline="kinderpsychiater", swv=swv)
    Deskundige.objects.create(
        user=w.deskundige_a, naam="DA", discipline="psycholoog", swv=swv, school=school_a
    )
    w.cva = make_user(f"{p}-cva", role=Role.CVA_LID, swv=swv)
    w.cva2 = make_user(f"{p}-cva2", role=Role.CVA_LID, swv=swv)
    w.voorzitter = make_user(f"{p}-voorzitter", role=Role.CVA_VOORZITTER, swv=swv)
    w.beslisser = make_user(f"{p}-beslisser", role=Role.BESLISSER, swv=swv)
    w.leerplicht = make_user(f"{p}-leerplicht", role=Role.LEERPLICHTAMBTENAAR, swv=swv, gemeente=g1)
    w.auditor = make_user(f"{p}-auditor", role=Role.AUDITOR, swv=swv)
    w.beheerder = make_user(f"{p}-beheerder", role=Role.BEHEERDER, swv=swv, is_staff=True)
    age = 9 if sector == "po" else 14
    born = dt.date(2026 - age, 3, 15)
    w.leerling_a = Leerling.objects.create(
        swv=swv,
        voornaam="Anna",
        achternaam=f"A{n}",
        geboortedatum=born,
        bsn=next_bsn(),
        woongemeente=g1,
        stamschool=school_a,
    )
    w.leerling_b = Leerling.objects.create(
        swv=swv,
        voornaam="Bram",
        achternaam=f"B{n}",
        geboortedatum=born,
        bsn=next_bsn(),
        woongemeente=g2,
        stamschool=school_b,
    )
    Ouder.objects.create(leerling=w.leerling_a, naam="Ouder A", email="ouder@test.example")
    w.roles = {
        "school": w.school_user,
        "consulent": w.consulent,
        "deskundige": w.deskundige1,
        "cva_lid": w.cva,
        "cva_voorzitter": w.voorzitter,
        "beslisser": w.beslisser,
        "leerplichtambtenaar": w.leerplicht,
        "auditor": w.auditor,
        "beheerder": w.beheerder,
    }
    return w


def give_consent(leerling, purpose: str, *, on=None, ouder=None, by=None):
    """A consent in the register, as the school would record it (given by the first ouder with gezag)."""
    from cases import clock
    from cases.models import Consent
    from cases.system import system_user

    ouder = ouder or leerling.ouders.filter(gezag=True).order_by("pk").first()
    if ouder is None:
        ouder = Ouder.objects.create(leerling=leerling, naam="Ouder met gezag", email="gezag@test.example")
    return Consent.objects.create(
        leerling=leerling,
        purpose=purpose,
        gever=Consent.Gever.OUDER,
        ouder=ouder,
        gever_naam=ouder.naam,
        gegeven_op=on or clock.today() - dt.timedelta(days=30),
        wijze=Consent.Wijze.OVERLEG,
        overleg="Gesprek op school",
        recorded_by=by or system_user(),
        recorded_at=clock.now(),
    )
