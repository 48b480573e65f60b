"""The benchmark's own logic (tests/benchmarks): the generator builds valid data whose stored
results are the ones the services compute, and the figures and targets are computed right. No
timings here: `make bench` measures."""

import pytest
from django.contrib.auth import get_user_model

from tests.benchmarks import generate
from tests.benchmarks.database import database_url
from tests.benchmarks.stats import Target, evaluate, percentile, ratio_to_h, table
from tests.benchmarks.views import QUERIES_HEADER


@pytest.fixture
def no_certificate_files(monkeypatch):
    """Certificates are issued and rendered as on the site, minus the slow drawing."""
    from certificates import render

    monkeypatch.setattr(render, "render_png", lambda context: b"png")
    monkeypatch.setattr(render, "render_pdf", lambda context: b"pdf")


# Certificates are issued after the grade commits, as on the site: a transactional test, which
# restores the serialized data afterwards like the project's other ones (content types and all).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generator_builds_valid_data(no_certificate_files):
    """One build of the tiny size (building is the slow part), then every check on it."""
    manifest = generate.build("tiny")
    _check_sizes(manifest)
    _check_learner_levels_are_the_services(manifest)
    _check_cohort_grades_are_the_services(manifest)
    _check_certificates(manifest)
    _check_consumables_submit(manifest)


def _check_sizes(manifest):
    from competencies.api import Competency, TargetRole
    from courses.models import Course, Lesson

    size = generate.SIZES["tiny"]
    assert Course.objects.published().count() == size.courses + 4
    assert Lesson.objects.filter(module__course__slug=manifest["outline"]).count() == 6
    competencies = set(Competency.objects.values_list("pk", flat=True))
    assert len(competencies) == size.competencies
    role = TargetRole.objects.get(slug=manifest["role"])
    assert set(role.requirements.values_list("competency", flat=True)) == competencies
    assert Course.objects.get(slug=manifest["exported"]).enrollments.count() == 8


def _check_learner_levels_are_the_services(manifest):
    from assessments.models import CompetencyLevel
    from assessments.services.results import competency_levels_update

    learner = get_user_model().objects.get(email=manifest["learner"])
    levels = CompetencyLevel.objects.filter(user=learner)
    stored = set(levels.values_list("competency", "level"))
    competency_levels_update(user=learner)
    assert set(levels.values_list("competency", "level")) == stored
    assert None not in {level for _competency, level in stored}
    assert len(stored) == generate.SIZES["tiny"].competencies  # evidence on every competency


def _check_cohort_grades_are_the_services(manifest):
    from assessments.models import AssessmentResult, CourseGrade
    from assessments.services.results import course_grades_recompute
    from courses.models import Course

    course = Course.objects.get(slug=manifest["cohort"])
    grades = CourseGrade.objects.filter(enrollment__course=course)
    results = AssessmentResult.objects.filter(assessment__course=course)
    fields = ("user", "assessment", "percent", "passed", "graded_attempts")
    before = (set(grades.values_list("pk", "percent", "passed")), set(results.values_list(*fields)))
    assert len(before[0]) == generate.SIZES["tiny"].cohort
    assert course_grades_recompute(course_id=course.pk) == generate.SIZES["tiny"].cohort
    after = (set(grades.values_list("pk", "percent", "passed")), set(results.values_list(*fields)))
    assert after == before


def _check_certificates(manifest):
    from certificates.models import Certificate

    assert Certificate.objects.get(public_id=manifest["certificate"]).is_valid
    assert not Certificate.objects.get(public_id=manifest["revoked_certificate"]).is_valid


def _check_consumables_submit(manifest):
    from assessments.models import Attempt, AttemptStatus
    from assessments.services.attempts import attempt_submit

    spent = generate.consumables(manifest)
    size = generate.SIZES["tiny"]
    assert len(spent["submits"]) == size.submits and len(spent["burst"]) == size.burst
    assert len(spent["answers"]) == size.questions
    for taker in spent["submits"] + spent["burst"]:
        attempt = Attempt.objects.get(uuid=taker["attempt"])
        assert attempt.status == AttemptStatus.IN_PROGRESS
        assert attempt.items.count() == size.questions
        submitted = attempt_submit(attempt=attempt, answers=spent["answers"])
        assert (submitted.status, submitted.percent) == (AttemptStatus.SUBMITTED, 50)


# Figures and targets --------------------------------------------------------------------------


def test_percentile_interpolates_between_ranks():
    assert percentile([4, 1, 3, 2], 50) == 2.5
    assert percentile([4, 1, 3, 2], 0) == 1
    assert percentile([4, 1, 3, 2], 100) == 4
    assert percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert percentile([7], 99) == 7
    with pytest.raises(ValueError):
        percentile([], 50)


