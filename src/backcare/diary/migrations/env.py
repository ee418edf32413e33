"""Run the diary's migrations on the connection :func:`backcare.diary.database.migrate` hands in.

There is no ``alembic.ini``: the diary opens its own database and upgrades it, in the
transaction it already holds, so a failed upgrade leaves the old schema untouched.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from backcare.diary.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("the diary's migrations run on a connection from backcare.diary.database")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot alter most constraints in place; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
