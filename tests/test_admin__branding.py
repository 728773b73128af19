"""Beheer (the Django admin) looks like the product: its name in the header and the title, the product's
stylesheet, Dutch labels and a link back to the application."""

from __future__ import annotations


def test_admin_carries_the_product_name_and_a_way_back(client, world):
    client.force_login(world.beheerder)
    response = client.get("/beheer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Django" not in html  # neither "Django-beheer" nor "Django site admin"
    assert "Casusregie SWV · beheer" in html
    assert "<title>Beheer van het samenwerkingsverband | Casusregie SWV · beheer</title>" in html
    assert 'href="/">Terug naar Casusregie</a>' in html
    assert "/static/css/admin.css" in html or "css/admin." in html
    assert 'lang="nl"' in html and "Afmelden" in html and ">Casussen<" in html  # Dutch labels


def test_admin_login_page_carries_the_product_name(client, db):
    response = client.get("/beheer/login/", follow=True)
    html = response.content.decode()
    assert "Django" not in html
    assert "Casusregie" in html
