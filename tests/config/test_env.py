import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_choice, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("ON", True), ("0", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG")


def test_env_int_refuses_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="PORT='eighty' is not a whole number"):
        env_int("PORT", 1)
    monkeypatch.setenv("PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        env_int("PORT", 1, minimum=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, b.example ,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_env_choice_names_the_choices(monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "staging")
    with pytest.raises(ImproperlyConfigured, match="must be one of: embedded, production"):
        env_choice("DJANGO_ENV", ("embedded", "production"), "embedded")


def test_a_postgres_url_becomes_a_database_entry():
    entry = database_from_url(
        "postgres://acad%40emy:p%2Fss@db.internal:6543/academy?sslmode=require"
    )
    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["NAME"], entry["USER"], entry["PASSWORD"]) == ("academy", "acad@emy", "p/ss")
    assert (entry["HOST"], entry["PORT"], entry["OPTIONS"]) == (
        "db.internal",
        "6543",
        {"sslmode": "require", "connect_timeout": "5"},  # a dead database fails in seconds
    )
    assert database_from_url("postgres://db/a?connect_timeout=2")["OPTIONS"] == {
        "connect_timeout": "2"
    }


def test_a_sqlite_url_uses_wal():
    entry = database_from_url("sqlite:////srv/academy.db")
    assert entry["NAME"] == "/srv/academy.db"
    assert "journal_mode=WAL" in entry["OPTIONS"]["init_command"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/academy", "must start with postgres:// or sqlite:///"),
        ("postgres://localhost:5432/", "needs a database name"),
        ("postgres://localhost:port/academy", "port that is not a number"),
        ("sqlite://", "needs a file path"),
    ],
)
def test_bad_database_urls_are_refused_clearly(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url)
