"""PostgreSQL: the read-access log stays append-only, except that its own purge may DELETE entries older than
its term. The purge (audit.privacy.access_log_purge) runs `SET LOCAL audit.access_log_purge_before = <moment>`
in its transaction; a row is deleted only when it is older than that moment and older than one year (no
setting can remove a recent entry). UPDATE stays refused. A no-op on SQLite, the quick start."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_access_log_append_only() RETURNS trigger AS $$
DECLARE
    before text := current_setting('audit.access_log_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND before IS NOT NULL AND before <> ''
       AND OLD.at < before::timestamptz AND OLD.at < now() - interval '1 year' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_accesslog is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
RESTORE = """
CREATE OR REPLACE FUNCTION audit_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_accesslog is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_access_log_parent_reads")]

    operations = [migrations.RunPython(create, restore)]
