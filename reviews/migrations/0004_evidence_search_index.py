"""A GIN index for full-text search of evidence on PostgreSQL; nothing on SQLite,
where search falls back to a plain substring match. The expression matches the SQL
that django.contrib.postgres.search.SearchVector("search_document", config="english")
produces, so the planner uses it."""

from django.db import migrations

INDEX = "reviews_evidence_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON reviews_evidence "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_evidence_search_document")]

    operations = [migrations.RunPython(create_index, drop_index)]
