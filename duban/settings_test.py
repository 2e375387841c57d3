"""Settings for the test suite: the production settings with test-safe environment defaults."""

import os

os.environ.setdefault("DUBAN_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("DUBAN_PLAIN_STATIC", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Jobs run in the test's own thread; tests of the real worker start `db_worker` themselves.
os.environ.setdefault("DUBAN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

# Tests travel in time (time_machine) after logging in; the session limits (等保, units/sessions.py) would end
# those sessions on the jump. Their own tests set the real limits (units/tests/test_session_limits.py).
os.environ.setdefault("DUBAN_IDLE_MINUTES", str(365 * 24 * 60))
os.environ.setdefault("DUBAN_SESSION_MAX_HOURS", str(365 * 24))

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test job handlers (jobs/tests/handlers.py), for the worker processes the job tests start.
DUBAN_EXTRA_JOB_MODULES = ["jobs.tests.handlers"]

# Files the tests store (佐证材料) go to a scratch directory of the run, never into the repository's media/.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="duban-test-media-"))  # noqa: F405
