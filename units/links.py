"""Links to many objects of one kind on one page (a sheet of 60 rows, a list of 60 notes): the URL is
reversed once and each object's id put in its place. reverse() costs a resolver walk and a thread-local
lookup or two every call; a page printing four links a row would pay that 240 times."""

from django.urls import reverse

_ID = 987654321987  # a placeholder no URL pattern prints on its own (pks are put in by str.replace)


def link_for(name, *fixed):
    """``name`` of a URL pattern taking one id → ``id -> URL``; ``fixed``: the arguments before that id,
    the same on every link (the round of ``supervision:quality``'s units)."""
    pattern = reverse(name, args=[*fixed, _ID])
    placeholder = str(_ID)
    return lambda pk: pattern.replace(placeholder, str(pk))
