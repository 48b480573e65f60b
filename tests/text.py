"""What a reader sees of a page, for assertions on wording that must not depend on the markup
that isolates content and numbers (<bdi>, Unicode isolates: core/bidi.py)."""

import re
from html import unescape

from django.utils.html import strip_tags

from core.bidi import strip_isolates


def page_text(html: str | bytes) -> str:
    """The text of `html`: no tags, no isolates, entities decoded, runs of spaces as one."""
    if isinstance(html, bytes):
        html = html.decode()
    return re.sub(r"\s+", " ", strip_isolates(unescape(strip_tags(html))))
