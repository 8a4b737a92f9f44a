"""Engine, sessions and schema upgrades (Alembic, run by the app on start)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from knowledge.errors import ConfigError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for SQLite (file created with its folder, foreign keys on) or PostgreSQL."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_pre_ping"] = True
    if parsed.get_backend_name() == "sqlite":
        # Writers queue instead of failing: an ingest keeps its transaction open while it embeds.
        kwargs["connect_args"] = {"timeout": 60}
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL: readers never wait for a writer, and a commit costs one append instead of journal syncs
            # (the chat bot writes a little on every message); NORMAL is durable across application crashes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as exc:  # a driver error: say which database could not be reached
        if exc.__class__.__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")):
            raise ConfigError(
                f"无法连接或升级数据库（{engine.url.render_as_string(hide_password=True)}）："
                "请检查 SAFETYBOT_DATABASE_URL 和数据库服务是否可用。"
            ) from exc
        raise


class Database:
    """Engine plus session factory; `session()` is one transaction."""

    def __init__(self, url: str, *, upgrade: bool = True) -> None:
        self.engine = make_engine(url)
        if upgrade:
            upgrade_schema(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def is_empty(self) -> bool:
        from knowledge.models import Document, Hazard

        with self.sessions() as session:
            docs = session.scalar(select(func.count()).select_from(Document)) or 0
            hazards = session.scalar(select(func.count()).select_from(Hazard)) or 0
        return docs == 0 and hazards == 0

    def dispose(self) -> None:
        self.engine.dispose()
