"""The load scenario: case workers mixing their inbox, case pages and task completions through the
real forms (CSRF), with human think time. Sessions and open tasks come from loadtest/seed.py
(LOADTEST_DATA points at its JSON file)."""

from __future__ import annotations

import hmac
import json
import os
import random
import re
import struct
import time

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOADTEST_DATA"]).read())  # noqa: SIM115
OPEN_ITEMS = list(DATA["items"])  # popped by the consulenten: each task is completed once
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next = {role: 0 for role in DATA["users"]}
LOGINS = list(
    DATA.get("logins", [])
)  # popped: each account logs in from one locust user (TOTP codes are single-use)


def totp(key_hex: str, step: int = 30, digits: int = 6) -> str:
    """RFC 6238, as django-otp's TOTPDevice checks it (SHA-1, 30 s, 6 digits)."""
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(time.time()) // step), "sha1").digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits:0{digits}d}"


class CaseWorker(HttpUser):
    abstract = True
    role = ""
    # a person reading a page before the next click (LOADTEST_WAIT="min,max" seconds; short runs click faster)
    wait_time = between(*(float(x) for x in os.environ.get("LOADTEST_WAIT", "5,15").split(",")))

    def on_start(self):
        people = DATA["users"][self.role]
        me = people[_next[self.role] % len(people)]
        _next[self.role] += 1
        self.client.cookies.set("sessionid", me["session"])
        self.cases = me["cases"] or [0]

    def login(self, me) -> bool:
        """The real login: password form, then the TOTP step (CSRF on both; the token rotates at login)."""
        page = self.client.get("/inloggen/", name="login page")
        token = CSRF.search(page.text)
        with self.client.post(
            "/inloggen/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": me["username"],
                "password": me["password"],
            },
            headers={"Referer": f"{self.host}/inloggen/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"password step {r.status_code}")
                return False
        page = self.client.get("/inloggen/verificatie/", name="login 2FA page")
        token = CSRF.search(page.text)
        with self.client.post(
            "/inloggen/verificatie/",
            {"csrfmiddlewaretoken": token.group(1) if token else "", "token": totp(me["totp_key"])},
            headers={"Referer": f"{self.host}/inloggen/verificatie/"},
            name="login 2FA code",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "verificatie" in r.headers.get("Location", ""):
                r.failure(f"TOTP step {r.status_code}")
                return False
        return True

    def page(self, path, name):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
            elif "Inloggen" in r.text and "/inloggen/" in r.url:
                r.failure("logged out")

    @task(5)
    def inbox(self):
        self.page("/taken/", "inbox")

    @task(4)
    def case_page(self):
        self.page(f"/casussen/{random.choice(self.cases)}/", "case page")

    @task(2)
    def case_list(self):
        self.page("/casussen/", "case list")

    @task(1)
    def notifications(self):
        self.page("/berichten/", "notifications")


class Consulent(CaseWorker):
    role = "consulent"
    weight = 3

    @task(2)
    def complete_volledigheidstoets(self):
        if not OPEN_ITEMS:
            return
        pk = OPEN_ITEMS.pop()
        with self.client.get(f"/taken/{pk}/", name="task page", catch_response=True) as r:
            token = CSRF.search(r.text)
            if r.status_code != 200 or not token:
                r.failure(f"{r.status_code}, no form")
                return
        with self.client.post(
            f"/taken/{pk}/",
            {"csrfmiddlewaretoken": token.group(1), "volledig": "1"},
            headers={"Referer": f"{self.host}/taken/{pk}/"},
            name="task completion",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or not r.headers.get("Location", "").endswith("/taken/"):
                r.failure(f"not completed ({r.status_code})")


class School(CaseWorker):
    role = "school"
    weight = 2


class Beslisser(CaseWorker):
    role = "beslisser"
    weight = 1

    def on_start(self):
        if LOGINS:  # a real login with password and TOTP code
            me = LOGINS.pop()
            self.cases = me["cases"] or [0]
            self.login(me)
        else:
            super().on_start()
