"""PostgreSQL: refuse TRUNCATE of the audit chain, and make the read-access log append-only like the chain
(UPDATE, DELETE and TRUNCATE refused). A no-op on SQLite, the quick start.

TRUNCATE passes only in a transaction that ran `SET LOCAL audit.allow_truncate = on`: what Django's `flush`
between transactional tests and the benchmark's generator do on their own databases. Anyone who can set it
can also disable the triggers; what that cannot hide is checked by `audit_verify` (see README, Security).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('audit.allow_truncate', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION '%% is append-only: TRUNCATE refused', TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_accesslog is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
DROP TRIGGER IF EXISTS access_log_append_only ON audit_accesslog;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_append_only();
DROP TRIGGER IF EXISTS access_log_no_truncate ON audit_accesslog;
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON audit_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS access_log_append_only ON audit_accesslog;
DROP TRIGGER IF EXISTS access_log_no_truncate ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_access_log_append_only();
DROP FUNCTION IF EXISTS audit_refuse_truncate();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_auditevent_mac")]

    operations = [migrations.RunPython(create, drop)]
