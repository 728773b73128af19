"""Where a webhook may go: https only (http only where allowed), only public addresses, checked on every
create and change (services and the beheer pages) and again before every delivery; the connection goes to
the address that was checked (no DNS rebinding), redirects are not followed and the receiver's answer is
never stored."""

from __future__ import annotations

import socket
import ssl
import threading
from urllib.parse import urlsplit

import pytest

from cases.errors import ValidationFailed
from notifications import outbox
from notifications.models import OutboxMessage
from tests.webhooks.receiver import Receiver
from webhooks import services, transport
from webhooks.models import WebhookDelivery, WebhookSubscription

SUBSCRIPTIONS = "/beheer/webhooks/webhooksubscription/"
DELIVERIES = "/beheer/webhooks/webhookdelivery/"
PUBLIC_IP = "93.184.216.34"  # a public address; nothing in these tests ever connects to it
NOT_PUBLIC = "openbare adressen"
ONLY_HTTPS = "https://"

# (url, what the fake DNS answers for its name, if it is a name)
BLOCKED = [
    ("https://127.0.0.1/hook", None),  # loopback
    ("https://127.1.2.3:8443/hook", None),
    ("https://localhost/hook", ["127.0.0.1"]),
    ("https://2130706433/hook", None),  # 127.0.0.1 written as one number
    ("https://[::1]/hook", None),  # IPv6 loopback
    ("https://10.0.0.5/hook", None),  # private 10/8
    ("https://172.16.3.4/hook", None),
    ("https://192.168.1.10/hook", None),
    ("https://100.64.0.1/hook", None),  # CGNAT 100.64/10
    ("https://169.254.169.254/latest/meta-data/", None),  # link-local: cloud metadata
    ("https://metadata.google.internal/computeMetadata/v1/", ["169.254.169.254"]),
    ("https://metadata.google.internal./computeMetadata/v1/", None),  # refused by name, unresolved
    ("https://0.0.0.0/hook", None),  # unspecified
    ("https://224.0.0.1/hook", None),  # multicast
    ("https://[fd12:3456::1]/hook", None),  # unique local fc00::/7
    ("https://[fe80::1]/hook", None),  # IPv6 link-local
    ("https://[::ffff:127.0.0.1]/hook", None),  # IPv4-mapped IPv6
    ("https://[::ffff:a9fe:a9fe]/hook", None),  # ::ffff:169.254.169.254
    ("https://[64:ff9b::a9fe:a9fe]/hook", None),  # NAT64 of 169.254.169.254
    ("https://[2002:a00:1::]/hook", None),  # 6to4 of 10.0.0.1
    ("https://intern.swv.test/hook", ["10.1.1.1"]),  # a name with a private address
    ("https://gemengd.swv.test/hook", [PUBLIC_IP, "10.1.1.1"]),  # one private address among public ones
]
BAD_SCHEME = [
    "ftp://hooks.swv.test/hook",
    "ftps://hooks.swv.test/hook",
    "gopher://hooks.swv.test/hook",
    "file:///etc/passwd",
    "http://hooks.swv.test/hook",  # plain http: not allowed unless configured
]


class FakeDns:
    """socket.getaddrinfo with fixed answers per name; each call takes the next answer (the last repeats).
    Numeric hosts resolve as usual; other names are not found (these tests never use the real DNS)."""

    def __init__(self, real):
        self.real = real
        self.answers: dict[str, list[list[str]]] = {}
        self.calls: list[str] = []

    def set(self, name, *answers):
        self.answers[name] = [list(a) for a in answers]

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        host = host.decode() if isinstance(host, bytes) else host
        self.calls.append(host)
        if host in self.answers:
            queue = self.answers[host]
            ips = queue.pop(0) if len(queue) > 1 else queue[0]
            return [
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port or 0, 0, 0))
                if ":" in ip
                else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))
                for ip in ips
            ]
        return self.real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)


@pytest.fixture
def dns(monkeypatch):
    fake = FakeDns(socket.getaddrinfo)
    fake.set("hooks.swv.test", [PUBLIC_IP])
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def connections(monkeypatch):
    """Every outgoing TCP connection: recorded; only loopback ones really happen (the rest are refused
    here, so no test reaches beyond this machine)."""
    real = socket.create_connection
    made = []

    def create_connection(address, *args, **kwargs):
        made.append(address[:2])
        if not address[0].startswith("127."):
            raise ConnectionRefusedError(111, "Connection refused")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return made


