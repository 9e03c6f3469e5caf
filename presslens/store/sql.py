"""Small SQL helpers shared by the store modules."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], stmt: Any = None) -> None:
    """Multi-row INSERT ... VALUES in chunks: one round trip per chunk instead of one per row."""
    stmt = table.insert() if stmt is None else stmt
    per = max(1, 30000 // max(1, len(table.columns)) // 10)
    for i in range(0, len(rows), per):
        conn.execute(stmt.values(rows[i : i + per]))
