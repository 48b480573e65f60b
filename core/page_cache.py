"""Whole pages kept for anonymous visitors in the shared cache, valid while nothing they show
has changed.

A cached page names the namespaces it is built from ("courses", "certificate:<id>", …). Each
namespace has a generation number in the cache; the writes that change what a namespace shows
bump it (`bump`, or the signal handlers `invalidate_on_change` connects), and a page built under
older generations is never served again. The apps register their own writes (their
AppConfig.ready), so this module knows no app.

Only requests that carry no session and no pending messages are served from the cache or fill
it, and only a 200 that sets no cookie is kept. Served pages say `Cache-Control: public,
no-cache` with an ETag: a proxy or browser may keep them but asks again each time, and gets a
304 while the page is unchanged (see docs/decisions/0013-request-stack-and-page-cache.md).
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

PAGE_SECONDS = 60 * 60  # an unread page leaves the cache after an hour
# Generations expire too (one per certificate anyone asks about would otherwise stay for
# good); a missing one restarts at a number no kept page was built under.
GENERATION_SECONDS = 2 * PAGE_SECONDS
GENERATION_KEY = "page-cache:generation:{}"
PAGE_KEY = "page-cache:page:{}"
FRAGMENT_KEY = "page-cache:fragment:{}"

Namespaces = Iterable[str] | Callable[..., Iterable[str] | None]


def bump(*namespaces: str) -> None:
    """Retire every cached page built from these namespaces: now, and again when the current
    transaction commits (a page rendered from the old rows in between is retired then)."""
    if not namespaces or not settings.SHARED_CACHE:
        return
    _increment(namespaces)
    transaction.on_commit(lambda: _increment(namespaces))


def invalidate_on_change(*models, namespaces: Namespaces) -> None:
    """Bump `namespaces` (a list, or a function of the instance) whenever an instance of one of
    `models` is saved or deleted, or one of their many-to-many relations changes."""

    def changed(sender, instance, action=None, **kwargs):
        if action in (None, "post_add", "post_remove", "post_clear"):
            bump(*(namespaces(instance) if callable(namespaces) else namespaces))

    for model in models:
        uid = f"page-cache:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"{uid}:{field}")


def cache_anonymous_page(namespaces: Namespaces):
    """Serve the view's page to anonymous visitors from the cache. `namespaces` is a list, or a
    function of the view's arguments returning one (None: not cacheable)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            names = namespaces(*args, **kwargs) if callable(namespaces) else namespaces
            if names is None or not _cacheable(request):
                return view(request, *args, **kwargs)
            names = sorted(names)
            page_key = PAGE_KEY.format(_page_id(request, names))
            generation_keys = [GENERATION_KEY.format(name) for name in names]
            found = cache.get_many([page_key, *generation_keys])
            generations = [found.get(key) for key in generation_keys]
            entry = found.get(page_key)
            if entry is not None and None not in generations and entry[0] == generations:
                return _response(request, *entry[1:])
            if None in generations:
                generations = _initialise(generation_keys, generations)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                content = response.content
                etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
                headers = dict(response.items())
                cache.set(page_key, (generations, content, headers, etag), PAGE_SECONDS)
                response["ETag"] = etag
                patch_cache_control(response, public=True, no_cache=True)
            return response

        return wrapper

    return decorator


def fragment_key(request, name: str, namespaces: Iterable[str]) -> str | None:
    """The cache key of a part of a signed-in page (`{% fragment %}` in core's `fragments`
    tags), valid while the namespaces' generations stand: e.g. the learner's own namespace,
    which every write of their grades, enrolments and goal bumps, and the catalog's.

    A fragment belongs to one visitor: the key holds the user, the interface language and the
    CSRF secret (a form in the fragment carries a token of it; signing in again rotates it).
    None — render, keep nothing — without a shared cache, for anonymous visitors (their pages
    are kept whole) and before the visitor has a CSRF secret."""
    secret = request.META.get("CSRF_COOKIE")
    if not (settings.SHARED_CACHE and request.user.is_authenticated and secret):
        return None
    return _key(f"{name} {request.user.pk} {secret} {_locale()}", namespaces)


def data_key(request, namespaces: Iterable[str], *, personal: bool) -> str | None:
    """The cache key of a response's data (an API list, a page's listing) at this address in
    the interface language, valid while the namespaces' generations stand; `personal` data is
    also keyed by the user (None for an anonymous visitor). None without a shared cache."""
    if not settings.SHARED_CACHE or (personal and not request.user.is_authenticated):
        return None
    who = request.user.pk if personal else "everyone"
    return _key(f"{request.build_absolute_uri()} {_locale()} {who}", namespaces)


def shared_key(what: str, namespaces: Iterable[str]) -> str | None:
    """The cache key of data the same for every request (e.g. a course's lessons), valid while
    the namespaces' generations stand; None without a shared cache."""
    return _key(what, namespaces) if settings.SHARED_CACHE else None


def kept(key: str | None, build: Callable[[], object]) -> object:
    """The value kept under `key`, or `build()` kept there (built each time for no key)."""
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PAGE_SECONDS)
    return value


def _locale() -> str:
    """What a rendering depends on besides its data: the interface language and the time zone
    dates are shown in (each learner's own)."""
    return f"{get_language()} {timezone.get_current_timezone_name()}"


def _key(what: str, namespaces: Iterable[str]) -> str:
    names = sorted(namespaces)
    keys = [GENERATION_KEY.format(name) for name in names]
    found = cache.get_many(keys)
    generations = [found.get(key) for key in keys]
    if None in generations:
        generations = _initialise(keys, generations)
    where = f"{what} {names} {generations}"
    return FRAGMENT_KEY.format(hashlib.sha256(where.encode()).hexdigest())


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SHARED_CACHE
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES  # django.contrib.messages' cookie
    )


def _page_id(request, names: list[str]) -> str:
    """The page's address (scheme, host, path, query) in the interface language."""
    where = f"{request.build_absolute_uri()} {get_language()} {' '.join(names)}"
    return hashlib.sha256(where.encode()).hexdigest()


def _response(request, content: bytes, headers: dict, etag: str) -> HttpResponse:
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        headers = {k: v for k, v in headers.items() if k not in ("Content-Type", "Content-Length")}
    else:
        response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["ETag"] = etag
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _increment(namespaces: Iterable[str]) -> None:
    for name in namespaces:
        key = GENERATION_KEY.format(name)
        try:
            cache.incr(key)
        except ValueError:  # never set, or evicted: any number no page was built under
            cache.set(key, time.time_ns(), GENERATION_SECONDS)


def _initialise(keys: list[str], generations: list) -> list[int]:
    """Missing generations (never bumped, or evicted) start at a number no page was built
    under; one another process set first wins."""
    for key, generation in zip(keys, generations, strict=True):
        if generation is None:
            cache.add(key, time.time_ns(), GENERATION_SECONDS)
    current = cache.get_many(keys)
    return [current.get(key) for key in keys]
