"""A small HTTP client over the standard library (one connection per request, as gunicorn's sync
workers close them anyway), the interleaved measurement, the burst and the mixed load."""

import http.client
import json
import math
import random
import threading
import time
from dataclasses import dataclass, field

from tests.benchmarks.stats import percentile, ratio_to_h

H_PATH = "/bench/hello/"
QUERIES_HEADER = "X-Bench-Queries"


@dataclass
class Reply:
    status: int
    seconds: float
    queries: int | None
    body: bytes


@dataclass
class Request:
    path: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: bytes | None = None

    def with_json(self, data) -> "Request":
        self.body = json.dumps(data).encode()
        self.headers = {**self.headers, "Content-Type": "application/json"}
        return self


TIMED_OUT = 0  # the status of a reply that never came within the client's timeout


class Client:
    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 900):
        self.host, self.port, self.timeout = host, port, timeout

    def send_counted(self, request: Request) -> Reply | None:
        """For loads: a reply that never came is a TIMED_OUT reply lasting the timeout (a lower
        bound), a refused connection None; both count as errors."""
        try:
            return self.send(request)
        except TimeoutError:
            return Reply(TIMED_OUT, self.timeout, None, b"")
        except OSError:
            return None

    def send(self, request: Request) -> Reply:
        """The reply; TimeoutError when it takes longer than the client's timeout."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(request.method, request.path, request.body, request.headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        queries = response.getheader(QUERIES_HEADER)
        return Reply(response.status, seconds, int(queries) if queries else None, body)


class BenchError(Exception):
    pass


class TimedOut(BenchError):
    """A request outlived the client's timeout: its worker is still busy with it."""

    def __init__(self, request: Request, h: list[float], timeout: float):
        super().__init__(f"{request.method} {request.path}: no reply in {timeout:.0f} s")
        self.figures = {
            # Bounds: the page is at least this slow, its ratio at most this.
            "ratio": percentile(h or [0.0], 50) / timeout,
            "p50_ms": timeout * 1000,
            "p99_ms": timeout * 1000,
            "timed_out": True,
            "samples": 0,
        }


def measure(client: Client, request: Request, *, rounds: int, budget: float, h_per_round=4):
    """Rounds of H interleaved with rounds of the scenario, until `rounds` rounds or `budget`
    seconds of scenario requests (at least two samples). The first scenario request warms the
    worker up and is dropped, unless it alone took longer than the budget (then it is the only
    sample). Returns the row's figures."""
    h = [client.send(Request(H_PATH)).seconds for _ in range(h_per_round)]
    latencies, queries = [], []
    try:
        first = client.send(request)
    except TimeoutError:
        raise TimedOut(request, h, client.timeout) from None
    _check(request, first)
    per_round = max(1, min(10, math.ceil(budget / rounds / max(first.seconds, 0.001))))
    if first.seconds > budget:
        rounds, per_round = 1, 0
        latencies.append(first.seconds)
        queries.append(first.queries)
    deadline = time.monotonic() + budget
    for _round in range(rounds):
        h.extend(client.send(Request(H_PATH)).seconds for _ in range(h_per_round))
        for _ in range(per_round):
            reply = client.send(request)
            _check(request, reply)
            latencies.append(reply.seconds)
            queries.append(reply.queries)
            if time.monotonic() > deadline and len(latencies) >= 2:
                break
        if time.monotonic() > deadline and len(latencies) >= 2:
            break
    h.extend(client.send(Request(H_PATH)).seconds for _ in range(h_per_round))
    return summary(h, latencies, queries)


def summary(h, latencies, queries) -> dict:
    counted = [q for q in queries if q is not None]
    return {
        "ratio": ratio_to_h(h, latencies),
        "queries": round(percentile(counted, 50)) if counted else None,
        "queries_max": max(counted) if counted else None,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "h_p50_ms": percentile(h, 50) * 1000,
        "samples": len(latencies),
    }


def _check(request: Request, reply: Reply) -> None:
    if reply.status != 200:
        raise BenchError(f"{request.method} {request.path}: HTTP {reply.status}")


def burst(client: Client, requests: list[Request]) -> dict:
    """Every request at once (one thread each, released together)."""
    barrier = threading.Barrier(len(requests))
    replies: list = [None] * len(requests)

    def one(index: int) -> None:
        barrier.wait()
        replies[index] = client.send_counted(requests[index])

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load_summary(replies)


def load_summary(replies) -> dict:
    done = [r for r in replies if r is not None]
    latencies = [r.seconds for r in done] or [0.0]
    return {
        "requests": len(replies),
        "errors": sum(1 for r in replies if r is None or r.status >= 400 or r.status == TIMED_OUT),
        "timeouts": sum(1 for r in done if r.status == TIMED_OUT),
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def mixed_load(client: Client, learners: list[dict], site: dict, seconds: float) -> dict:
    """Each simulated learner, in a thread, for `seconds`: the catalog, the course, a lesson,
    completing it, starting and submitting the quiz, the dashboard, the competency map."""
    replies: list = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def learner(person: dict, seed: int) -> None:
        rng = random.Random(seed)
        page = {"Cookie": person["cookie"]}
        api = {"Authorization": f"Token {person['token']}"}
        while True:
            for step in visit(rng.choice(site["lessons"]), page, api):
                if time.monotonic() >= stop:  # no new request once the time is up
                    return
                replies_append(step)

    def visit(lesson, page: dict, api: dict):
        yield Request("/courses/", headers=page)
        yield Request(f"/courses/{site['course']}/", headers=page)
        yield Request(f"/courses/{site['course']}/lessons/{lesson}/", headers=page)
        yield Request(f"/api/v1/lessons/{lesson}/completion/", "POST", api)
        yield Request(f"/api/v1/assessments/{site['quiz']}/attempts/", "POST", api)
        attempt = _attempt_uuid()
        if attempt:
            submit = Request(f"/api/v1/attempts/{attempt}/submit/", "POST", api)
            yield submit.with_json({"answers": {}})
        yield Request("/dashboard/", headers=page)
        yield Request("/competency-map/", headers=page)

    local = threading.local()

    def replies_append(request: Request) -> None:
        reply = client.send_counted(request)
        local.last = reply
        with lock:
            replies.append(reply)

    def _attempt_uuid():
        """The attempt the thread's last request started."""
        reply = getattr(local, "last", None)
        if reply is None or reply.status not in (200, 201):
            return None
        return json.loads(reply.body).get("uuid")

    threads = [
        threading.Thread(target=learner, args=(person, n)) for n, person in enumerate(learners)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = load_summary(replies)
    result["seconds"] = seconds
    return result