@pytest.fixture
def strict(settings):
    """The defaults: https only, no network allowed beyond the public ones."""
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOWED_NETWORKS = []


def host_of(url):
    return urlsplit(url).hostname.rstrip(".")


def subscribe(w, url, name="Dashboard"):
    sub, _secret = services.subscription_create(
        by=w.beheerder, swv=w.swv, name=name, url=url, event_types=["case.transition", "case.created"]
    )
    return sub


def form_data(w, url, name="Dashboard"):
    return {
        "name": name,
        "swv": w.swv.pk,
        "url": url,
        "event_types": ["case.transition", "case.created"],
        "active": "on",
    }


# --- create and change: the services and the beheer pages ----------------------------------------------


@pytest.mark.parametrize(("url", "answer"), BLOCKED)
def test_a_non_public_address_is_refused_by_the_services_on_create_and_update(
    world, dns, strict, url, answer
):
    if answer:
        dns.set(host_of(url), answer)
    with pytest.raises(ValidationFailed) as refused:
        subscribe(world, url)
    assert refused.value.code == "webhook-url-not-public" and refused.value.field == "url"
    assert NOT_PUBLIC in str(refused.value.message)
    assert not WebhookSubscription.objects.exists()

    sub = subscribe(world, "https://hooks.swv.test/hook")
    with pytest.raises(ValidationFailed) as refused:
        services.subscription_update(
            by=world.beheerder,
            subscription=sub,
            swv=world.swv,
            name=sub.name,
            url=url,
            event_types=sub.event_types,
            active=True,
        )
    assert refused.value.code == "webhook-url-not-public"
    sub.refresh_from_db()
    assert sub.url == "https://hooks.swv.test/hook"


@pytest.mark.parametrize(("url", "answer"), BLOCKED)
def test_a_non_public_address_is_refused_on_the_beheer_pages_on_add_and_change(
    client, world, dns, strict, url, answer
):
    if answer:
        dns.set(host_of(url), answer)
    client.force_login(world.beheerder)
    response = client.post(f"{SUBSCRIPTIONS}add/", form_data(world, url))
    assert response.status_code == 200  # the form again, with the error at the address
    assert not WebhookSubscription.objects.exists()
    assert NOT_PUBLIC in response.content.decode() or "geldige URL" in response.content.decode()

    sub = subscribe(world, "https://hooks.swv.test/hook")
    response = client.post(f"{SUBSCRIPTIONS}{sub.pk}/change/", form_data(world, url, name="Gewijzigd"))
    assert response.status_code == 200
    assert NOT_PUBLIC in response.content.decode() or "geldige URL" in response.content.decode()
    sub.refresh_from_db()
    assert (sub.name, sub.url) == ("Dashboard", "https://hooks.swv.test/hook")


@pytest.mark.parametrize("url", BAD_SCHEME)
def test_another_scheme_gets_a_clear_dutch_error_on_every_path_never_a_500(client, world, dns, strict, url):
    with pytest.raises(ValidationFailed) as refused:
        subscribe(world, url)
    assert refused.value.code in ("webhook-url-scheme", "webhook-url-invalid")
    assert ONLY_HTTPS in str(refused.value.message) or "geldig" in str(refused.value.message)

    client.force_login(world.beheerder)
    response = client.post(f"{SUBSCRIPTIONS}add/", form_data(world, url))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gebruik een adres dat begint met https://" in html or "Voer een geldige URL in" in html
    assert not WebhookSubscription.objects.exists()

    sub = subscribe(world, "https://hooks.swv.test/hook")
    response = client.post(f"{SUBSCRIPTIONS}{sub.pk}/change/", form_data(world, url))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gebruik een adres dat begint met https://" in html or "Voer een geldige URL in" in html
    with pytest.raises(ValidationFailed):
        services.subscription_update(
            by=world.beheerder,
            subscription=sub,
            swv=world.swv,
            name=sub.name,
            url=url,
            event_types=sub.event_types,
            active=True,
        )
    sub.refresh_from_db()
    assert sub.url == "https://hooks.swv.test/hook"


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1/hook",
        "https://hooks.swv.test:99999/",
        "https://:443/",
        "",
        "https://a\x00b.test/",
        "https://" + "a" * 300,
    ],
)
def test_a_malformed_address_is_refused_with_a_dutch_message(world, dns, strict, url):
    with pytest.raises(ValidationFailed) as refused:
        subscribe(world, url)
    assert refused.value.field == "url" and refused.value.code.startswith("webhook-url-")
    assert "\x00" not in str(refused.value.message)


