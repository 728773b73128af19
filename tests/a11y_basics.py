"""The accessibility basics a parser can see in a page's HTML (WCAG 2.1 AA): the page language, one h1, a
skip link to the main content, a label for every form field, headers and a caption (or an accessible name)
on every table, unique ids, text alternatives for images and charts. Used on the pages of the browser
journeys next to axe-core, and by tests/test_a11y__pages.py."""

from __future__ import annotations

from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.h1 = 0
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[dict] = []  # form fields needing a label
        self.tables: list[dict] = []
        self.images: list[dict] = []
        self.svgs: list[dict] = []
        self.links: list[dict] = []
        self._label_depth = 0
        self._table = None
        self._svg_depth = 0
        self._figure_labels: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type", "text") in UNLABELLED_TYPES:
                return
            self.fields.append({**a, "_tag": tag, "_wrapped": self._label_depth > 0})
        elif tag == "table":
            self._table = {
                "th": 0,
                "caption": False,
                "named": bool(a.get("aria-label") or a.get("aria-labelledby")),
            }
            self.tables.append(self._table)
        elif tag == "th" and self._table is not None:
            self._table["th"] += 1
        elif tag == "caption" and self._table is not None:
            self._table["caption"] = True
        elif tag == "img":
            self.images.append(a)
        elif tag == "figure":
            self._figure_labels.append(bool(a.get("aria-label") or a.get("aria-labelledby")))
        elif tag == "svg":
            if self._svg_depth == 0:
                self.svgs.append({**a, "_in_named_figure": any(self._figure_labels)})
            self._svg_depth += 1
        elif tag == "a":
            self.links.append(a)

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1
        elif tag == "table":
            self._table = None
        elif tag == "svg":
            self._svg_depth -= 1
        elif tag == "figure" and self._figure_labels:
            self._figure_labels.pop()


def check(html: str, where: str) -> list[str]:
    p = Page()
    p.feed(html)
    problems = []
    if p.html_lang not in ("nl", "en"):
        problems.append("no lang on <html>")
    if p.h1 != 1:
        problems.append(f"{p.h1} h1 elements")
    if not any(link.get("href") == "#inhoud" for link in p.links) or "inhoud" not in p.ids:
        problems.append("no skip link to the main content")
    for f in p.fields:
        named = f.get("aria-label") or f.get("aria-labelledby") or f["_wrapped"] or f.get("id") in p.label_for
        if not named:
            problems.append(f"unlabelled {f['_tag']} name={f.get('name')}")
    for n, t in enumerate(p.tables):
        if not t["th"]:
            problems.append(f"table {n} without headers")
        if not (t["caption"] or t["named"]):
            problems.append(f"table {n} without caption or accessible name")
    dupes = {i for i in p.ids if p.ids.count(i) > 1}
    if dupes:
        problems.append(f"duplicate ids {sorted(dupes)[:5]}")
    for img in p.images:
        if "alt" not in img:
            problems.append(f"img without alt {img.get('src')}")
    for svg in p.svgs:
        if not (svg.get("role") == "img" or svg.get("aria-hidden") == "true" or svg["_in_named_figure"]):
            problems.append("svg without a text alternative")
    return [f"{where}: {problem}" for problem in problems]
