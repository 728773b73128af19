"""Where a webhook may go, and the one POST that goes there.

`check_url` is the ONE rule for a receiver's address, used when a subscription is created or changed (the
model's `clean`, so the admin form, and the services) and again before every delivery:

- https only; plain http only with WEBHOOK_ALLOW_HTTP (never with PRODUCTION);
- no user name or password in the URL, a host and a valid port;
- the host is resolved once, and every address it resolves to must be public (`ipaddress.is_global`, and not
  loopback, private, link-local, CGNAT 100.64/10, multicast, reserved or unspecified; an IPv4 address
  embedded in IPv6 (::ffff:a.b.c.d, 6to4, NAT64, Teredo) is judged as that IPv4 address), unless it lies in
  a network listed in WEBHOOK_ALLOWED_NETWORKS; the names of cloud metadata services are always refused.

`post` then connects to the address that was checked (never resolving the name again, so a name that
answers differently a moment later, DNS rebinding, cannot redirect the request), sends the original name in
the Host header and as the TLS server name (SNI and certificate check), never follows a redirect, and returns
only the status code: the answer's body is never read.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# host names of cloud metadata services: refused whatever they resolve to
METADATA_HOSTS = frozenset(
    {"metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"}
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# codes of the refusals that may pass later (the name's addresses can change); the others are permanent
TRANSIENT_CODES = frozenset({"webhook-url-unresolvable", "webhook-url-not-public"})


@dataclass(frozen=True)
class Target:
    """A checked receiver: connect to `address`, speak to `host`."""

    scheme: str
    host: str  # the name as written: Host header, TLS server name and certificate check
    port: int
    path: str  # path and query
    address: str  # the checked IP address the connection goes to


def _refuse(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_url(url: str) -> Target:
    """The receiver `url` points to, resolved and checked; a ValidationError with a Dutch message if it may
    not receive webhooks."""
    try:
        parts = urlsplit(str(url).strip())
        port = parts.port
    except ValueError:
        raise _refuse(_("Dit is geen geldig webadres."), "webhook-url-invalid") from None
    scheme = parts.scheme.lower()
    allowed_schemes = ("https", "http") if allow_http() else ("https",)
    if scheme not in allowed_schemes:
        if allow_http():
            message = _("Gebruik een adres dat begint met https:// (of http://).")
        else:
            message = _("Gebruik een adres dat begint met https://; andere adressen zijn niet toegestaan.")
        raise _refuse(message, "webhook-url-scheme")
    if parts.username is not None or parts.password is not None:
        raise _refuse(
            _("Zet geen gebruikersnaam of wachtwoord in het adres; de handtekening beveiligt de berichten."),
            "webhook-url-credentials",
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise _refuse(_("Dit is geen geldig webadres."), "webhook-url-invalid")
    if host in METADATA_HOSTS:
        raise _refuse(_not_public_message(), "webhook-url-not-public")
    port = port or (443 if scheme == "https" else 80)
    addresses = _resolve(host, port)
    for address in addresses:
        if not address_allowed(address):
            raise _refuse(_not_public_message(), "webhook-url-not-public")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))


def validate_webhook_url(url: str) -> None:
    """The validator for forms and models: raises the ValidationError of `check_url`."""
    check_url(url)


def _not_public_message():
    return _(
        "Dit adres ligt in een lokaal, privé- of intern netwerk (zoals 127.0.0.1, 10.x.x.x of een "
        "metadata-dienst). Webhooks gaan alleen naar openbare adressen."
    )


def _resolve(host: str, port: int) -> list[IpAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):  # not found, not a valid name (too long, NUL ...)
        infos = []
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
        except ValueError:
            continue
    if not addresses:
        raise _refuse(
            _("Het adres %(host)s is niet te vinden. Controleer de naam.")
            % {"host": "".join(c for c in host[:100] if c.isprintable())},
            "webhook-url-unresolvable",
        )
    return addresses


def allow_http() -> bool:
    return bool(settings.WEBHOOK_ALLOW_HTTP) and not settings.PRODUCTION


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(n, strict=False) for n in spec)


def _embedded_ipv4(ip: IpAddress) -> ipaddress.IPv4Address | None:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _public(ip: IpAddress) -> bool:
    embedded = _embedded_ipv4(ip)
    if embedded is not None and not _public(embedded):
        return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )


def address_allowed(ip: IpAddress) -> bool:
    """Public, or inside a network the operator allowed explicitly (WEBHOOK_ALLOWED_NETWORKS)."""
    allowed = _networks(tuple(settings.WEBHOOK_ALLOWED_NETWORKS))
    candidates = [ip] + [e for e in [_embedded_ipv4(ip)] if e is not None]
    if any(c in n for c in candidates for n in allowed if c.version == n.version):
        return True
    return _public(ip)


# --- the POST ---------------------------------------------------------------------------------------------


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, with the URL's host name as server name (SNI, certificate check)."""

    def __init__(self, address: str, port: int, *, server_hostname: str, timeout: float):
        super().__init__(address, port, timeout=timeout, context=ssl.create_default_context())
        self.server_hostname = server_hostname

    def connect(self):
        http.client.HTTPConnection.connect(self)  # TCP to self.host, the checked address
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.server_hostname)


def host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def post(target: Target, body: bytes, headers: dict, *, timeout: float) -> int:
    """POST `body` to the checked address of `target`; the status code. Raises OSError (connection, TLS,
    timeout) or http.client.HTTPException (not an HTTP answer). Redirects are not followed and the answer's
    body is not read."""
    if target.scheme == "https":
        conn = _PinnedHTTPSConnection(
            target.address, target.port, server_hostname=target.host, timeout=timeout
        )
    else:
        conn = http.client.HTTPConnection(target.address, target.port, timeout=timeout)
    try:
        conn.request(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": host_header(target), "Connection": "close"},
        )
        return conn.getresponse().status
    finally:
        conn.close()
