"""The full-text index over search_entry.tokens, in the database's own kind.

SQLite: an external-content FTS5 table kept in step by triggers.
PostgreSQL: a generated tsvector('simple') column with a GIN index.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_entry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    "ALTER TABLE search_entry ADD COLUMN vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX search_entry_vector ON search_entry USING GIN (vector)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_entry_vector", "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector"]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(run({"sqlite": SQLITE, "postgresql": POSTGRES}), run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})),
    ]
