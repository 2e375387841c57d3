"""Demo additions: the search index over the demo data (imports write rows in bulk, without
signals), and an API token for the demo office so the API can be tried at once."""


def load_demo(stdout):
    from api.models import ApiToken
    from units.models import User

    from .index import rebuild

    counts = rebuild()
    stdout.write(f"检索索引 / search index: {sum(counts.values())} entries")
    office = User.objects.filter(username="office").first()
    if office is not None and not ApiToken.objects.filter(user=office, name="演示 / demo").exists():
        _token, raw = ApiToken.issue(office, "演示 / demo")
        stdout.write(f"API token for office (shown once): {raw}\n  curl -H 'Authorization: Bearer {raw}' http://127.0.0.1:8000/api/rounds")
