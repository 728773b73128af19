"""Data for the load test: one SWV with consulenten, schools and beslissers, open aanvragen whose
volledigheidstoets the consulenten complete through the real form, and a logged-in session per user.

Most users start from a session made here as a completed login would leave it (for the roles with two-step
login also the verified TOTP device), so the load measures the work pages rather than 200 PBKDF2 password
checks at once. `logins` beslissers (each used by one locust user: a TOTP code is accepted once) log in for
real instead, through the login form and the TOTP step, with codes computed by the locust user.

    DATABASE_URL=... python -m loadtest.seed --aanvragen 400 --out var/loadtest/sessions.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PASSWORD = "Test-wachtwoord-1"  # tests.factories.make_user's password


def seed(*, aanvragen: int, users_per_role: int = 10, logins: int = 0, progress=print) -> dict:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from audit.otp import OTP_ROLES
    from cases import policies
    from cases.models import Membership, WorkItem
    from cases.roles import Role
    from tests import tlv_steps
    from tests.factories import make_user, make_world, totp_device

    w = make_world(mode="cva", sector="po")
    people = {
        "consulent": [w.consulent]
        + [
            make_user(f"{w.swv.code}-lc{i}", role=Role.CONSULENT, swv=w.swv)
            for i in range(users_per_role - 1)
        ],
        "school": [w.school_user]
        + [
            make_user(f"{w.swv.code}-ls{i}", role=Role.SCHOOL, swv=w.swv, school=w.school_a)
            for i in range(users_per_role - 1)
        ],
        "beslisser": [w.beslisser]
        + [
            make_user(f"{w.swv.code}-lb{i}", role=Role.BESLISSER, swv=w.swv)
            for i in range(users_per_role // 2)
        ],
    }
    items = []
    for n in range(aanvragen):
        a = tlv_steps.ingediend(w)
        items.append(WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open").pk)
        if (n + 1) % 25 == 0 or n + 1 == aanvragen:
            progress(f"  {n + 1}/{aanvragen} aanvragen ingediend")

    def session_for(user) -> str:
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if Membership.objects.filter(user=user, role__in=OTP_ROLES).exists():
            s[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        s.create()
        return s.session_key

    out = {"items": items, "users": {}, "logins": []}
    for i in range(logins):
        user = make_user(f"{w.swv.code}-login{i}", role=Role.BESLISSER, swv=w.swv)
        # the server's own hasher, also when the caller (a test) hashes with something faster
        user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
        user.save(update_fields=["password"])
        out["logins"].append(
            {
                "username": user.username,
                "password": PASSWORD,
                "totp_key": totp_device(user).key,
                "cases": list(policies.visible_cases(user).values_list("pk", flat=True)[:500]),
            }
        )
    for role, users in people.items():
        out["users"][role] = [
            {
                "username": u.username,
                "session": session_for(u),
                "cases": list(policies.visible_cases(u).values_list("pk", flat=True)[:500]),
            }
            for u in users
        ]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aanvragen", type=int, default=400)
    parser.add_argument("--users-per-role", type=int, default=10)
    parser.add_argument("--logins", type=int, default=30, help="beslissers that log in with password + TOTP")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    data = seed(aanvragen=args.aanvragen, users_per_role=args.users_per_role, logins=args.logins)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data))
    sessions = sum(len(v) for v in data["users"].values())
    logins = len(data["logins"])
    print(f"==> {len(data['items'])} open tasks, {sessions} sessions, {logins} logins -> {args.out}")


if __name__ == "__main__":
    main()
