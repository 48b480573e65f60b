"""Run the periodic sweeps (CELERY_BEAT_SCHEDULE) in this process: the embedded setup's beat.

`make run` starts it beside the development server with `--parent` naming its shell, and stops
it with the server; it also stops by itself once that shell is gone, however it was stopped.
With a broker configured, `celery beat` does this instead (`make worker`).
"""

import logging
import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def due_sweeps(last_run: dict[str, float], now: float) -> list[str]:
    """The schedule entries whose interval has passed (each is due at once on start)."""
    return [
        name
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if now - last_run.get(name, float("-inf")) >= float(entry["schedule"])
    ]


def run_sweep(name: str) -> None:
    """Run one schedule entry's task in this process; a failure is logged, never fatal."""
    task = import_string(settings.CELERY_BEAT_SCHEDULE[name]["task"])
    try:
        task.apply(throw=True)
    except Exception:
        logger.exception("Periodic task %s failed; it runs again at its next turn.", name)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class Command(BaseCommand):
    help = "Run the periodic sweeps in-process (the embedded setup has no celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every sweep once and stop.")
        parser.add_argument(
            "--tick", type=float, default=5.0, help="Seconds between checks of the schedule."
        )
        parser.add_argument(
            "--parent", type=int, help="Stop once this process (the shell serving) is gone."
        )

    def handle(self, *args, once=False, tick=5.0, parent: int | None = None, **options):
        if not settings.CELERY_TASK_ALWAYS_EAGER and not once:
            raise CommandError("A broker is configured: run `celery beat` (make worker) instead.")
        last_run: dict[str, float] = {}
        while once or parent is None or alive(parent):
            now = time.monotonic()
            for name in due_sweeps(last_run, now):
                run_sweep(name)
                last_run[name] = now
            if once:
                return
            time.sleep(tick)
