"""The Celery app. Tasks live in each app's tasks.py and are found by autodiscovery.

With no CELERY_BROKER_URL, settings make tasks run in-process when enqueued (the embedded setup).
"""

import logging
import os

from celery import Celery
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("academy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send `task.delay(*args)` once the current transaction commits.

    If the broker is unreachable the request still succeeds: the data it saved is committed, the
    failure is logged, and the periodic sweeps of the owning app pick the work up later.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError:
            logger.exception("Broker unreachable; %s%r left for the next sweep.", task.name, args)

    transaction.on_commit(send)
