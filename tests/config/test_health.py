"""The load balancer's two questions: is the process up (/healthz), can it serve (/readyz)."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from config import health


def test_healthz_answers_without_the_database(client):
    """No django_db mark: touching the database would fail this test."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_every_dependency_answers(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "broker": "in-process", "storage": "ok"},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("dependency", ["database", "cache", "broker", "storage"])
def test_readyz_says_which_dependency_is_down_with_a_retry_hint(client, monkeypatch, dependency):
    def down():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, dependency, down)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["checks"][dependency] == "unavailable"
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_readyz_reaches_a_real_broker(client, settings):
    """With a broker configured, readyz connects to it (Redis on this machine), within its
    connection timeout when nothing listens."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_CONNECTION_TIMEOUT = 1
    states = {}
    for url in ("redis://127.0.0.1:6379/15", "redis://127.0.0.1:9/0"):  # nothing listens on 9
        health.celery_app.conf.broker_url = url
        try:
            states[url] = client.get(reverse("readyz")).json()["checks"]["broker"]
        finally:
            health.celery_app.conf.broker_url = settings.CELERY_BROKER_URL
    assert states == {"redis://127.0.0.1:6379/15": "ok", "redis://127.0.0.1:9/0": "unavailable"}
