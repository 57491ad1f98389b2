"""The outlet of a page: its site name, unless that names a platform rather than a publisher.

Pages built on a blogging platform or a CMS often carry the product's name as og:site_name
("WordPress", "Medium", "Arc Publishing", "Hosted"). Such a name (data/outlets.yaml) gives way to
the registered domain of the page's URL, which does name the publisher: the host's last two
labels ("www.theguardian.com" -> "theguardian.com"), three under a country code's registration
level ("news.bbc.co.uk" -> "bbc.co.uk"), and the publication's own subdomain on a hosting
platform ("jane.substack.com"). This is a short rule, not the Public Suffix List: a rare
registry layout gives one label too many or too few, never a platform's name.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from prospects import wordlists

_PACKAGE, _FILE = "prospects.ingest", "outlets.yaml"


def outlet_of(site_name: str | None, url: str | None) -> str | None:
    """`site_name`, or the URL's registered domain when the name is generic (None: neither)."""
    if site_name and " ".join(site_name.split()).lower() not in _words("generic_site_names"):
        return site_name
    return registered_domain(url) if url else None


def registered_domain(url: str) -> str | None:
    """The domain a publisher registered for the host of `url`, lower-cased; None without one."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    if _is_ip(host):
        return host
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return host or None
    keep = 2
    if len(labels[-1]) == 2 and labels[-2] in _words("country_second_levels"):
        keep = 3
    if ".".join(labels[-keep:]) in _words("hosting_domains"):
        keep += 1
    return ".".join(labels[-keep:])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _words(key: str) -> frozenset[str]:
    return wordlists.words(_PACKAGE, _FILE, key)