def test_a_user_name_or_password_in_the_address_is_refused(world, dns, strict):
    with pytest.raises(ValidationFailed) as refused:
        subscribe(world, "https://user:geheim@hooks.swv.test/hook")
    assert refused.value.code == "webhook-url-credentials"


def test_an_unknown_name_is_refused_with_its_name(world, dns, strict):
    with pytest.raises(ValidationFailed) as refused:
        subscribe(world, "https://bestaat-niet.swv.test/hook")
    assert refused.value.code == "webhook-url-unresolvable"
    assert "bestaat-niet.swv.test" in str(refused.value.message)


def test_a_public_https_address_is_accepted_and_changed_on_the_beheer_page(client, world, dns, strict):
    dns.set("nieuw.swv.test", [PUBLIC_IP])
    sub = subscribe(world, "https://hooks.swv.test/hook")
    secret = sub.secret
    client.force_login(world.beheerder)
    response = client.post(
        f"{SUBSCRIPTIONS}{sub.pk}/change/", form_data(world, "https://nieuw.swv.test/hook", name="Nieuw")
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.name, sub.url, sub.secret) == ("Nieuw", "https://nieuw.swv.test/hook", secret)
    assert sub.history.latest().history_change_reason == "webhook gewijzigd"


def test_http_only_where_allowed_and_never_in_production(world, dns, settings, strict):
    with pytest.raises(ValidationFailed):
        subscribe(world, "http://hooks.swv.test/hook")
    settings.WEBHOOK_ALLOW_HTTP = True
    assert subscribe(world, "http://hooks.swv.test/hook").url == "http://hooks.swv.test/hook"
    settings.PRODUCTION = True
    with pytest.raises(ValidationFailed) as refused:
        subscribe(world, "http://hooks.swv.test/other", name="Ander")
    assert refused.value.code == "webhook-url-scheme"


def test_an_allowed_network_is_the_only_way_to_a_local_receiver(world, dns, strict, settings):
    with pytest.raises(ValidationFailed):
        subscribe(world, "https://10.20.0.7/hook")
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert subscribe(world, "https://10.20.0.7/hook").url == "https://10.20.0.7/hook"
    with pytest.raises(ValidationFailed):
        subscribe(world, "https://10.21.0.7/hook", name="Ander")  # outside the allowed network
    with pytest.raises(ValidationFailed):
        subscribe(world, "https://metadata.google.internal/", name="Metadata")  # never, by name


# --- at delivery ----------------------------------------------------------------------------------------


def test_a_saved_ftp_address_is_never_connected_and_given_up_at_once(world, steps, dns, connections):
    sub = subscribe(world, "http://127.0.0.1:9/hook")
    WebhookSubscription.objects.filter(pk=sub.pk).update(url="ftp://127.0.0.1:9/hook")  # saved before
    steps.concept(world)
    assert outbox.relay().dead == 1
    d = WebhookDelivery.objects.get()
    assert d.status == "failed" and d.next_attempt_at is None
    assert "adres geweigerd" in d.last_error and ONLY_HTTPS in d.last_error
    assert connections == []


def test_dns_rebinding_between_saving_and_delivery_is_refused(world, steps, dns, connections, settings):
    """The name was public when saved and points at this machine at delivery time: refused, nothing sent."""
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with Receiver() as r:
        dns.set("rebind.swv.test", [PUBLIC_IP], ["127.0.0.1"])
        subscribe(world, f"http://rebind.swv.test:{r.server.server_port}/hook")
        steps.concept(world)
        assert outbox.relay().failed == 1
        d = WebhookDelivery.objects.get()
        assert "adres geweigerd" in d.last_error and NOT_PUBLIC in d.last_error
        assert r.requests == [] and connections == []


