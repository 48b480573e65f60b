"""Settings as the operator meets them: a fresh process reading the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
SIGNING_KEY = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode()
)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 60 + "-a-long-random-production-key-for-the-deploy-check",
    "ALLOWED_HOSTS": "academy.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "SITE_URL": "https://academy.example",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CREDENTIAL_SIGNING_KEY": SIGNING_KEY,
}


def manage(*args, env, tmp_path):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", *PRODUCTION}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY is not set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is not set"),
        ("REDIS_URL", "REDIS_URL is not set: production needs a cache every process shares"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL is not set: production needs a broker"),
        ("CREDENTIAL_SIGNING_KEY", "CREDENTIAL_SIGNING_KEY is not set and CREDENTIAL_KEYS_DIR"),
    ],
)
def test_production_refuses_to_start_without(tmp_path, missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG=true is refused"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 characters"),
        ({"SITE_URL": "http://academy.example"}, "SITE_URL must be the site's https:// address"),
        (
            {"FORMER_SITE_URLS": "https://old.example/academy"},
            "FORMER_SITE_URLS: 'https://old.example/academy' is not an origin",
        ),
    ],
)
def test_production_refuses_unsafe_values(tmp_path, override, message):
    result = manage("check", env={**PRODUCTION, **override}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_signing_key_may_be_a_key_file_or_a_pem_with_escaped_line_breaks(tmp_path):
    without = {k: v for k, v in PRODUCTION.items() if k != "CREDENTIAL_SIGNING_KEY"}
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "2026.pem").write_text(SIGNING_KEY)
    in_a_file = {**without, "CREDENTIAL_KEYS_DIR": str(tmp_path / "keys")}
    one_line = {**PRODUCTION, "CREDENTIAL_SIGNING_KEY": SIGNING_KEY.replace("\n", "\\n")}
    for env in (in_a_file, one_line):
        result = manage("check", env=env, tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr


def test_a_damaged_signing_key_stops_start_up_with_its_name(tmp_path):
    damaged = {**PRODUCTION, "CREDENTIAL_SIGNING_KEY": SIGNING_KEY[:200]}
    result = manage("check", env=damaged, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "CREDENTIAL_SIGNING_KEY is not a readable PEM private key" in result.stderr


def test_a_bad_value_stops_start_up_with_its_name(tmp_path):
    result = manage("check", env={"EMAIL_PORT": "smtp"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "EMAIL_PORT='smtp' is not a whole number" in result.stderr


def test_the_embedded_setup_generates_a_secret_key_once(tmp_path):
    assert manage("check", env={}, tmp_path=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    manage("check", env={}, tmp_path=tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_environment_variables_switch_database_cache_broker_and_storage(tmp_path):
    code = (
        "from django.conf import settings as s; from config import celery_app as c;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.SESSION_ENGINE,"
        " c.conf.broker_url, c.conf.task_always_eager, s.STORAGES['default']['BACKEND'])"
    )
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/academy",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "S3_BUCKET": "media",
    }
    result = manage("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "core.redis_cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "redis://127.0.0.1:6379/0",
        "False",
        "storages.backends.s3.S3Storage",
    ], result.stderr


def test_the_embedded_defaults_need_no_services(tmp_path):
    code = (
        "from django.conf import settings as s; from config import celery_app as c;"
        "from django.db import connection as db; cursor = db.cursor();"
        "print(s.DATABASES['default']['NAME'], s.CACHES['default']['BACKEND'],"
        " c.conf.task_always_eager, s.STORAGES['default']['BACKEND'], s.DEBUG,"
        " cursor.execute('PRAGMA journal_mode').fetchone()[0])"
    )
    result = manage("shell", "-v", "0", "-c", code, env={}, tmp_path=tmp_path)
    assert result.stdout.split() == [
        str(tmp_path / "academy.sqlite3"),
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "django.core.files.storage.FileSystemStorage",
        "False",
        "wal",
    ], result.stderr


def test_with_a_cdn_domain_private_files_still_get_signed_bucket_urls(tmp_path):
    code = (
        "from django.core.files.storage import storages as s;"
        "print(s['default'].url('covers/a.jpg')); print(s['private'].url('exports/g.csv'))"
    )
    env = {
        "S3_BUCKET": "academy",
        "S3_CUSTOM_DOMAIN": "cdn.academy.example",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    result = manage("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)
    public, private = result.stdout.split()
    assert public == "https://cdn.academy.example/media/covers/a.jpg", result.stderr
    assert private.startswith("http://127.0.0.1:9/academy/private/exports/g.csv?")
    assert "Signature=" in private


def test_storage_calls_have_timeouts(tmp_path):
    code = (
        "from django.core.files.storage import storages as s; c = s['private'].client_config;"
        "print(c.connect_timeout, c.read_timeout, c.retries['max_attempts'])"
    )
    env = {"S3_BUCKET": "academy", "S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    result = manage("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)
    assert result.stdout.split() == ["2", "10", "3"], result.stderr


def test_an_https_site_sends_cookies_over_https_only_even_in_the_embedded_setup(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE)"
    )
    for site, expected in (("https://academy.example", "True"), ("http://127.0.0.1:8000", "False")):
        result = manage("shell", "-v", "0", "-c", code, env={"SITE_URL": site}, tmp_path=tmp_path)
        assert result.stdout.split() == [expected] * 3, result.stderr
