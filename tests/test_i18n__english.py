"""English is available: Dutch by default (browser language ignored), English after the user's own choice."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _unquote(line: str) -> str:
    assert line.startswith('"') and line.endswith('"'), line
    return line[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _po_entries() -> list[dict]:
    """The entries of the English catalog: {"msgid", "msgid_plural"?, "msgstr" | "msgstr[n]", "flags"}."""
    entries = []
    for block in (LC_MESSAGES / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set()}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += _unquote(line)
            else:
                field, _, value = line.partition(" ")
                entry[field] = _unquote(value)
        if entry.get("msgid"):  # skip the header
            entries.append(entry)
    return entries


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_dutch_by_default_even_when_the_browser_asks_for_english(client, world):
    client.force_login(world.school_user)
    response = client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mijn taken" in html
    assert "My tasks" not in html
    assert '<html lang="nl">' in html


def test_choosing_english_with_the_language_switch(client, world):
    client.force_login(world.school_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("inbox")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get(reverse("inbox")).content.decode()
    assert "My tasks" in html
    assert "Work queue" in html
    assert "Mijn taken" not in html
    assert '<html lang="en">' in html

    # and back to Dutch
    client.post(reverse("set_language"), {"language": "nl", "next": reverse("inbox")})
    html = client.get(reverse("inbox")).content.decode()
    assert "Mijn taken" in html
    assert "My tasks" not in html


def test_english_cookie_translates_the_page(client, world):
    client.force_login(world.school_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("inbox")).content.decode()
    assert "My tasks" in html
    assert "Mijn taken" not in html


def test_every_message_has_an_english_translation():
    entries = _po_entries()
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(t.strip() for t in _translations(e))]
    assert untranslated == []
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    for entry in entries:
        if "msgid_plural" in entry:
            assert {"msgstr[0]", "msgstr[1]"} <= entry.keys(), entry["msgid"]
        if "python-format" in entry["flags"]:
            expected = set(PLACEHOLDER.findall(entry["msgid"]))
            for translation in _translations(entry):
                assert set(PLACEHOLDER.findall(translation)) == expected, entry["msgid"]


def test_compiled_catalog_matches_the_po_file():
    """django.mo is committed (users' machines lack gettext): it must be compiled from the current .po."""
    with open(LC_MESSAGES / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    for entry in _po_entries():
        if "msgid_plural" in entry:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        elif "msgctxt" in entry:  # the same msgid may have another translation in another context
            assert catalog.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"], entry["msgid"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


# --- the English interface shows no Dutch ----------------------------------------------------------------

# Frequent Dutch words of the interface that are no domain term kept in English (TLV, bezwaar, thuiszitter
# and the like may appear as the Dutch name next to the English word). Matched as whole words, case-sensitive.
DUTCH_WORDS = (
    "Casus",
    "casus",
    "casussen",
    "Taken",
    "Taak",
    "taak",
    "Termijn",
    "termijn",
    "verlopen",
    "Leerling",
    "uiterlijk",
    "Uiterste",
    "Gestart",
    "werkvoorraad",
    "Nieuwe",
    "opgeschort",
    "overschreden",
    "Geen",
    "afgerond",
    "loopt",
    "tot en met",
    "Besluit",
    "gemeld",
    "aangemeld",
    "december",
    "januari",
    "februari",
)
_DUTCH = re.compile(r"\b(" + "|".join(re.escape(word) for word in DUTCH_WORDS) + r")\b")


def _visible_text(html: str, data: list[str]) -> str:
    """The text a reader sees: no scripts, styles or tags; the names of people, schools and cases left out."""
    html = re.sub(r"(?is)<(script|style|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"(?is)<option\b[^>]*>.*?</option>", " ", html)  # the language switch names 'Nederlands'
    text = re.sub(r"<[^>]+>", " ", html)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return re.sub(r"\s+", " ", text)


def _dutch_in(text: str) -> list[str]:
    return [text[max(m.start() - 50, 0) : m.end() + 50] for m in _DUTCH.finditer(text)]


def test_the_english_interface_shows_no_dutch(client, world):
    """Every role, English chosen: home, inbox, a case page per route with its terms (and their explanation)
    and timeline, the deadlines, the notifications and the reports show no Dutch interface words."""
    from cases.models import Leerling, School
    from notifications.models import Notification
    from tests import schakel_steps, screening_steps, thuiszitter_steps, tlv_steps

    w = world
    a = tlv_steps.cva_advies(w)
    m = thuiszitter_steps.gemeld(w)
    s = screening_steps.aangemeld(w)
    t = schakel_steps.signaal(w, soort="po_vso", huidige_school=w.school_a)
    cases = [a.case, m.case, s.case, t.case]
    assert Notification.objects.exists()  # the new tasks told someone

    data = [str(leerling) for leerling in Leerling.objects.all()]
    data += [leerling.achternaam for leerling in Leerling.objects.all()]
    data += [school.name for school in School.objects.all()]
    data += [user.get_full_name() for user in w.roles.values() if user.get_full_name()]
    data += [case.reference for case in cases]

    common = [
        reverse("home"),
        reverse("inbox"),
        reverse("deadline_list"),
        reverse("notifications"),
    ]
    case_pages = [
        reverse("case_detail", args=[a.case.pk]),
        reverse("case_process", args=[a.case.pk]),
        reverse("thuiszitter_detail", args=[m.case.pk]),
        reverse("screening_detail", args=[s.case.pk]),
        reverse("schakel_detail", args=[t.case.pk]),
    ]
    reports = [reverse("kwartaalrapportage"), reverse("toestroom"), reverse("thuiszitter_count")]
    pages = {
        "school": common + [reverse("case_detail", args=[a.case.pk])],
        "consulent": common + case_pages + reports,
        "deskundige": common,
        "cva_lid": common,
        "beslisser": common + [reverse("kwartaalrapportage")],
        "leerplichtambtenaar": common + [reverse("thuiszitter_detail", args=[m.case.pk])],
        "auditor": common + case_pages + reports,
    }
    found = []
    for role, urls in pages.items():
        client.force_login(w.roles[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            html = response.content.decode()
            assert '<html lang="en">' in html
            found += [f"{role} {url}: …{hit}…" for hit in _dutch_in(_visible_text(html, data))]
    assert found == [], "\n".join(found[:60])
