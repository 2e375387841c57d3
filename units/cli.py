"""The command line's front door: who acts, and the three domain errors as exit codes.

A command that takes ``--user LOGIN`` acts as that user through the same use cases and access
registry as the pages and the API; without it the operator at the server's shell acts as the
system. NotFound exits 4, Forbidden 3, NotNow 5, each with its message.
"""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .access import Forbidden, NotFound, NotNow

EXIT_FORBIDDEN, EXIT_NOT_FOUND, EXIT_NOT_NOW = 3, 4, 5


def acting_user(login):
    """The active user called ``login``, or CommandError; None when no login is given."""
    from .models import User

    if not login:
        return None
    user = User.objects.filter(username=login, is_active=True).select_related("unit").first()
    if user is None:
        raise CommandError(_("找不到用户：%(login)s") % {"login": login}, returncode=EXIT_NOT_FOUND)
    return user


@contextmanager
def domain_errors():
    """Translate the use cases' errors into an exit code and a message."""
    try:
        yield
    except NotFound as exc:
        raise CommandError(str(exc) or _("未找到，或不在您的权限范围内。"), returncode=EXIT_NOT_FOUND) from exc
    except Forbidden as exc:
        raise CommandError(str(exc) or _("您无权执行此操作。"), returncode=EXIT_FORBIDDEN) from exc
    except NotNow as exc:
        raise CommandError(exc.message, returncode=EXIT_NOT_NOW) from exc
