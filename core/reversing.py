"""Reversing one URL pattern for the many rows of a page.

`{% url %}` in a loop pays a full reverse per row (the resolver's candidates, converters,
quoting). `reverse_last` reverses the pattern once per view and leading arguments, with a
placeholder for the last one, and then only quotes and joins per row: the same URL.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_SAMPLE = "987654321"  # valid for the int, slug, str and path converters
_SAMPLE_UUID = "98765432-1987-4654-8321-987654321987"  # for the uuid converter
_SAFE = "!$&'()*+,;=/~:@"  # what `reverse` leaves unquoted (RFC 3986 sub-delims, /~:@)


@lru_cache(maxsize=1024)
def _around(
    viewname: str, leading: tuple[str, ...], prefix: str, urlconf
) -> tuple[str, str] | None:
    for sample in (_SAMPLE, _SAMPLE_UUID):
        try:
            url = reverse(viewname, args=[*leading, sample], urlconf=urlconf)
        except NoReverseMatch:
            continue
        if url.count(sample) != 1:
            return None
        head, _sample, tail = url.partition(sample)
        return head, tail
    return None


class RowUrls:
    """`RowUrls("courses:lesson", course.slug)(lesson.pk)` is
    `reverse("courses:lesson", args=[course.slug, lesson.pk])`, the pattern looked up once."""

    def __init__(self, viewname: str, *leading):
        self.viewname, self.leading = viewname, leading
        self.around = _around(
            viewname, tuple(map(str, leading)), get_script_prefix(), get_urlconf()
        )

    def __call__(self, last) -> str:
        value = quote(str(last), safe=_SAFE)
        if self.around is None or not value or "//" in value or value.startswith("/"):
            # What `reverse` escapes further, or a value it refuses.
            return reverse(self.viewname, args=[*self.leading, last])
        return f"{self.around[0]}{value}{self.around[1]}"


def reverse_last(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)`, the pattern reversed once per view and leading args."""
    *leading, last = args
    return RowUrls(viewname, *leading)(last)
