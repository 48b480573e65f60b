"""A real Celery worker process, consuming from Redis, sends the welcome email.

Run by `make test-worker` with CELERY_BROKER_URL set; skipped otherwise."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from config import celery_app
from tests.accounts.test_sign_up import SIGN_UP

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    celery_app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "VAR_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=info",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield tmp_path / "mail"
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)


def test_a_real_worker_sends_the_welcome_email(client, worker):
    assert not celery_app.conf.task_always_eager
    response = client.post(reverse("accounts:sign_up"), {**SIGN_UP, "language": "en"})
    assert response.status_code == 302

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (worker.exists() and any(worker.iterdir())):
        time.sleep(0.25)
    messages = [path.read_text() for path in worker.iterdir()] if worker.exists() else []
    assert len(messages) == 1, "the worker sent no welcome email within 60 s"
    assert "To: mei.chen@example.com" in messages[0]
    assert "/accounts/confirm/" in messages[0]
