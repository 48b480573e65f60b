"""Django's Redis cache backend, with one client per connection pool instead of one per call,
and `incr` in one round trip.

Django builds a new `redis.Redis` for every cache operation, and redis-py fills a table of about
170 response callbacks each time: a third of a millisecond, more than the round trip itself, on
every session and page-cache read. A client is thread-safe and its pool is fork-safe, so one per
pool serves the whole process. Django's `incr` asks whether the key exists, then increments (two
round trips, on every rate-limited request and every page-cache bump); a script does both in one.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
