"""Measurements made in-process, through the apps' public entry points: certificate rendering
(certificates.render) and the grade export (the task the admin enqueues).

    python -m tests.benchmarks.inprocess export <course slug>

prints one JSON line; the driver runs it as a child process, so the peak memory is the export's.
"""

import json
import sys
import time
from pathlib import Path

from tests.benchmarks.stats import percentile
from tests.benchmarks.views import counted_queries


def certificate_render_times(public_id: str, rounds: int) -> tuple[dict, dict]:
    """PNG and PDF rows for the certificate, rendered `rounds` times each (after one warm-up of
    each, as a worker that has rendered before)."""
    from django.utils import translation

    from certificates import render
    from certificates.models import Certificate
    from certificates.services import render_context

    certificate = Certificate.objects.select_related("user").get(public_id=public_id)
    with translation.override(certificate.user.language):
        context = render_context(certificate)
        times = {}
        for kind, function in (("PNG", render.render_png), ("PDF", render.render_pdf)):
            function(context)
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                function(context)
                samples.append(time.perf_counter() - started)
            times[kind] = samples
    png = _row("certificate PNG", times["PNG"])
    pdf = _row("certificate PDF", times["PDF"])
    pdf["pdf_over_png"] = pdf["p50_ms"] / png["p50_ms"]
    pdf["ratio"] = pdf["pdf_over_png"]  # the table's ratio column: PDF/PNG here, not to H
    return png, pdf


def _row(scenario: str, samples: list[float]) -> dict:
    return {
        "scenario": scenario,
        "p50_ms": percentile(samples, 50) * 1000,
        "p99_ms": percentile(samples, 99) * 1000,
        "samples": len(samples),
    }


def grade_export(slug: str) -> dict:
    """Build one grade export as the admin's task does; its queries, seconds and the process's
    memory growth (peak RSS after minus before, in MB)."""
    from assessments.models import GradeExport
    from assessments.tasks import build_grade_export
    from courses.models import Course

    course = Course.objects.get(slug=slug)
    export = GradeExport.objects.create(course=course)
    learners = course.enrollments.count()
    before = _reset_peak_memory()
    with counted_queries() as queries:  # as the pages' header counts them
        started = time.perf_counter()
        build_grade_export(export.pk)
        seconds = time.perf_counter() - started
    peak = _memory_kb("VmHWM")
    export.refresh_from_db()
    export.file.delete(save=False)  # tens of MB per run otherwise
    return {
        "learners": learners,
        "status": export.status,
        "rows": export.rows,
        "queries": queries[0],
        "queries_over_budget": queries[0] - (5 + learners / 1000),
        "seconds": seconds,
        "p50_ms": seconds * 1000,
        "memory_mb": (peak - before) / 1024,
    }


def _memory_kb(field: str) -> int:
    """VmRSS (now) or VmHWM (the peak), in kB, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak_memory() -> int:
    """Reset the process's peak RSS to its current RSS (Linux 4.0+; ru_maxrss cannot be reset
    and carries the parent's peak across exec), and return it in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _memory_kb("VmRSS")


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "export":
        print(json.dumps(grade_export(sys.argv[2])))
