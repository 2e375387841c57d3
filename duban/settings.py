"""Duban settings — every deployment knob comes from an environment variable with a safe default.

DATABASE_URL   sqlite:///db.sqlite3 (default) or postgres://user:pass@host/name
SECRET_KEY     required when DEBUG is off
DEBUG          "1"/"true" to enable (default off)
ALLOWED_HOSTS  comma-separated (default: localhost names when DEBUG, none otherwise)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """A yes/no setting; a typo (DEBUG=ture) stops the start instead of silently meaning "no"."""
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value not in TRUE | FALSE:
        raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")
    return value in TRUE


def env_secret(name, default=""):
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc.strerror}") from exc
    return os.environ.get(name, default)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
DUBAN_ERROR_PAGES = env_bool("DUBAN_ERROR_PAGES", False)  # with DEBUG: serve the real 404/500 pages (scripts/start)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("DUBAN_ALLOW_INSECURE_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "jobs",  # before django_tasks_db: its db_worker command (with the heartbeat) is the one manage.py runs
    "django_tasks",
    "django_tasks_db",
    "audit",
    "units",
    "plans",
    "filings",
    "supervision",
    "documents",
    "reports",
    "levels",
    "scoring",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "ninja",
    "search",
    "api",
    "captcha",
    "publishing",
    "evidence",
]

MIDDLEWARE = [
    "duban.errors.ErrorPagesMiddleware",  # real 404/500 pages under DEBUG when DUBAN_ERROR_PAGES (the demo)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.log.AuditContextMiddleware",  # who and from where, for events recorded deep in the code
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "duban.middleware.OversizedPostMiddleware",  # a 10 MB paste into a row: the row again, not 请求无效
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "units.sessions.SessionLimitsMiddleware",  # idle and absolute session lifetime (DUBAN_IDLE_MINUTES, DUBAN_SESSION_MAX_HOURS)
    "units.second_factor.SecondFactorMiddleware",  # a user with a device, or whose role requires one, gives the code first
    "duban.middleware.ControlCharactersMiddleware",  # NUL and other control characters in GET/POST fields: a clear 400
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "duban.middleware.SecurityHeadersMiddleware",
    "duban.middleware.DomainErrorsMiddleware",  # units.access.NotNow → message + redirect, or 409
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "supervision.context_processors.todo_counts",
            ],
        },
    },
]

WSGI_APPLICATION = "duban.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + busy timeout + BEGIN IMMEDIATE: concurrent writers wait instead of failing.
    # synchronous=FULL: a save the user saw acknowledged survives a power cut, not only a crash.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }

# Background work (后台任务): Django's task framework through the django-tasks backport, queued in
# the database and run by `manage.py db_worker` (scripts/start runs one beside the server).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DUBAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
DUBAN_JOB_STALE_SECONDS = int(
    os.environ.get("DUBAN_JOB_STALE_SECONDS", "120")
)  # no heartbeat this long: the worker died
DUBAN_JOB_PDF_THRESHOLD = int(
    os.environ.get("DUBAN_JOB_PDF_THRESHOLD", "1000")
)  # PDFs of more rows render in the background (Typst: 500 rows in about a second)
DUBAN_JOB_SUMMARY_THRESHOLD = int(
    os.environ.get("DUBAN_JOB_SUMMARY_THRESHOLD", "2000")
)  # summary PDFs of more paragraphs, likewise
DUBAN_JOB_REMIND_THRESHOLD = int(
    os.environ.get("DUBAN_JOB_REMIND_THRESHOLD", "10")
)  # 一键催办 of more late units runs as a job
DUBAN_JOB_PUBLISH_THRESHOLD = int(
    os.environ.get("DUBAN_JOB_PUBLISH_THRESHOLD", os.environ.get("DUBAN_JOB_PDF_THRESHOLD", "50"))
)  # 发布 of more rows, likewise
SILENCED_SYSTEM_CHECKS = env_list("DUBAN_SILENCED_CHECKS")  # scripts/start: duban.W001 (it runs its own worker)
DUBAN_JOB_WORKER_WAIT_SECONDS = int(
    os.environ.get("DUBAN_JOB_WORKER_WAIT_SECONDS", "30")
)  # queued this long with no live worker: the job page says so
DUBAN_WORKER_BEAT_SECONDS = int(
    os.environ.get("DUBAN_WORKER_BEAT_SECONDS", "10")
)  # db_worker writes its heartbeat this often
DUBAN_WORKER_SILENT_SECONDS = int(
    os.environ.get("DUBAN_WORKER_SILENT_SECONDS", "180")
)  # no heartbeat this long: no worker runs (check duban.W001)
DUBAN_JOB_KEEP_DAYS = float(
    os.environ.get("DUBAN_JOB_KEEP_DAYS", "7")
)  # purge_jobs deletes finished jobs and their files after this
DUBAN_JOB_IMPORT_BYTES = int(
    os.environ.get("DUBAN_JOB_IMPORT_BYTES", str(1024 * 1024))
)  # larger uploads are parsed in the background
# so are uploads whose estimated work (cells + paragraphs counted in the file's bytes, docparse.limits.prescan) is larger
DUBAN_JOB_IMPORT_WORK = int(os.environ.get("DUBAN_JOB_IMPORT_WORK", "20000"))

AUTH_USER_MODEL = "units.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "duban.errors.csrf_failure"

# Login lockout (django-axes): after DUBAN_LOGIN_FAILURE_LIMIT failed logins for one login name from one
# address, that pair waits DUBAN_LOGIN_COOLOFF_MINUTES; an address with DUBAN_LOGIN_ADDRESS_LIMIT failures
# (any names) waits too. A known login name tried from elsewhere locks nobody else out; the office can unlock.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DUBAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=float(os.environ.get("DUBAN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "units.security.PairAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "units.security.lockout_response"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "audit.addresses.client_address"  # behind the proxy (BEHIND_PROXY=1): the address it saw
DUBAN_LOGIN_ADDRESS_LIMIT = int(
    os.environ.get("DUBAN_LOGIN_ADDRESS_LIMIT", "50")
)  # failures from one address, any names
DUBAN_BEHIND_PROXY = env_bool("BEHIND_PROXY")

# Sessions (等保): idle sessions end after DUBAN_IDLE_MINUTES; none lasts longer than DUBAN_SESSION_MAX_HOURS.
DUBAN_IDLE_MINUTES = float(os.environ.get("DUBAN_IDLE_MINUTES", "30"))
DUBAN_SESSION_MAX_HOURS = float(os.environ.get("DUBAN_SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_AGE = int(DUBAN_SESSION_MAX_HOURS * 3600)
# Second factor (TOTP, django-otp): the roles that must use it (admin, office); anyone may enrol.
DUBAN_OTP_REQUIRED_ROLES = env_list("DUBAN_OTP_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Duban")
# API tokens expire after this many days (a new one is made on the profile page).
DUBAN_TOKEN_DAYS = int(os.environ.get("DUBAN_TOKEN_DAYS", "180"))
# 安全审计: records are kept at least this many days (purge_audit refuses younger).
DUBAN_AUDIT_KEEP_DAYS = float(os.environ.get("DUBAN_AUDIT_KEEP_DAYS", "180"))
LOGIN_URL = "login"
# A new user's set-password link (roster import) stays valid this long, or until used.
PASSWORD_RESET_TIMEOUT = int(float(os.environ.get("DUBAN_SET_PASSWORD_DAYS", "7")) * 86400)
PASSWORD_CHANGE_REDIRECT_URL = "home"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("DUBAN_PLAIN_STATIC")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: documents are small; anything bigger is refused with a clear message.
DUBAN_MAX_UPLOAD_BYTES = int(os.environ.get("DUBAN_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Every parse of an uploaded document runs in a child process under these budgets (docparse.sandbox).
DUBAN_PARSE_TIMEOUT = float(os.environ.get("DUBAN_PARSE_TIMEOUT", "60"))  # seconds, .doc conversion included
DUBAN_PARSE_MAX_MEMORY = int(os.environ.get("DUBAN_PARSE_MAX_MEMORY", str(1024 * 1024 * 1024)))  # bytes
DUBAN_IMPORT_PREVIEW_HOURS = float(os.environ.get("DUBAN_IMPORT_PREVIEW_HOURS", "24"))  # unconfirmed previews kept
# 佐证材料 (evidence files on filings), stored in STORAGES["default"]
DUBAN_EVIDENCE_MAX_BYTES = int(os.environ.get("DUBAN_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))  # one file
DUBAN_EVIDENCE_MAX_FILES = int(os.environ.get("DUBAN_EVIDENCE_MAX_FILES", "10"))  # files per filing

# E-mail (reminders 催办)
# With DEBUG on and no EMAIL_BACKEND set (the demo), mail is written as files to EMAIL_FILE_PATH
# (default sent-mail/, gitignored) instead of being sent: reminders then fill 催办记录 with no mail server.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "duban@localhost")

# Security: strict by default, relaxed only in DEBUG.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles from this site only — no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # ECharts and htmx set element styles
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Supervision
DUBAN_ASSESSMENT_MARGIN = float(os.environ.get("DUBAN_ASSESSMENT_MARGIN", "10"))  # percentage points around 序时进度
DUBAN_REMIND_BEFORE_DAYS = int(os.environ.get("DUBAN_REMIND_BEFORE_DAYS", "3"))
DUBAN_REMIND_EVERY_DAYS = int(os.environ.get("DUBAN_REMIND_EVERY_DAYS", "2"))
DUBAN_QUIET_START = os.environ.get("DUBAN_QUIET_START", "22:00")
DUBAN_QUIET_END = os.environ.get("DUBAN_QUIET_END", "07:00")
DUBAN_WEBHOOK_TIMEOUT = float(os.environ.get("DUBAN_WEBHOOK_TIMEOUT", "5"))
DUBAN_REMIND_RETRY_MINUTES = int(os.environ.get("DUBAN_REMIND_RETRY_MINUTES", "15"))
DUBAN_REMIND_MAX_ATTEMPTS = int(os.environ.get("DUBAN_REMIND_MAX_ATTEMPTS", "6"))
DUBAN_SITE_URL = os.environ.get("DUBAN_SITE_URL", "")
# The login page: the bureau the system serves (else the one top unit's name) and whom to ask for a forgotten
# password (else: the unit's 督办员 or the system administrator).
DUBAN_BUREAU_NAME = os.environ.get("DUBAN_BUREAU_NAME", "")
DUBAN_PASSWORD_HELP = os.environ.get("DUBAN_PASSWORD_HELP", "")
DUBAN_DASHBOARD_LIST_LIMIT = int(
    os.environ.get("DUBAN_DASHBOARD_LIST_LIMIT", "100")
)  # lagging/flagged rows shown before 显示全部
DUBAN_COPY_THRESHOLD = float(
    os.environ.get("DUBAN_COPY_THRESHOLD", "0.8")
)  # 照搬: share of a 完成情况 found in another text
DUBAN_COPY_MIN_CHARS = int(
    os.environ.get("DUBAN_COPY_MIN_CHARS", "15")
)  # shorter 完成情况 (letters and digits) are not checked for 照搬

# 政府信息公开 (publishing)
DUBAN_CREDIT_CODE = os.environ.get(
    "DUBAN_CREDIT_CODE", ""
)  # the bureau's 统一社会信用代码, front code of generated 索引号
DUBAN_INDEX_SERIAL_WIDTH = int(os.environ.get("DUBAN_INDEX_SERIAL_WIDTH", "6"))
DUBAN_INDEX_SEPARATOR = os.environ.get("DUBAN_INDEX_SEPARATOR", "-")
DUBAN_TOPIC_CATEGORIES = env_list(
    "DUBAN_TOPIC_CATEGORIES", "卫生、体育\\医药管理,卫生、体育\\卫生,卫生、体育\\其他,综合政务\\其他"
)
DUBAN_GENRE_CATEGORIES = env_list("DUBAN_GENRE_CATEGORIES", "计划总结,工作动态,规划计划,统计信息,其他")
DUBAN_PUBLISH_WITHIN_WORKDAYS = int(os.environ.get("DUBAN_PUBLISH_WITHIN_WORKDAYS", "20"))  # 条例 art. 26
# Modules whose job handlers register beside the apps' own (the test settings add the tests' handlers).
DUBAN_EXTRA_JOB_MODULES = []
DUBAN_PUBLISH_FORMATS = ("docx", "xlsx", "pdf")  # the attachments frozen with each published version
# Public holidays and make-up workdays (调休上班), ISO dates or ranges a..b; default: the 2025 State Council schedule.
DUBAN_HOLIDAYS = os.environ.get(
    "DUBAN_HOLIDAYS",
    "2025-01-01,2025-01-28..2025-02-04,2025-04-04..2025-04-06,2025-05-01..2025-05-05,2025-05-31..2025-06-02,2025-10-01..2025-10-08",
)
DUBAN_MAKEUP_WORKDAYS = os.environ.get(
    "DUBAN_MAKEUP_WORKDAYS", "2025-01-26,2025-02-08,2025-04-27,2025-09-28,2025-10-11"
)
DUBAN_FEEDBACK_RATE_LIMIT = int(os.environ.get("DUBAN_FEEDBACK_RATE_LIMIT", "5"))  # feedback posts per address …
DUBAN_FEEDBACK_RATE_WINDOW = int(os.environ.get("DUBAN_FEEDBACK_RATE_WINDOW", "600"))  # … within this many seconds
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "+"
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_dots",)  # no arcs: the sum stays legible
CAPTCHA_LETTER_ROTATION = (-10, 10)
CAPTCHA_FONT_SIZE = 30
