"""The Celery app. Tasks live in each app's tasks.py and are found by autodiscovery.

With no CELERY_BROKER_URL, settings make tasks run in-process when enqueued (the embedded setup).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("academy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
