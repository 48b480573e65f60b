"""JSON-LD expansion of our credentials, offline: the contexts they name are read from
tests/certificates/jsonld/ (see SOURCE.md there), never fetched."""

import json
from pathlib import Path

from pyld import jsonld

CONTEXTS = Path(__file__).parent / "certificates" / "jsonld"
BUNDLED = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-extensions.json",
}
# What the VC 2.0 context's @vocab makes of a term no context defines.
UNDEFINED = "https://www.w3.org/ns/credentials/issuer-dependent#"


def _load(url: str, options=None) -> dict:
    if url not in BUNDLED:
        raise jsonld.JsonLdError(f"{url} is not bundled", "loading document failed")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((CONTEXTS / BUNDLED[url]).read_text()),
    }


def undefined_terms(document: dict) -> set[str]:
    """Expand `document` and return the members and types that no context defines: members
    the processor dropped, types left as relative IRIs, and anything given meaning only by the
    VC 2.0 context's "issuer-dependent" vocabulary."""
    dropped: set[str] = set()
    expanded = jsonld.expand(
        document,
        {"documentLoader": _load, "base": ""},
        on_property_dropped=lambda term: dropped.add(str(term)),
    )
    return dropped | _vague(expanded)


def _vague(expanded: object) -> set[str]:
    found = set()
    if isinstance(expanded, list):
        for item in expanded:
            found |= _vague(item)
    elif isinstance(expanded, dict):
        for key, value in expanded.items():
            if _term(key) != key:
                found.add(_term(key))
            if key == "@type":
                types = [value] if isinstance(value, str) else value
                found |= {_term(t) for t in types if _term(t) != t or "://" not in t}
            found |= _vague(value)
    return found


def _term(iri: str) -> str:
    """The term an IRI was made from when no context defined it: by the issuer-dependent
    vocabulary, or against pyld's default base IRI; else the IRI itself."""
    return iri.removeprefix(UNDEFINED).removeprefix(jsonld.DEFAULT_BASE_IRI)
