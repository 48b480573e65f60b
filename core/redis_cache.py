"""Django's Redis cache backend, with one client per connection pool instead of one per call,
and `incr` in one round trip.

Django builds a new `redis.Redis` for every cache operation, and redis-py fills a table of about
170 response callbacks each time: a third of a millisecond, more than the round trip itself, on
every session and page-cache read. A client is thread-safe and its pool is fork-safe, so one per
pool serves the whole process. Django's `incr` asks whether the key exists, then increments (two
round trips, on every rate-limited request and every page-cache bump); a script does both in one.

When Redis is down or hangs, the cache degrades instead of failing the request: reads miss,
writes are dropped, `add` says yes (rate limits and e-mail cool-downs fail open) and `incr` finds
no key. After a failure the process skips Redis for `PAUSE_SECONDS`, so a page with many cache
calls waits on at most one socket timeout (OPTIONS socket_timeout and socket_connect_timeout).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# INCRBY of an existing key only (keeping its expiry); nil for a missing one, which Django's
# contract turns into ValueError.
INCR_EXISTING = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end"
)


class ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta=1):
        value = self.get_client(key, write=True).eval(INCR_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
PAUSE_SECONDS = 5


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        self._paused_until = 0.0

    def _degrade(self, fallback, method: str, *args):
        """Django's `method(*args)`, or `fallback` while Redis is unreachable (and for a pause
        after)."""
        if time.monotonic() < self._paused_until:
            return fallback
        try:
            return getattr(super(), method)(*args)
        except UNREACHABLE as error:
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            logger.warning("Cache unreachable, degrading for %d s: %r", PAUSE_SECONDS, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._degrade(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._degrade({}, "get_many", keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._degrade(None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(list(data), "set_many", data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(True, "add", key, value, timeout, version)

    def delete(self, key, version=None):
        return self._degrade(False, "delete", key, version)

    def delete_many(self, keys, version=None):
        self._degrade(None, "delete_many", keys, version)

    def has_key(self, key, version=None):
        return self._degrade(False, "has_key", key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(False, "touch", key, timeout, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._degrade(missing, "incr", key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return value
