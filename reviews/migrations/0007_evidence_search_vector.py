"""Evidence keeps its full-text vector, stored and GIN-indexed (PostgreSQL), instead of
an index over to_tsvector(search_document): a search then ranks on the stored vector
and never parses a document's text again. SQLite keeps a plain column it never
fills (search there is a substring match)."""

import django.contrib.postgres.search
from django.db import DataError, migrations, transaction

OLD_INDEX = "reviews_evidence_search_gin"
INDEX = "reviews_evidence_search_vector_gin"
LONG = 500_000  # characters; reviews.models.evidence.SEARCH_MAX_CHARS


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    vector = "to_tsvector('english'::regconfig, COALESCE(search_document, ''))"
    schema_editor.execute(
        f"UPDATE reviews_evidence SET search_vector = {vector} WHERE length(search_document) <= %s",
        [LONG],
    )
    # A tsvector holds at most 1 MB: as reviews.models.evidence.update_search_vectors
    # does, a text too large for one is indexed as far as it fits.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM reviews_evidence WHERE length(search_document) > %s", [LONG])
        long_ids = [row[0] for row in cursor.fetchall()]
    for pk in long_ids:
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(
                    f"UPDATE reviews_evidence SET search_vector = {vector} WHERE id = %s", [pk]
                )
        except DataError:
            schema_editor.execute(
                "UPDATE reviews_evidence SET search_vector = "
                "to_tsvector('english'::regconfig, left(search_document, %s)) WHERE id = %s",
                [LONG, pk],
            )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reviews_evidence USING gin (search_vector)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON reviews_evidence "
        "USING gin (to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_report_versions_comments_approvals_publications")]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
