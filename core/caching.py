"""Forgetting values the shared cache keeps for data that just changed."""

from django.core.cache import cache
from django.db import transaction


def forget(*keys: str) -> None:
    """Delete `keys` now, and again when the current transaction commits: a request reading the
    old rows between the write and its commit may have cached them again."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
