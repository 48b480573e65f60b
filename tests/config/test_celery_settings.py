"""The broker's visibility timeout against the tasks: a task a lost worker held is redelivered
only after it could no longer be running or waiting for its retry."""

from django.conf import settings

from config.celery import app


def test_the_visibility_timeout_outlasts_every_task_and_every_retry_delay():
    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert len(ours) > 10  # the project's tasks were found
    longest_run = max(task.time_limit or settings.CELERY_TASK_TIME_LIMIT for task in ours)
    longest_wait = max(  # Celery's default cap on backoff is 600 s
        getattr(task, "retry_backoff_max", 600)
        for task in ours
        if getattr(task, "retry_backoff", False)
    )
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert longest_run < timeout and longest_wait < timeout
    assert app.conf.broker_transport_options["visibility_timeout"] == timeout
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
