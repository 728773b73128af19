"""The demo data as it was at the start of the quick start (`make run`), to go back to.

`make run` takes the snapshot right after the demo seed and the first term sweep; the demo clock's "terug naar
vandaag" restores it, so escalations, warnings and flags created on a future demo day disappear with the
day. SQLite only (the quick start's database): the snapshot is a copy of the database file (`VACUUM INTO`),
restored table by table inside one transaction on the open connection, so the web app's threads and the
sweep process keep their connections and simply read the old data again. The sessions table is kept, so
nobody is logged out by a reset. The audit chain's checkpoint files are put back with the rows they seal.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

KEEP = {"django_session"}  # who is logged in now, not the demo data


class SnapshotUnavailable(RuntimeError):
    pass


def snapshot_dir() -> Path:
    """Next to the demo clock's file (var/ in the quick start, a temporary folder in the tests)."""
    return Path(settings.DEMO_CLOCK_FILE).with_name("demo-snapshot")


def _database_copy() -> Path:
    return snapshot_dir() / "db.sqlite3"


def available() -> bool:
    return connection.vendor == "sqlite" and _database_copy().is_file()


def _checkpoints() -> Path:
    from audit.anchor import checkpoint_dir

    return checkpoint_dir()


def _copy_folder(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, target)


def take() -> Path:
    """Copy the database (and the audit checkpoints) into the snapshot folder."""
    if connection.vendor != "sqlite":
        raise SnapshotUnavailable("De demo-momentopname kan alleen met SQLite (make run).")
    folder = snapshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = _database_copy()
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(partial)])
    partial.replace(target)
    _copy_folder(_checkpoints(), folder / "audit-checkpoints")
    return target


def _tables(cursor, schema: str) -> set[str]:
    cursor.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {row[0] for row in cursor.fetchall()}


def _columns(cursor, schema: str, table: str) -> list[str]:
    cursor.execute(f'PRAGMA {schema}.table_info("{table}")')
    return [row[1] for row in cursor.fetchall()]


def restore() -> bool:
    """Put every table but the sessions back as in the snapshot; False when there is no snapshot."""
    if not available():
        return False
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("ATTACH DATABASE %s AS snapshot", [str(_database_copy())])
        try:
            with transaction.atomic():
                current, saved = _tables(cursor, "main"), _tables(cursor, "snapshot")
                for table in sorted(current - KEEP):
                    cursor.execute(f'DELETE FROM main."{table}"')
                for table in sorted((current & saved) - KEEP):
                    wanted = set(_columns(cursor, "main", table))
                    columns = ", ".join(f'"{c}"' for c in _columns(cursor, "snapshot", table) if c in wanted)
                    cursor.execute(
                        f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM snapshot."{table}"'
                    )
                cursor.execute("DELETE FROM main.sqlite_sequence")
                cursor.execute("INSERT INTO main.sqlite_sequence SELECT * FROM snapshot.sqlite_sequence")
        finally:
            cursor.execute("DETACH DATABASE snapshot")
    _copy_folder(snapshot_dir() / "audit-checkpoints", _checkpoints())
    return True
