"""Django's Redis cache backend, with one client per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation, and redis-py fills a table of about
170 response callbacks each time: a third of a millisecond, more than the round trip itself, on
every session and page-cache read. A client is thread-safe and its pool is fork-safe, so one per
pool serves the whole process.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
