"""Alembic environment: metadata from the models, the connection from the app (knowledge.db)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from knowledge.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand: the URL comes from Settings
        from knowledge.settings import Settings

        engine = create_engine(Settings().db_url)
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run_migrations()
