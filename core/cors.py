"""CORS for public, read-only documents that browser wallets and verifiers on other sites fetch:
the issuer profile, its keys, the revocation list, the verify records and the credential check.
No credentials (cookies) are ever allowed with them, so any origin may read them."""

from functools import wraps

from django.http import HttpResponse

MAX_AGE = "86400"


def public_cors(view):
    """Answer a preflight (OPTIONS) itself and let any origin read the response."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type"
            response["Access-Control-Max-Age"] = MAX_AGE
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper
