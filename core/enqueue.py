"""Background work sent after commit, by task name.

Services name their follow-up tasks ("certificates.tasks.render_certificate") instead of importing
them: tasks import services, never the reverse, so there is no import cycle to break.
"""

import logging

from celery import Task
from django.db import transaction
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task: str | Task, *args) -> None:
    """Send the task (`"app.tasks.name"` or the task itself) with `args` now: for sweeps, which
    run outside any transaction. An unreachable broker is logged; the next sweep tries again."""
    if isinstance(task, str):
        task = import_string(task)
    try:
        task.delay(*args)
    except OperationalError:
        logger.exception("Broker unreachable; %s%r left for the next sweep.", task.name, args)


def enqueue_on_commit(task: str | Task, *args) -> None:
    """`enqueue` once the current transaction commits.

    If the broker is unreachable the request still succeeds: the data it saved is committed, the
    failure is logged, and the periodic sweeps of the owning app pick the work up later.
    """
    if isinstance(task, str):
        task = import_string(task)  # an unknown name fails here, in the caller's transaction
    transaction.on_commit(lambda: enqueue(task, *args))
