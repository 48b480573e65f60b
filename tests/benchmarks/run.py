"""One data size: prepare its database, serve it with gunicorn, measure every scenario, print the
rows as JSON on the last line of stdout. The entry point is `python -m tests.benchmarks` (all
sizes, the table, var/bench/latest.json); this module is its child process for one size.

    python -m tests.benchmarks.run --size small
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from tests.benchmarks import database
from tests.benchmarks.load import (
    BenchError,
    Client,
    Request,
    TimedOut,
    burst,
    measure,
    mixed_load,
)

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
BUDGET = float(os.environ.get("BENCH_SECONDS", "2"))  # per scenario, besides H
MIXED_SECONDS = float(os.environ.get("BENCH_MIXED_SECONDS", "60"))
# A page request taking longer is recorded as "timed out" (its bounds), and the server restarted.
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "30"))
BURST_TIMEOUT = 2 * TIMEOUT
SEARCHES = {"en": "customs", "zh-hans": "物流", "ar": "الجمركي"}


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


class Server:
    """gunicorn serving the bench settings on a free port."""

    def __init__(self, workers: int):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--timeout=900",
                "--backlog=2048",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=os.environ,
            start_new_session=True,  # a group of its own: stop() ends the workers with it
        )
        self.client = Client(self.port, timeout=TIMEOUT)
        self.workers = workers
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.client.send(Request("/bench/hello/")).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise BenchError("gunicorn did not start")

    def stop(self) -> None:
        """Stopped at once: a worker busy with a timed-out request is not waited for."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)


def sign_in(emails: list[str]) -> dict[str, dict]:
    """The cookies a browser holds after signing in and opening a page (session and CSRF
    secret) and an API token per account, made in-process with the site's session engine
    (Django's test client: force_login, then the dashboard once)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient
    from rest_framework.authtoken.models import Token

    accounts = {}
    for user in get_user_model().objects.filter(email__in=emails):
        client = DjangoClient()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get("/dashboard/", HTTP_HOST="127.0.0.1")
        cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        token, _created = Token.objects.get_or_create(user=user)
        accounts[user.email] = {
            "cookie": "; ".join(f"{name}={client.cookies[name].value}" for name in cookies),
            "token": token.key,
        }
    return accounts


def page_scenarios(manifest: dict, learner: dict, admin: dict) -> list[tuple[str, Request]]:
    from assessments.models import Question
    from courses.models import Course, Lesson, Module

    outline = Course.objects.get(slug=manifest["outline"])
    module = Module.objects.get(pk=manifest["outline_module"])
    lesson = Lesson.objects.get(pk=manifest["outline_lesson"])
    question = Question.objects.get(pk=manifest["outline_question"])
    signed_in = {"Cookie": learner["cookie"]}
    staff = {"Cookie": admin["cookie"]}
    api = {"Authorization": f"Token {learner['token']}"}
    framework = f"/frameworks/{manifest['framework']}/"
    scenarios = [
        ("hello signed-in", Request("/bench/hello-user/", headers=signed_in)),
        ("catalog anonymous", Request("/courses/")),
        ("catalog signed-in", Request("/courses/", headers=signed_in)),
    ]
    for language, word in SEARCHES.items():
        headers = {"Cookie": f"django_language={language}", "Accept-Language": language}
        path = f"/courses/?q={quote(word)}"
        scenarios.append((f"catalog search {language}", Request(path, headers=headers)))
    scenarios += [
        ("course outline", Request(f"/courses/{outline.slug}/", headers=signed_in)),
        (
            "lesson page",
            Request(f"/courses/{outline.slug}/lessons/{lesson.pk}/", headers=signed_in),
        ),
        ("competency map", Request("/competency-map/", headers=signed_in)),
        ("framework anonymous", Request(framework)),
        ("framework signed-in", Request(framework, headers=signed_in)),
        ("role page", Request(f"/roles/{manifest['role']}/", headers=signed_in)),
        ("dashboard", Request("/dashboard/", headers=signed_in)),
        ("verify page", Request(f"/verify/{manifest['certificate']}/")),
        ("verify JSON", Request(f"/verify/{manifest['certificate']}.json")),
    ]
    for name in ("courses", "enrollments", "course-languages", "frameworks", "roles", "grades"):
        scenarios.append((f"API {name}", Request(f"/api/v1/{name}/", headers=api)))
    admin_pages = {
        "course": outline.pk,
        "module": module.pk,
        "lesson": lesson.pk,
    }
    for model, pk in admin_pages.items():
        base = f"/admin/courses/{model}/"
        scenarios.append((f"admin {model} list", Request(base, headers=staff)))
        scenarios.append((f"admin {model} form", Request(f"{base}{pk}/change/", headers=staff)))
    base = "/admin/assessments/question/"
    scenarios.append(("admin question list", Request(base, headers=staff)))
    scenarios.append(
        ("admin question form", Request(f"{base}{question.pk}/change/", headers=staff))
    )
    return scenarios


def revocation_shown(client: Client, manifest: dict) -> bool:
    """The revoked certificate's page and JSON both say so."""
    public_id = manifest["revoked_certificate"]
    page = client.send(Request(f"/verify/{public_id}/"))
    data = client.send(Request(f"/verify/{public_id}.json"))
    return (
        page.status == 200
        and data.status == 200
        and json.loads(data.body).get("status") == "revoked"
        and b"revoked" in page.body.lower()
    )


