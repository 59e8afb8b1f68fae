"""Instance addresses: which hosts are local (where plain http is common), and the http
address to suggest when https to one of them fails.

An address given without a scheme becomes https (`store.accounts.normalize_instance_url`);
that stays the default for every real name. A server on the reader's own machine or
network (a development server, a demo, mastodon-mock) often speaks plain http, and https
to it fails with a TLS error, a refused connection or a handshake that never ends. Pure.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

#: Name suffixes that never leave the local network (RFC 6762, RFC 8375, common use).
LOCAL_SUFFIXES = (".local", ".lan", ".internal", ".home.arpa", ".localhost", ".localdomain")


def is_local_host(host: str) -> bool:
    """Whether `host` (a name or an IP address, without port) is the reader's own machine
    or local network: localhost, loopback, private and link-local ranges, single-label
    names and the local suffixes."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if not name:
        return False
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name == "localhost" or "." not in name or name.endswith(LOCAL_SUFFIXES)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_private or address.is_link_local


def http_alternative(base_url: str) -> str | None:
    """The plain-http form of an https `base_url` whose host is local (None otherwise)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        return None
    if not is_local_host(parts.hostname):
        return None
    return f"http://{parts.netloc}{parts.path.rstrip('/')}"


def http_hint(base_url: str) -> str:
    """" Is it plain http? Try http://…" for a local https address; "" otherwise."""
    alternative = http_alternative(base_url)
    if alternative is None:
        return ""
    return f" Is it plain http? Try {alternative} instead."
