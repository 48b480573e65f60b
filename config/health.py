"""Health checks for load balancers and orchestrators.

`/healthz`: the process answers (no database, no cache: a restart would not help a dependency).
`/readyz`: the database, the cache, the broker and media storage each answer within seconds;
503 with `Retry-After` naming what does not, so the balancer sends traffic elsewhere.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
PROBE = ".readyz"  # a name storage is asked about; never written


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 5)
    if cache.get(key) != 1:
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)
    return "ok"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
    return "ok"


def _storage() -> str:
    default_storage.exists(PROBE)
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "storage": _storage}


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Each dependency's state; 200 if all answer, else 503 with Retry-After."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure means "not ready"
            logger.warning("readyz: %s unavailable: %r", name, error)
            results[name] = "unavailable"
    ready = "unavailable" not in results.values()
    response = JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
