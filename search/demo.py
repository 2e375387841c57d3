"""Demo additions: the search index over the demo data (imports write some rows in bulk, without
signals). An API token for trying the API: ``manage.py create_api_token office``."""


def load_demo(stdout):
    from .index import rebuild

    counts = rebuild()
    stdout.write(f"检索索引 / search index: {sum(counts.values())} entries")
