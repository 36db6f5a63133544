"""Replication between this laptop's SQLite store and the central store (docs/sync.md).

Qt-free. ``central/`` is the central side (schema, row-level security, administration, the
push and pull endpoints); the rest is the laptop side: ``merge`` (pure, shared by both
centrals), ``apply`` (pulled rows into the local store), ``session`` (one sync run),
``credentials`` (keyring).
"""
