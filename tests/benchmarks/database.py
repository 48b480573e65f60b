"""One PostgreSQL database per data size, generated once and reused: a marker table holds a hash
of the generator and of every migration, and the manifest the driver reads. A changed hash (or
no marker) means a fresh database: dropped, created, migrated, generated."""

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
MARKER = "bench_marker"


def source_hash() -> str:
    digest = hashlib.sha256()
    sources = [Path(__file__).with_name("generate.py"), *sorted(ROOT.glob("*/migrations/*.py"))]
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def database_url(server_url: str, name: str) -> str:
    """The server's URL with the database name as its path."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, "")), autocommit=True
    )


def _stored(url: str) -> dict | None:
    """The marker of the database at `url`: {"hash", "manifest"}, or None."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with _admin_connection(url) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        return None
    with psycopg.connect(url) as connection:
        table = connection.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]
        if table is None:
            return None
        row = connection.execute(f"SELECT hash, manifest FROM {MARKER}").fetchone()  # noqa: S608
    return {"hash": row[0], "manifest": json.loads(row[1])} if row else None


def _recreate(url: str) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _admin_connection(url) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(url: str, size: str, *, force: bool = False, log=print) -> dict:
    """The manifest of an up-to-date database of `size` at `url`, generating it when needed.
    Call before django.setup(); DATABASE_URL must be `url`."""
    wanted = source_hash()
    stored = None if force else _stored(url)
    if stored and stored["hash"] == wanted and stored["manifest"].get("size") == size:
        log(f"  {size}: database up to date, generation skipped")
        import django

        django.setup()
        return stored["manifest"]
    log(f"  {size}: generating a fresh database")
    _recreate(url)
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from tests.benchmarks import generate

    manifest = generate.build(size)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (hash text NOT NULL, manifest text NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s)",  # noqa: S608
            [wanted, json.dumps(manifest)],
        )
    return manifest
