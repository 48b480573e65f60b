"""Sorting and naming the way readers of a language expect: ICU collation (CLDR tailorings),
country names in their order, and time-zone places in their language.

Python's `sorted()` compares code points, and django-countries falls back to an ASCII-only key
that leaves Arabic, Chinese and Russian names in English order. ICU (through PyICU, shipped as a
wheel with its own ICU by `pyicu-wheels`) knows each language's rules (CLDR): Turkish letters with a
cedilla after their plain letter and the dotless i before the dotted one, Vietnamese tone marks,
Chinese by pinyin. See
docs/decisions/0011-collation.md.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

import icu
from django.utils import translation
from django_countries import countries

T = TypeVar("T")


@lru_cache(maxsize=64)
def _collator(language: str) -> icu.Collator:
    # ICU documents a collator's const methods (getSortKey, compare) as safe to share between
    # threads once built, so one per language serves every request.
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(language))


def sort_key(language: str | None = None) -> Callable[[str], bytes]:
    """A key function ordering strings by `language`'s collation (default: the active one)."""
    return _collator(language or translation.get_language() or "en").getSortKey


def sorted_by(items: Iterable[T], *, key: Callable[[T], str], language: str | None = None):
    """`items` sorted by the text `key` gives, in `language`'s order (default: the active one)."""
    collate = sort_key(language)
    return sorted(items, key=lambda item: collate(str(key(item))))


@lru_cache(maxsize=64)
def _all_countries(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        # strip(): a few translated names in django-countries' catalogs carry a stray space
        names = [(code, str(name).strip()) for code, name in countries]
    return tuple(sorted_by(names, key=lambda pair: pair[1], language=language))


def country_choices(codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs in the active language, in its collation order: every country, or
    only `codes` (unknown codes are shown as themselves)."""
    language = translation.get_language() or "en"
    if codes is None:
        return list(_all_countries(language))
    pairs = [(code, str(countries.name(code) or code).strip()) for code in codes]
    return sorted_by(pairs, key=lambda pair: pair[1], language=language)


@lru_cache(maxsize=16)
def time_zone_places(language: str, zones: tuple[str, ...]) -> dict[str, str]:
    """Each zone's place in `language` from CLDR ("Алматы" for Asia/Almaty); zones CLDR names
    no place for (Etc/GMT+5) are left out."""
    names = icu.TimeZoneNames.createInstance(icu.Locale.forLanguageTag(language))
    found = {}
    for zone in zones:
        # CLDR names a place under one of the zone's equivalent ids (Buenos Aires under
        # America/Buenos_Aires, not America/Argentina/Buenos_Aires).
        ids = [zone] + [
            icu.TimeZone.getEquivalentID(zone, i)
            for i in range(icu.TimeZone.countEquivalentIDs(zone))
        ]
        place = next(filter(None, map(names.getExemplarLocationName, ids)), None)
        if place:
            found[zone] = place
    return found
