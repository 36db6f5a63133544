"""The central store: PostgreSQL in production, a SQLite file as the embedded default."""
