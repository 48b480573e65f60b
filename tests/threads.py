"""Races only a real database with row locks can show: the marks for such tests and a runner of
concurrent calls. .ci/run runs them on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

POSTGRESQL_ONLY = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent writers need PostgreSQL"
    ),
]


def in_threads(count, work) -> list:
    """Run `work` in `count` threads at once: each one's result, or the exception it raised."""

    def run(_):
        try:
            return work()
        except Exception as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