def test_ratio_is_h_median_over_the_scenarios():
    assert ratio_to_h([0.001, 0.002, 0.009], [0.004, 0.004, 0.1]) == 0.5


def _row(scenario, size, **figures):
    return {"scenario": scenario, "size": size, **figures}


def test_targets_met_unmet_and_missing():
    targets = [
        Target("catalog", "ratio", ">=", 0.1),
        Target("catalog", "p50_ms_vs_small", "<=", 1.5, ("large",)),
        Target("admin", "queries_vs_small", "==", 0, ("large",)),
        Target("grade export 100k", "seconds_vs_10k", "<=", 11, ("large",)),
    ]
    rows = evaluate(
        [
            _row("catalog anonymous", "small", ratio=0.2, p50_ms=10),
            _row("catalog anonymous", "large", ratio=0.2, p50_ms=16),  # 1.6x the small p50
            _row("catalog signed-in", "small", ratio=0.09),
            _row("admin course list", "small", queries=6),
            _row("admin course list", "large", queries=6),
            _row("admin module form", "small", queries=25),
            _row("admin module form", "large", queries=26),
            _row("grade export 10k", "large", seconds=2),
            _row("grade export 100k", "large", seconds=21),
            _row("hello", "small", ratio=1),
            _row("catalog search", "small", error="HTTP 500"),
        ],
        targets,
    )
    met = {(r["scenario"], r["size"]): r["met"] for r in rows}
    assert met == {
        ("catalog anonymous", "small"): True,
        ("catalog anonymous", "large"): False,
        ("catalog signed-in", "small"): False,
        ("admin course list", "small"): None,
        ("admin course list", "large"): True,
        ("admin module form", "small"): None,
        ("admin module form", "large"): False,
        ("grade export 10k", "large"): None,
        ("grade export 100k", "large"): True,
        ("hello", "small"): None,
        ("catalog search", "small"): None,
    }
    assert rows[1]["target"] == "ratio >= 0.1; p50_ms_vs_small <= 1.5"
    printed = table(rows)
    assert "catalog anonymous  large" in printed and " NO" in printed


def test_database_url_names_the_database():
    assert (
        database_url("postgres://postgres@127.0.0.1:5432", "bench_small")
        == "postgres://postgres@127.0.0.1:5432/bench_small"
    )
    assert database_url("postgres://u@h/other?sslmode=disable", "b").endswith("/b?sslmode=disable")


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "tests.benchmarks.urls"
    settings.MIDDLEWARE = ["tests.benchmarks.views.QueryCountMiddleware", *settings.MIDDLEWARE]


def test_hello_and_the_query_header(client, learner, bench_urls):
    anonymous = client.get("/bench/hello/")
    assert anonymous.content == b"Hello" and anonymous[QUERIES_HEADER] == "0"
    client.force_login(learner)
    signed_in = client.get("/bench/hello-user/")
    assert signed_in.content == f"Hello {learner.pk}".encode()
    assert int(signed_in[QUERIES_HEADER]) >= 2  # the session and the user


@pytest.fixture
def slow_site():
    """A site whose hello answers at once and whose other pages take a second."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/bench/hello/":
                time.sleep(1)
            try:
                self.send_response(200)
                self.send_header("X-Bench-Queries", "0")
                self.end_headers()
                self.wfile.write(b"Hello")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up: what the test wants

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_a_page_slower_than_the_timeout_is_bounded_not_waited_for(slow_site):
    from tests.benchmarks.load import Client, Request, TimedOut, measure

    client = Client(slow_site, timeout=0.3)
    with pytest.raises(TimedOut) as raised:
        measure(client, Request("/slow/"), rounds=2, budget=0.1)
    figures = raised.value.figures
    assert figures["timed_out"] and figures["p50_ms"] == 300
    assert 0 < figures["ratio"] < 1  # H's median over the timeout: an upper bound
    hello = measure(client, Request("/bench/hello/"), rounds=2, budget=0.1)
    assert hello["samples"] >= 2 and hello["queries"] == 0
    printed = table([{"scenario": "catalog", "size": "small", **figures, "ratio": 0.1}])
    assert printed.splitlines()[1].split()[:5] == ["catalog", "small", "0.100", ">300.0", "300.0"]


def test_a_load_counts_replies_that_never_came_as_errors(slow_site):
    from tests.benchmarks.load import TIMED_OUT, Client, Request, load_summary

    client = Client(slow_site, timeout=0.3)
    late = client.send_counted(Request("/slow/"))
    assert (late.status, late.seconds) == (TIMED_OUT, 0.3)
    replies = [client.send_counted(Request("/bench/hello/")), late, None]
    figures = load_summary(replies)
    assert (figures["requests"], figures["errors"], figures["timeouts"]) == (3, 2, 1)
    assert figures["p99_ms"] <= 300 and figures["p50_ms"] > 0
