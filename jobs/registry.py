"""The job handlers by name — each app registers its handlers here (from its AppConfig.ready), and the
worker looks a job's handler up by the name stored in the row. Nothing is imported from a string out
of the database: an unknown name fails the job with a message, and import-linter sees every edge
(the apps import this module; this module imports none of them).
"""

HANDLERS = {}


def handler(name):
    """Register ``func(job, **args)`` as the handler called ``name`` (kept stable: rows store it)."""

    def register(func):
        if HANDLERS.get(name, func) is not func:
            raise ValueError(f"job handler {name!r} is registered twice")
        HANDLERS[name] = func
        return func

    return register


def lookup(name):
    """The handler registered as ``name``, or None."""
    return HANDLERS.get(name)
