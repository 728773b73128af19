"""/api/docs/ renders in Chromium under the CSP (no inline scripts): Swagger UI shows every tag's operations.
Swagger UI virtualises a long operation list (only what is near the viewport is in the DOM), so the page is
scrolled to the end and every tag seen on the way is collected."""

import pytest
import yaml
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

TAGS_IN_DOM = "[...document.querySelectorAll('.opblock-tag[data-tag]')].map(e => e.dataset.tag)"


def _schema_tags(client) -> set[str]:
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    return {
        tag
        for operations in schema["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for tag in operation.get("tags", [])
    }


def test_swagger_ui_renders_every_tag_under_the_csp(page, live_server, client):
    expected = _schema_tags(client)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=30000)
    seen: set[str] = set()
    operations = 0
    for _ in range(400):
        seen.update(page.evaluate(TAGS_IN_DOM))
        operations = max(operations, page.locator(".opblock").count())
        at_end = page.evaluate("window.innerHeight + window.scrollY >= document.body.scrollHeight - 2")
        if expected <= seen or at_end:
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    assert expected - seen == set(), f"tags not rendered: {sorted(expected - seen)}"
    assert operations > 0
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
