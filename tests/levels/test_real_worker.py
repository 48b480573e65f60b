"""The event chain through a real Celery worker on Redis: a learner who applied early passes the
last course; the worker issues the course certificate, which checks the learner's levels, awards
the level and renders its credential. Run by `make test-worker`; skipped otherwise."""

import time

import pytest

from config import celery_app
from levels.models import ApplicationStatus, LevelApplication, LevelCredential
from levels.services import awards
from tests.accounts.test_real_worker import worker  # noqa: F401
from tests.levels.conftest import pass_course

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_real_worker_awards_and_renders_the_level_once_the_last_rule_is_met(
    learner,
    standard,
    worker,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    assert not celery_app.conf.task_always_eager
    application = awards.level_apply(user=learner, level=standard.foundation)
    assert application.status == ApplicationStatus.WAITING

    pass_course(learner, standard.course, django_capture_on_commit_callbacks, standard.framework)

    deadline = time.monotonic() + 90
    credential = None
    while time.monotonic() < deadline:
        credential = LevelCredential.objects.filter(user=learner, rendered_at__isnull=False).first()
        if credential is not None:
            break
        time.sleep(0.25)
    assert credential is not None, "the worker awarded and rendered no level within 90 s"
    assert LevelApplication.objects.get().status == ApplicationStatus.AWARDED
    assert LevelCredential.objects.count() == 1 and credential.credential_jwt
