"""With the Redis cache down, requests degrade instead of failing: reads miss, writes are
dropped, rate limits and e-mail cool-downs fail open, and after one failure the process leaves
Redis alone for a pause (core.redis_cache)."""

import pytest
from django.core import mail
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from certificates.models import Certificate
from core import redis_cache
from core.redis_cache import RedisCache
from tests.certificates.test_certificates import pass_course
from tests.factories import PASSWORD

NOWHERE = "redis://127.0.0.1:9/0"  # nothing listens there: connections are refused
OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}


@pytest.fixture
def down():
    return RedisCache(NOWHERE, {"OPTIONS": OPTIONS})


def test_reads_miss_writes_are_dropped_and_counters_find_no_key(down):
    assert down.get("page", "default") == "default"
    down._paused_until = 0  # each call reaches the dead server, not the pause
    assert down.get_many(["a", "b"]) == {}
    down._paused_until = 0
    assert down.add("cool-down", True, 60) is True  # fails open
    down._paused_until = 0
    down.set("page", "content")
    down._paused_until = 0
    with pytest.raises(ValueError, match="not found"):
        down.incr("rate")


def test_after_a_failure_the_process_leaves_redis_alone_for_a_pause(down, monkeypatch):
    calls = []

    def refused(*args):
        calls.append(args)
        raise RedisConnectionError("refused")

    monkeypatch.setattr(redis_cache.DjangoRedisCache, "get", refused)
    assert [down.get("a"), down.get("b"), down.get("c")] == [None, None, None]
    assert len(calls) == 1
    monkeypatch.setattr(redis_cache.time, "monotonic", lambda: 1e12)  # the pause is over
    down.get("d")
    assert len(calls) == 2


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": OPTIONS,
        }
    }


@pytest.mark.django_db
def test_public_pages_sign_up_password_reset_and_token_login_still_answer(
    cache_down, client, api, learner, course, enrolled, django_capture_on_commit_callbacks
):
    pass_course(learner, course, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    assert client.get(reverse("verify", args=[certificate.public_id])).status_code == 200
    assert client.get(reverse("courses:catalog")).status_code == 200
    assert client.get(reverse("courses:detail", args=[course.slug])).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):  # the emails are sent on commit
        signed_up = client.post(
            reverse("accounts:sign_up"),
            {
                "email": "mei@example.com",
                "full_name": "Mei",
                "password": PASSWORD,
                "country": "CN",
                "language": "en",
                "time_zone": "UTC",
            },
        )
        reset = client.post(reverse("accounts:password_reset"), {"email": learner.email})
    assert (signed_up.status_code, reset.status_code) == (302, 302)
    assert {message.to[0] for message in mail.outbox} >= {"mei@example.com", learner.email}

    token = api.post("/api/v1/auth/token/", {"username": learner.email, "password": PASSWORD})
    assert token.status_code == 200
