from . import todo


def todo_counts(request):
    """待办 badge in the navigation bar (a couple of small COUNT queries)."""
    user = getattr(request, "user", None)
    return {"todo_counts": todo.counts(user) if user is not None else {}}
