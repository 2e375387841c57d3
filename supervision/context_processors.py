from django.utils.functional import SimpleLazyObject

from . import todo


def todo_counts(request):
    """待办 badge in the navigation bar (a couple of small COUNT queries).

    Lazy: an HTMX fragment (a saved sheet row) has no navigation bar and runs no query for it.
    """
    user = getattr(request, "user", None)
    return {"todo_counts": SimpleLazyObject(lambda: todo.counts(user) if user is not None else {})}
