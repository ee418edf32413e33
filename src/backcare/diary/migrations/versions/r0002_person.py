"""Many people in one database: a ``person`` key on the profile and on episodes.

Existing rows become the default person's ("me"), so a personal diary reads exactly as before.
The profile's key moves from ``id`` (always 1) to ``person``: one profile per person.

Revision ID: r0002
Revises: r0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

revision: str = "r0002"
down_revision: str | None = "r0001"
branch_labels: str | None = None
depends_on: str | None = None


def _person() -> sa.Column[str]:
    return sa.Column("person", sa.String(64), nullable=False, server_default="me")


def upgrade() -> None:
    # SQLite rebuilds the table (batch mode), taking the new key in place of the old, which
    # SQLAlchemy warns about on its copy: silenced, or every new diary would print it.
    # PostgreSQL alters the table, and must drop the old key by name first.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Table '_alembic_tmp_profile' specifies columns",
                                sa.exc.SAWarning)
        _profile_keyed_by_person()
    op.add_column("episodes", _person())
    op.create_index("ix_episodes_person_id", "episodes", ["person", "id"])


def _profile_keyed_by_person() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.add_column(_person())
        if op.get_bind().dialect.name != "sqlite":
            batch.drop_constraint("profile_pkey", type_="primary")
        batch.create_primary_key("profile_pkey", ["person"])
        batch.alter_column("id", server_default="1")


def downgrade() -> None:
    others = op.get_bind().scalar(sa.text("SELECT COUNT(*) FROM episodes WHERE person <> 'me'"))
    if others:
        raise RuntimeError("this database holds other people's diaries; the first schema "
                           "keeps only one person's")
    op.execute("DELETE FROM profile WHERE person <> 'me'")
    op.drop_index("ix_episodes_person_id", table_name="episodes")
    with op.batch_alter_table("episodes") as batch:
        batch.drop_column("person")
    with op.batch_alter_table("profile") as batch:
        if op.get_bind().dialect.name != "sqlite":
            batch.drop_constraint("profile_pkey", type_="primary")
        batch.create_primary_key("profile_pkey", ["id"])
        batch.alter_column("id", server_default=None)
        batch.drop_column("person")
