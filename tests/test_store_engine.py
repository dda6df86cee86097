"""Where the store lives (resolve_url) and the SQLite connection setup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from reportedly.store import DEFAULT_DB, ENV_VAR, open_store, resolve_url
from reportedly.store.engine import safe_url
from reportedly.store.schema import attributions


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize(
    ("db", "url"),
    [
        ("news.db", "sqlite:///news.db"),
        ("data/news.db", "sqlite:///data/news.db"),
        ("/srv/news.db", "sqlite:////srv/news.db"),
        ("sqlite:///elsewhere.db", "sqlite:///elsewhere.db"),
        ("sqlite://", "sqlite://"),
        ("postgresql+psycopg://me:secret@db/news", "postgresql+psycopg://me:secret@db/news"),
    ],
)
def test_resolve_url_paths_and_urls(db: str, url: str) -> None:
    assert resolve_url(db) == url


@pytest.mark.usefixtures("no_env")
def test_resolve_url_expands_home() -> None:
    assert resolve_url("~/news.db") == f"sqlite:///{os.path.expanduser('~')}/news.db"


@pytest.mark.usefixtures("no_env")
def test_resolve_url_default_is_in_the_working_directory() -> None:
    assert resolve_url(None) == f"sqlite:///{DEFAULT_DB}"


def test_resolve_url_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "/var/lib/news.db")
    assert resolve_url(None) == "sqlite:////var/lib/news.db"
    monkeypatch.setenv(ENV_VAR, "postgresql://db/news")
    assert resolve_url(None) == "postgresql://db/news"
    assert resolve_url("mine.db") == "sqlite:///mine.db"  # an explicit db wins


def test_resolve_url_ignores_an_empty_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "")
    assert resolve_url(None) == f"sqlite:///{DEFAULT_DB}"


def test_open_store_uses_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))
    with open_store() as store:
        assert store.count_articles() == 0
    assert (tmp_path / "from-env.db").is_file()


def test_open_store_default_file_in_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    with open_store():
        pass
    assert (tmp_path / DEFAULT_DB).is_file()


def test_safe_url_masks_the_password() -> None:
    assert "secret" not in safe_url("postgresql+psycopg://me:secret@db/news")


def test_sqlite_connections_get_the_pragmas(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "p.db")) as store, store.engine.connect() as conn:

        def pragma(name: str) -> object:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 30_000
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 1  # NORMAL


def test_foreign_keys_are_enforced(store_url: str) -> None:
    row = {
        "article_id": 42,
        "position": 0,
        "cue": "said",
        "content": "x",
        "kind": "direct",
        "modality": "said",
        "confidence": 1.0,
    }
    with open_store(store_url) as store:
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(insert(attributions).values(row))
        assert store.claims() == []
