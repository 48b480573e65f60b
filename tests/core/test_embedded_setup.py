"""The embedded setup (`make run`): sweeps run without celery beat, links follow the server."""

import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments import services
from assessments.models import Attempt, AttemptStatus, CourseGrade
from core.management.commands import run_periodic
from tests.assessments.conftest import make_assessment, make_question, right_answers
from tests.config.test_settings_modes import ROOT, manage

pytestmark = pytest.mark.django_db


def test_an_overdue_attempt_is_submitted_and_graded_without_any_request(learner, course, enrolled):
    timed = make_assessment(course, [make_question(course)], time_limit_minutes=10)
    attempt = services.attempt_start(learner=learner, assessment=timed)
    services.attempt_save(attempt=attempt, answers=right_answers(attempt))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    call_command("run_periodic", "--once")

    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.percent == Decimal("100.00")
    assert CourseGrade.objects.get(enrollment=enrolled).percent == Decimal("100.00")


def test_each_sweep_runs_at_its_own_interval(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        "every-minute": {"task": "x", "schedule": 60.0},
        "every-ten": {"task": "y", "schedule": 600.0},
    }
    assert run_periodic.due_sweeps({}, now=0.0) == ["every-minute", "every-ten"]
    last_run = {"every-minute": 0.0, "every-ten": 0.0}
    assert run_periodic.due_sweeps(last_run, now=59.0) == []
    assert run_periodic.due_sweeps(last_run, now=60.0) == ["every-minute"]
    assert run_periodic.due_sweeps(last_run, now=600.0) == ["every-minute", "every-ten"]


def test_a_failing_sweep_is_logged_and_the_others_still_run(settings, caplog, monkeypatch):
    ran = []

    class Task:
        def __init__(self, name, fails):
            self.name, self.fails = name, fails

        def apply(self, throw):
            ran.append(self.name)
            if self.fails:
                raise RuntimeError("database went away")

    tasks = {"broken": Task("broken", True), "fine": Task("fine", False)}
    monkeypatch.setattr(run_periodic, "import_string", tasks.__getitem__)
    settings.CELERY_BEAT_SCHEDULE = {
        "a": {"task": "broken", "schedule": 60.0},
        "b": {"task": "fine", "schedule": 60.0},
    }
    call_command("run_periodic", "--once")
    assert ran == ["broken", "fine"]
    assert "Periodic task a failed" in caplog.text


def test_with_a_broker_the_sweeps_are_left_to_celery_beat(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with pytest.raises(CommandError, match="celery beat"):
        call_command("run_periodic", "--tick", "0")


@pytest.mark.parametrize(
    ("host", "port", "site_url"),
    [
        ("127.0.0.1", "8000", "http://127.0.0.1:8000"),
        ("0.0.0.0", "8123", "http://127.0.0.1:8123"),  # noqa: S104 - what a user types
        ("academy.lan", "9000", "http://academy.lan:9000"),
    ],
)
def test_make_run_points_links_where_it_serves(host, port, site_url):
    plan = subprocess.run(
        [shutil.which("make"), "-n", "run", f"HOST={host}", f"PORT={port}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Serving on {site_url}/" in plan
    assert f"runserver {host}:{port}" in plan


def test_the_site_answers_on_the_host_its_links_point_to(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL, settings.ALLOWED_HOSTS)",
        env={"SITE_URL": "http://academy.lan:9000"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "http://academy.lan:9000 ['127.0.0.1', 'academy.lan', 'localhost']" in result.stdout


def test_the_sweeper_stops_by_itself_once_the_shell_that_started_it_is_gone(tmp_path):
    """However `make run` was stopped (Ctrl-C, SIGTERM to make, a killed terminal)."""
    pid_file = tmp_path / "sweeper.pid"
    env = {
        "PATH": "/usr/bin:/bin",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    command = f"{sys.executable} manage.py run_periodic --tick 0.1 --parent $$ &"
    subprocess.run(
        ["/bin/sh", "-c", f"{command} echo $! > {pid_file}; sleep 1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the sweeper keeps no pipe of ours open
        stderr=subprocess.DEVNULL,
        timeout=60,
        check=True,
    )
    status = Path(f"/proc/{int(pid_file.read_text())}/status")
    deadline = time.monotonic() + 60  # a wait for start-up on a busy machine, not a speed check
    while status.exists() and "zombie" not in status.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not status.exists() or "zombie" in status.read_text()


def test_the_sweeper_tells_a_running_process_from_a_gone_one():
    assert run_periodic.alive(os.getpid())
    assert not run_periodic.alive(2**22 + 1)  # above Linux's pid_max: no such process