def submits(client: Client, takers: list[dict], answers: dict, accounts: dict) -> dict:
    """Each attempt submitted with every answer through the API, H between them."""
    from tests.benchmarks.load import H_PATH, summary

    h, latencies, queries = [], [], []
    for taker in takers:
        h.extend(client.send(Request(H_PATH)).seconds for _ in range(5))
        token = accounts[taker["email"]]["token"]
        request = Request(
            f"/api/v1/attempts/{taker['attempt']}/submit/",
            "POST",
            {"Authorization": f"Token {token}"},
        ).with_json({"answers": answers})
        reply = client.send(request)
        if reply.status != 200 or json.loads(reply.body)["status"] != "submitted":
            raise BenchError(f"submit: HTTP {reply.status} {reply.body[:200]!r}")
        latencies.append(reply.seconds)
        queries.append(reply.queries)
    h.extend(client.send(Request(H_PATH)).seconds for _ in range(5))
    return summary(h, latencies, queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", required=True)
    parser.add_argument("--mixed", action="store_true", help="also run the mixed load")
    args = parser.parse_args()
    size = args.size
    manifest = database.prepare(os.environ["DATABASE_URL"], size, log=log)
    from tests.benchmarks import generate

    log(f"  {size}: fresh attempts and simulated learners")
    spent = generate.consumables(manifest)
    emails = [manifest["learner"], manifest["admin"]]
    emails += [t["email"] for t in spent["submits"] + spent["burst"]] + spent["mixed"]
    accounts = sign_in(emails)
    rows = []

    def row(scenario: str, figures: dict) -> None:
        rows.append({"scenario": scenario, "size": size, **figures})
        log(
            f"  {size}: {scenario:28} ratio {figures.get('ratio') or 0:.3f}  "
            f"p50 {figures.get('p50_ms', 0):9.1f} ms  queries {figures.get('queries')}"
        )

    server = Server(workers=2)
    try:
        learner, admin = accounts[manifest["learner"]], accounts[manifest["admin"]]
        for name, request in page_scenarios(manifest, learner, admin):
            try:
                figures = measure(server.client, request, rounds=ROUNDS, budget=BUDGET)
            except TimedOut as error:
                figures = {**error.figures, "error": str(error)}
                server.stop()  # its workers are still busy with the request
                server = Server(workers=2)
            except BenchError as error:
                figures = {"error": str(error)}
            if name.startswith("verify"):
                figures["revocation_shown"] = revocation_shown(server.client, manifest)
            row(name, figures)
        figures = submits(server.client, spent["submits"], spent["answers"], accounts)
        figures["questions"] = len(spent["answers"])
        row("submit + grade", figures)
    finally:
        server.stop()
    server = Server(workers=3)
    try:
        requests = [
            Request(
                f"/api/v1/attempts/{taker['attempt']}/submit/",
                "POST",
                {"Authorization": f"Token {accounts[taker['email']]['token']}"},
            ).with_json({"answers": spent["answers"]})
            for taker in spent["burst"]
        ]
        log(f"  {size}: burst of {len(requests)} submits")
        # Its waits are what it measures, up to BURST_TIMEOUT (longer ones count as errors).
        patient = Client(server.port, timeout=BURST_TIMEOUT)
        row("submit burst", {**burst(patient, requests), "workers": 3})
        # A fresh server: the old one may still be working through submits that timed out.
        server.stop()
        server = Server(workers=3)
        if args.mixed:
            log(f"  {size}: mixed load of {len(spent['mixed'])} learners, {MIXED_SECONDS:.0f} s")
            site = {
                "course": manifest["study"],
                "lessons": manifest["study_lessons"],
                "quiz": manifest["quiz"],
            }
            people = [accounts[email] for email in spent["mixed"]]
            row("mixed load", {**mixed_load(server.client, people, site, MIXED_SECONDS)})
    finally:
        server.stop()
    from tests.benchmarks.inprocess import certificate_render_times

    for figures in certificate_render_times(manifest["certificate"], rounds=3):
        row(figures.pop("scenario"), figures)
    for slug in (manifest["cohort"], manifest["exported"]):
        child = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.inprocess", "export", slug],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        row(f"grade export {_thousands(figures['learners'])}", figures)
    print(json.dumps(rows))


def _thousands(count: int) -> str:
    return f"{count // 1000}k" if count >= 1000 else str(count)


if __name__ == "__main__":
    main()
