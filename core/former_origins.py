"""Addresses the site had before: every request to one is sent, path and query kept, to the
same place at `SITE_URL`.

Credentials name the site's address at the time they were issued (issuer, achievement,
revocation list, key id), and printed certificates carry QR codes. After a move to a new domain
(`FORMER_SITE_URLS` lists the old origins) those links keep working, and verifiers that fetch
the issuer or the revocation list from the old address are sent to the new one. The signature
itself never depended on the address: keys are found by thumbprint (certificates.signing).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect


def former_hosts() -> set[str]:
    """The `host[:port]` of each former origin, as browsers send it in the Host header."""
    return {urlsplit(origin).netloc.lower() for origin in settings.FORMER_SITE_URLS}


class FormerOriginRedirectMiddleware:
    """301 from a former origin to `SITE_URL`, open to every origin (CORS) so that a browser
    verifier that fetched the old address follows it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.hosts = former_hosts()

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "").lower()
        if host in self.hosts:
            response = HttpResponsePermanentRedirect(settings.SITE_URL + request.get_full_path())
            response["Access-Control-Allow-Origin"] = "*"
            return response
        return self.get_response(request)
