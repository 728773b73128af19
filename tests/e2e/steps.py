"""What every browser journey does: log in (with the TOTP code for the privileged roles) and work from the
home page, as a new user would."""

from __future__ import annotations

import re

from tests.factories import totp_code, totp_device

PASSWORD = "Test-wachtwoord-1"


def login(page, live_server, user, device=None):
    """Log in through the real forms; every role lands on its home page. `device`: the user's TOTP device,
    already prepared (no database write here, for tests that only read while the live server writes)."""
    page.context.clear_cookies()
    if device is None:
        device = totp_device(user)  # set up in the authenticator app; asked for only for privileged roles
        device.last_t = -1  # a second login within the same 30 s may reuse the code
        device.save(update_fields=["last_t"])
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(inloggen/verificatie/.*)?$"))
    if "/inloggen/verificatie/" in page.url:  # the roles with two-factor login
        page.fill("#id_token", totp_code(device))
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
    page.wait_for_selector("h1:has-text('Welkom')")


def to_werkvoorraad(page):
    """From the home page into the werkvoorraad of my role."""
    page.get_by_role("link", name=re.compile("Werkvoorraad van mijn rol")).click()
    page.wait_for_selector("#h-voorraad")


def claim_and_open(page, title):
    row = page.locator("tr", has_text=title).first
    row.get_by_role("button", name="Oppakken").click()
    page.wait_for_selector("text=Afhandelen")


def overflows(page) -> list[str]:
    """What makes the page wider than the window (nothing may, except scroll regions meant for it)."""
    return page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        const doc = document.documentElement.scrollWidth;
        if (doc > width + 1) out.push('document ' + doc);
        const main = document.querySelector('main');
        if (main.scrollWidth > main.clientWidth + 1) {
            for (const el of main.querySelectorAll('*')) {
                if (el.closest('.chart-scroll')) continue;
                const r = el.getBoundingClientRect();
                if (r.right > width + 1 && r.width > 0) out.push(el.tagName + ' ' + Math.round(r.right));
            }
            if (!out.length) out.push('main ' + main.scrollWidth + ' > ' + main.clientWidth);
        }
        for (const card of main.querySelectorAll('.card')) {  // content wider than its card
            if (card.closest('.chart-scroll') || card.classList.contains('chart-scroll')) continue;
            const edge = card.getBoundingClientRect().right;
            for (const el of card.querySelectorAll('table, figure, form, dl, svg')) {
                if (el.closest('.chart-scroll')) continue;
                if (el.getBoundingClientRect().right > edge + 1) out.push('in card: ' + el.tagName);
            }
        }
        return out.slice(0, 8);
    }"""
    )
