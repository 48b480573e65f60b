"""core.redis_cache against a real Redis (CELERY_BROKER_URL's server; make test-worker runs it)."""

import os
import uuid

import pytest

from core.redis_cache import RedisCache

pytestmark = pytest.mark.celery_worker  # needs Redis, as the real-worker tests do


@pytest.fixture
def cache():
    cache = RedisCache(os.environ.get("CELERY_BROKER_URL", ""), {"KEY_PREFIX": uuid.uuid4().hex})
    yield cache
    cache.delete_many(["count", "missing", "a"])  # its own keys only: not FLUSHDB of the broker


def test_incr_adds_to_an_existing_key_and_keeps_its_expiry(cache):
    cache.set("count", 5, 60)
    assert cache.incr("count") == 6
    assert cache.incr("count", 10) == 16
    assert cache.get("count") == 16
    client = cache._cache.get_client()
    assert 0 < client.ttl(cache.make_and_validate_key("count")) <= 60


def test_incr_of_a_missing_key_is_a_value_error_and_creates_nothing(cache):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    assert cache.get("missing") is None


def test_one_client_serves_every_call(cache):
    cache.set("a", 1)
    cache.get("a")
    assert len(cache._cache._clients) == 1
