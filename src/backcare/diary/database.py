"""Where the diary lives and how it is opened: one SQLite file by default, PostgreSQL on request.

Opening a diary brings its schema up to date with the migrations shipped in the package, so a
diary written by an older backcare is upgraded, never misread. SQLite is tuned for a diary
that must not lose an entry: write-ahead log, a sync on every commit, foreign keys enforced.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url

if TYPE_CHECKING:
    from alembic.config import Config

ENV_VAR = "BACKCARE_DATABASE_URL"
# The newest migration in migrations/versions; a test checks that the two agree.
HEAD = "r0002"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# An arbitrary constant that tells this program's migration lock from any other advisory lock.
_PG_MIGRATION_LOCK = 0x6261636B  # "back"
# Writers take SQLite's write lock when their transaction begins, not halfway through it: two
# processes that both read and then try to write would otherwise fail with "database is locked".
WRITE = {"backcare_begin": "IMMEDIATE"}


def default_path() -> Path:
    """The diary file in the user's data directory (``~/.local/share/backcare`` on Linux)."""
    import platformdirs

    return platformdirs.user_data_path("backcare", appauthor=False) / "diary.sqlite3"


def resolve_url(target: str | Path | None = None) -> URL:
    """The database to use: ``target`` (a path or a URL), else ``$BACKCARE_DATABASE_URL``,
    else the default file. ``postgresql://`` URLs are given the psycopg 3 driver."""
    chosen: str | Path = target or os.environ.get(ENV_VAR) or default_path()
    if isinstance(chosen, Path) or "://" not in chosen:
        return URL.create("sqlite", database=str(Path(chosen).expanduser()))
    url = make_url(chosen)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _prepare_sqlite_file(url: URL) -> None:
    """Create the file (and its folder) readable by its owner only: it holds health data."""
    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        path.touch(mode=0o600)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below open transactions, so that DDL and reads are
        # transactional too (pysqlite's own implicit BEGIN skips them).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("backcare_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_diary_engine(url: URL) -> Engine:
    """An engine for ``url`` with the settings the diary relies on."""
    if url.get_backend_name() == "sqlite":
        _prepare_sqlite_file(url)
        engine = create_engine(url)
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the packaged migrations, without an ``alembic.ini``.

    To write a new migration after changing ``models.py`` (then set :data:`HEAD` to it)::

        from alembic import command
        from backcare.diary.database import alembic_config, create_diary_engine, resolve_url
        with create_diary_engine(resolve_url("/tmp/scratch.sqlite3")).begin() as conn:
            command.revision(alembic_config(conn), "what changed", autogenerate=True)
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    """The schema revision the database is at; ``None`` for a new, empty database."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return None if found is None else str(found)


def migrate(engine: Engine) -> None:
    """Bring the schema to :data:`HEAD`, in one transaction, one process at a time.

    A diary already at ``HEAD`` is checked with one query and Alembic is not even imported:
    that is every run but the first, and it keeps ``backcare log`` quick to start.
    """
    with engine.connect() as connection:
        if current_revision(connection) == HEAD:
            return
    from alembic import command

    with engine.execution_options(**WRITE).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": _PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(connection), "head")
