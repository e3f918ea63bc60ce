"""The application database in one place: the connection (engine.py), every table
(tables.py, with columns.py), the store base (store.py), the outbox (outbox.py), and the
schema's migrations (migrate.py, migrations/, dropped.py)."""
