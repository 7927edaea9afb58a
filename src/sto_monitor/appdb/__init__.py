"""The application database: what people write in STO Monitor.

Beside the warehouse (DuckDB, rebuilt from files, read-only for the web) lives one transactional
database for everything people enter: accounts and sessions, toelichtingen, survey responses and
invitations, scenarios and the audit log. It is SQLite by default (a file beside the warehouse,
WAL, nothing to install) and PostgreSQL in production (``STO_APP_DB=postgresql://…``); the same
SQLAlchemy code runs on both. ``tabellen.py`` declares the tables, ``migraties/`` holds the
Alembic migrations that create them, ``engine.py`` opens the database and runs a transaction,
``audit.py`` records every write in the same transaction as the write itself.
"""