def test_the_delivery_connects_to_the_address_it_checked_without_resolving_again(
    world, steps, dns, connections
):
    """The check at delivery resolves to a public address; any later lookup would answer 127.0.0.1. The one
    connection goes to the checked public address (refused in this test), never to this machine."""
    dns.set("rebind.swv.test", [PUBLIC_IP], [PUBLIC_IP], ["127.0.0.1"])
    subscribe(world, "https://rebind.swv.test/hook")  # the first answer
    steps.concept(world)
    dns.calls.clear()
    assert outbox.relay().failed == 1
    assert dns.calls == ["rebind.swv.test"]  # resolved once for the delivery
    assert connections == [(PUBLIC_IP, 443)]
    d = WebhookDelivery.objects.get()
    assert d.last_error == "ConnectionRefusedError: Connection refused"


def test_the_name_goes_in_the_host_header_while_the_connection_goes_to_the_checked_address(
    world, steps, dns, connections
):
    with Receiver() as r:
        dns.set("hooks.intern.test", ["127.0.0.1"])
        subscribe(world, f"http://hooks.intern.test:{r.server.server_port}/hook?x=1")
        steps.concept(world)
        outbox.relay()
        assert connections == [("127.0.0.1", r.server.server_port)]
        assert r.requests[0]["headers"]["Host"] == f"hooks.intern.test:{r.server.server_port}"
        assert r.requests[0]["path"] == "/hook?x=1"
        assert WebhookDelivery.objects.get().status == "delivered"


def test_tls_uses_the_name_for_sni_and_the_certificate_on_the_checked_address(monkeypatch, dns, strict):
    dns.set("hooks.swv.test", [PUBLIC_IP])
    seen = {}

    class Context:  # the default context, verifying the certificate against the name
        verify_mode = ssl.CERT_REQUIRED
        check_hostname = True

        def wrap_socket(self, sock, server_hostname=None):
            seen["server_hostname"] = server_hostname
            sock.close()
            raise ssl.SSLCertVerificationError("certificate verify failed")

    def create_connection(address, *args, **kwargs):
        seen["address"] = address[:2]
        return socket.socket()

    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(transport.ssl, "create_default_context", Context)
    target = transport.check_url("https://hooks.swv.test/hook")
    with pytest.raises(ssl.SSLError):
        transport.post(target, b"{}", {}, timeout=1)
    assert seen == {"address": (PUBLIC_IP, 443), "server_hostname": "hooks.swv.test"}


def test_a_redirect_is_not_followed_and_fails_the_attempt(world, steps):
    with Receiver() as target, Receiver(statuses=[302], headers={"Location": "TARGET"}) as hop:
        hop.headers["Location"] = target.url
        subscribe(world, hop.url)
        steps.concept(world)
        assert outbox.relay().failed == 1
        assert len(hop.requests) == 1 and target.requests == []
    d = WebhookDelivery.objects.get()
    assert (d.status, d.last_status_code) == ("pending", 302)
    assert d.last_error == "doorverwijzing (HTTP 302) niet gevolgd"


@pytest.mark.parametrize("status", [200, 500])
def test_the_answer_of_the_receiver_is_never_stored_or_shown(client, world, steps, status):
    secret_answer = b"interne-gegevens-die-niemand-mag-zien"
    with Receiver(statuses=[status], body=secret_answer) as r:
        subscribe(world, r.url)
        steps.concept(world)
        outbox.relay()
    d = WebhookDelivery.objects.get()
    assert d.last_status_code == status
    assert "last_response" not in {f.name for f in WebhookDelivery._meta.get_fields()}
    row = WebhookDelivery.objects.filter(pk=d.pk).values().get()
    assert secret_answer.decode() not in repr(row)
    assert secret_answer.decode() not in repr(OutboxMessage.objects.filter(topic="webhook").values().get())
    client.force_login(world.beheerder)
    page = client.get(f"{DELIVERIES}{d.pk}/change/").content.decode()
    assert "HTTP-status" in page and secret_answer.decode() not in page


def test_a_service_that_does_not_speak_http_leaves_no_trace_of_its_banner(world, steps):
    """A banner (SSH, SMTP, Redis ...) is not an HTTP status line; http.client quotes it in its error, so
    the log keeps only the kind of error."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"SSH-2.0-OpenSSH_9.2 interne-banner\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        subscribe(world, f"http://127.0.0.1:{port}/hook")
        steps.concept(world)
        assert outbox.relay().failed == 1
    finally:
        thread.join(5)
        server.close()
    d = WebhookDelivery.objects.get()
    assert d.last_error == "geen geldig HTTP-antwoord (BadStatusLine)"
    assert "interne-banner" not in OutboxMessage.objects.get(topic="webhook").last_error
