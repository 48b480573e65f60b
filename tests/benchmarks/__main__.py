"""`make bench`: every data size in a child process (tests.benchmarks.run), then the table, the
unmet targets and var/bench/latest.json. Exit code 0 even when targets are unmet (it measures).

Environment: BENCH_DATABASE_URL (the PostgreSQL server), BENCH_REDIS_URL, BENCH_SIZES
(default "small large"), BENCH_ROUNDS, BENCH_SECONDS (per scenario), BENCH_MIXED_SECONDS,
BENCH_MIXED_SIZES (default "large"), BENCH_TIMEOUT (seconds a page may take, default 30)."""

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks import database
from tests.benchmarks.stats import evaluate, table

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"


def machine(server_url: str) -> dict:
    import psycopg

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with psycopg.connect(database.database_url(server_url, "postgres")) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "postgresql": postgres,
        "git_commit": commit,
    }


def main() -> None:
    started = time.monotonic()
    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    sizes = os.environ.get("BENCH_SIZES", "small large").split()
    mixed_sizes = os.environ.get("BENCH_MIXED_SIZES", "large").split()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        print(f"bench: {size}", file=sys.stderr, flush=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
            "DATABASE_URL": database.database_url(server_url, f"bench_{size}"),
            "BENCH_REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
            "VAR_DIR": str(OUT / "var"),
            "DJANGO_ENV": "embedded",
        }
        for name in ("CELERY_BROKER_URL", "REDIS_URL", "DEBUG"):
            env.pop(name, None)
        command = [sys.executable, "-m", "tests.benchmarks.run", "--size", size]
        if size in mixed_sizes:
            command.append("--mixed")
        child = subprocess.run(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True
        )
        rows.extend(json.loads(child.stdout.strip().splitlines()[-1]))
    evaluate(rows)
    seconds = time.monotonic() - started
    report = {"machine": machine(server_url), "seconds": round(seconds, 1), "results": rows}
    (OUT / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(table(rows))
    unmet = [f"{r['scenario']} ({r['size']}): {r['target']}" for r in rows if r["met"] is False]
    print(f"\n{len(unmet)} targets unmet" + (":" if unmet else "."))
    for line in unmet:
        print(f"  {line}")
    print(f"\nvar/bench/latest.json written; {seconds:.0f} s in all.")


if __name__ == "__main__":
    main()
