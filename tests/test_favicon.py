"""The site has an icon: every page links static/favicon.svg, and /favicon.ico leads there too."""

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_pages_link_the_favicon_and_it_exists(client, world):
    client.force_login(world.consulent)
    page = client.get(reverse("inbox")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<link rel="icon"' in client.get(reverse("login")).content.decode()
    assert finders.find("favicon.svg")


def test_favicon_ico_redirects_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
