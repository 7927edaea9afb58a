"""Alembic's environment: migrations run on the connection ``engine.migreer`` hands over."""

from __future__ import annotations

from alembic import context

from sto_monitor.appdb.tabellen import Basis

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Basis.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
