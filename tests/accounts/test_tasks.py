from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import tasks
from accounts.models import User
from config import celery_app
from tests.accounts.test_sign_up import SIGN_UP

pytestmark = pytest.mark.django_db


def unconfirmed(email="new@example.com", joined_minutes_ago=0):
    user = User(email=email, full_name="New Learner", is_active=False)
    user.set_password("x")
    user.date_joined = timezone.now() - timedelta(minutes=joined_minutes_ago)
    user.save()
    return user


def test_the_welcome_email_goes_out_once_however_often_the_task_runs():
    user = unconfirmed()
    tasks.send_welcome_email.apply(args=[user.pk])
    tasks.send_welcome_email.apply(args=[user.pk])
    assert len(mail.outbox) == 1
    user.refresh_from_db()
    assert user.welcome_email_sent_at is not None


def test_the_welcome_task_ignores_an_account_that_is_gone():
    tasks.send_welcome_email.apply(args=[987654])
    assert mail.outbox == []


def test_the_sweep_sends_welcome_emails_that_never_went_out():
    stuck = unconfirmed("stuck@example.com", joined_minutes_ago=30)
    unconfirmed("just-now@example.com", joined_minutes_ago=1)  # its task may still be queued
    unconfirmed("ancient@example.com", joined_minutes_ago=60 * 24 * 4)  # its link expired
    assert tasks.send_pending_welcome_emails.apply().get() == 1
    assert [m.to for m in mail.outbox] == [[stuck.email]]
    assert tasks.send_pending_welcome_emails.apply().get() == 0


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where nothing listens, as when Redis is down."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = "redis://127.0.0.1:9/0", False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    conf.broker_url, conf.task_always_eager = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signing_up_while_the_broker_is_down_is_quick_and_keeps_the_account(
    client, broker_down, caplog, monkeypatch
):
    """Quick by construction, not by a stopwatch: every connection attempt and every pause
    between them is counted, and their bounds are the configured ones."""
    import kombu.utils.functional
    import redis.connection

    attempts, pauses = [], []
    connect = redis.connection.Connection._connect

    def counted_connect(connection):
        attempts.append((connection.socket_connect_timeout, connection.retry.get_retries()))
        return connect(connection)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counted_connect)
    monkeypatch.setattr(kombu.utils.functional, "sleep", pauses.append)  # kombu's retry pauses

    response = client.post(reverse("accounts:sign_up"), {**SIGN_UP, "language": "en"})

    assert response.status_code == 302
    user = User.objects.get()
    assert user.welcome_email_sent_at is None  # left for the sweep
    assert "Broker unreachable; accounts.tasks.send_welcome_email" in caplog.text
    # The publish retry policy bounds the attempts, and each one is bounded by the connect
    # timeout (redis-py adds no retries of its own).
    policy = celery_app.conf.task_publish_retry_policy
    timeout = celery_app.conf.broker_transport_options["socket_connect_timeout"]
    assert attempts == [(timeout, 0)] * (policy["max_retries"] + 1)
    assert sum(pauses) <= 1  # "gives up after about a second" when the broker refuses
    # Even a broker that never answers (each attempt waits its full timeout) cannot hold the
    # request for long.
    assert len(attempts) * timeout + sum(pauses) <= 10
