"""The benchmark's settings: the project's own, with DEBUG off, the Redis cache, tasks run in the
request (so submit + grade is measured whole), and two bench-only views plus a per-request query
counter. The driver sets DATABASE_URL (one database per data size) and BENCH_REDIS_URL."""

import os

# The shared cache as a deployment sets it (REDIS_URL), so the settings derived from it — the
# Redis cache backend, cached sessions, the signed-in account and page caches — are the real ones.
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

DEBUG = False
CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The verify page's per-address limit would turn the benchmark's requests into 429s.
CERTIFICATE_VERIFY_RATE = 10**9
ROOT_URLCONF = "tests.benchmarks.urls"
MIDDLEWARE = ["tests.benchmarks.views.QueryCountMiddleware", *MIDDLEWARE]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
