"""One settings module, driven by environment variables.

Every variable is read once here, with a default that suits the embedded quick start
(`make run`: SQLite, Celery eager, console e-mail). Production sets them explicitly.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# PRODUCTION: the HTTPS-only settings below (HSTS, secure cookies, SSL redirect); off for the quick start
PRODUCTION = env_bool("PRODUCTION", False)
# SECRET_KEY: required in production; the default is only for the embedded quick start
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-quickstart-key-change-me-in-production")
# DEBUG: off unless asked for
DEBUG = env_bool("DEBUG", False)
# ALLOWED_HOSTS: comma separated
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "viewflow",
    "viewflow.workflow",
    "cases",
    "workflows",
    "notifications",
    "audit",
    "reports",
    "parents",
    # REST API with OpenAPI, webhooks
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.http_policy.PageMethodsMiddleware",  # pages: PUT/PATCH/DELETE -> 405 before any view
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DutchByDefaultLocaleMiddleware",
    "config.request_limits.RequestSizeLimitMiddleware",  # an oversized body: 413 before anything reads it
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.http_policy.NoStoreMiddleware",  # signed-in pages and the API: Cache-Control no-store
    "django_otp.middleware.OTPMiddleware",
    "audit.otp.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.errors.ProductNotFoundPageMiddleware",  # DEBUG (make run): 404 is our page, not Django's list
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.bad_input.RejectNulBytesMiddleware",  # a NUL byte in a parameter -> 400, not a 500
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.errors.DatabaseUnavailableMiddleware",  # database down -> 503, never a stack trace
]

# django-axes first: refuses a locked-out login before the password is checked
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# AXES_FAILURE_LIMIT: failed logins (per username and IP) before a lockout of AXES_COOLOFF_MINUTES
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# AXES_IP_FAILURE_LIMIT: failed logins and API tokens from one IP address (any username) before that address
# is locked out too (audit/lockout.py); higher than the per-user limit, a school's network shares one address
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "20"))
AXES_HANDLER = "audit.lockout.PerUserAndIpHandler"
# FORWARDED_ALLOW_IPS: the proxies (comma-separated, as for gunicorn) whose X-Forwarded-For gives the client's
# address for the lockout; "*" trusts any, empty none
FORWARDED_ALLOW_IPS = [
    a.strip() for a in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",") if a.strip()
]
AXES_CLIENT_IP_CALLABLE = "audit.lockout.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# OTP_REQUIRED: two-factor login (TOTP) for the privileged roles (beslisser, CvA/BTO, auditor, beheerder,
# privacy officer); on by default, also in `make run` (the demo users have a fixed TOTP secret)
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "Casusregie SWV"

# Content-Security-Policy (django-csp 4): scripts only from our own static files
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # inline style attributes remain in a few templates; no inline scripts are allowed
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "config.demo_clock.demo_clock",
                "audit.context_processors.audit_menu",
                "workflows.menu.main_menu",  # the main menu: only the pages this user may open
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# DATABASE_URL: PostgreSQL in production and CI; SQLite file for the quick start
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
# DB_CONN_HEALTH_CHECKS: check a persistent connection (DB_CONN_MAX_AGE > 0) before each request
# reuses it, so a restarted PostgreSQL costs no failed request once it is back
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)
# DB_PREPARED_STATEMENTS: parameters sent apart from the statement (server-side binding) and a
# statement prepared after 5 uses on a connection, so PostgreSQL plans the ORM's joins once per connection
# (they cost more to plan than to run). Set it to 0 behind a transaction-pooling PgBouncer.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DB_PREPARED_STATEMENTS", True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # the quick start runs the web app (threads) and the sweep as two processes on one SQLite file.
    # WAL: readers never block the writer; IMMEDIATE: a transaction takes the write lock when it starts,
    # waiting up to `timeout` seconds, so two people acting on one task queue up and the second gets the
    # same conflict message as on PostgreSQL instead of "database is locked"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (quick start only) cannot enforce NULLS NOT DISTINCT (W047) nor keep an index's INCLUDE columns
# (W040's covering indexes for the report, a speed matter only); PostgreSQL does both.
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# DOCUMENT_ROOT: uploaded dossier documents, outside the web root, served only through a checked view
DOCUMENT_ROOT = Path(os.environ.get("DOCUMENT_ROOT", BASE_DIR / "var" / "documents"))
# DOCUMENT_MAX_BYTES: upload size limit per document (default 10 MiB)
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# SESSION_COOKIE_AGE: inactivity timeout in seconds (default 30 minutes), renewed on every request
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES: send cookies over HTTPS only (default: on with PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# SECURE_SSL_REDIRECT: redirect http to https (default: on with PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# SECURE_HSTS_SECONDS: Strict-Transport-Security max-age (default: one year with PRODUCTION, else off)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(31536000 if PRODUCTION else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# SECURE_PROXY_SSL_HEADER: behind a TLS-terminating proxy that sets X-Forwarded-Proto
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- REST API ------------------------------------------------------------------------------
# DATA_UPLOAD_MAX_MEMORY_SIZE: largest form or JSON body (not counting an uploaded file), default 1 MiB
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024)))
# API_TOKEN_DAYS: default validity of a new API token; API_TOKEN_MAX_DAYS: the longest a beheerder may set
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "365"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "730"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casusregie passend onderwijs API",
    "DESCRIPTION": (
        "REST API voor samenwerkingsverbanden passend onderwijs: leerlingen, casussen per route, taken, "
        "overgangen, documenten, termijnen, escalaties en rapportages. Dezelfde rechten als in de "
        "applicatie; elke inzage van een casus wordt gelogd. Authenticatie: `Authorization: Bearer <token>` "
        "(een API-koppeling van het samenwerkingsverband) of de sessie van de browser (met CSRF-token). "
        "Fouten: `{code, detail, field}`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [],  # choices stay inline with their field (the same names mean different sets)
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

# Webhooks. WEBHOOK_TIMEOUT_SECONDS per attempt;
# webhooks-outbox: retries, back-off and giving up are the outbox's (OUTBOX_* below)
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
# WEBHOOK_ALLOW_HTTP: also accept plain http:// receivers (default off: https only; off with PRODUCTION)
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", False)
# WEBHOOK_ALLOWED_NETWORKS: comma-separated networks (e.g. 127.0.0.1/32) that may receive webhooks although
# they are not public; default none: loopback, private, link-local and metadata addresses are refused
WEBHOOK_ALLOWED_NETWORKS = [  # a typo stops the start here, not a delivery later
    str(ipaddress.ip_network(n.strip(), strict=False))
    for n in os.environ.get("WEBHOOK_ALLOWED_NETWORKS", "").split(",")
    if n.strip()
]

# Celery. CELERY_BROKER_URL: Redis in production; the quick start runs tasks eagerly in-process
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL.startswith("memory"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through LOGGING (JSON in production) instead of Celery's own root handler
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# E-mail. EMAIL_BACKEND defaults to the console in the quick start; EMAIL_HOST etc. for SMTP
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casus@swv.example")
# EMAIL_FILE_PATH: where the file-based backend writes messages (the production smoke test)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# SITE_URL: used for links in e-mails
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# DEMO_CLOCK: `make run` only: lets a demo user move the clock forward to see terms fire (never in production)
DEMO_CLOCK = env_bool("DEMO_CLOCK", False)
DEMO_CLOCK_FILE = os.environ.get("DEMO_CLOCK_FILE", str(BASE_DIR / "var" / "demo_clock"))

# The term sweep: batch size per pass (SELECT ... FOR UPDATE SKIP LOCKED)
SWEEP_BATCH_SIZE = int(os.environ.get("SWEEP_BATCH_SIZE", "500"))

# LOG_FORMAT: "json" (one JSON object per line; the default in production) or "text"
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
# --- the transactional outbox (notifications/outbox.py) ---
# OUTBOX_MAX_ATTEMPTS: failed attempts before a message is given up (visible to beheerders in the admin)
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "10"))
# OUTBOX_RETRY_BASE_SECONDS / OUTBOX_MAX_BACKOFF_SECONDS: exponential back-off after a failed attempt
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "30"))
OUTBOX_MAX_BACKOFF_SECONDS = int(os.environ.get("OUTBOX_MAX_BACKOFF_SECONDS", str(6 * 3600)))
# OUTBOX_RELAY_LIMIT: messages one relay run carries out before it yields (beat or the next kick goes on)
OUTBOX_RELAY_LIMIT = int(os.environ.get("OUTBOX_RELAY_LIMIT", "1000"))
# OUTBOX_RETENTION_DAYS: delivered messages are deleted after this many days
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))
# ACCESS_LOG_RETENTION_YEARS: read-access log entries are purged after this many years (NEN 7513 practice: 5)
ACCESS_LOG_RETENTION_YEARS = int(os.environ.get("ACCESS_LOG_RETENTION_YEARS", "5"))
# DESTRUCTION_BATCH_SIZE: cases destroyed per transaction when an approved vernietigingslijst is carried out
DESTRUCTION_BATCH_SIZE = int(os.environ.get("DESTRUCTION_BATCH_SIZE", "25"))
# OUTBOX_BROKER_BACKOFF_SECONDS: after the broker failed to take a kick, requests stop trying for this long
OUTBOX_BROKER_BACKOFF_SECONDS = int(os.environ.get("OUTBOX_BROKER_BACKOFF_SECONDS", "30"))
# a broker that is down must not hold a request: fail fast, the outbox keeps the work
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
# (EMAIL_FILE_PATH, used by the fault tests too, is read above with the e-mail settings)
# AUDIT_RELAY_GRACE_SECONDS: a timeline line is appended to the audit chain by its own process right after the
# commit; the outbox relay takes over only when that did not happen within this time (the process died)
AUDIT_RELAY_GRACE_SECONDS = int(os.environ.get("AUDIT_RELAY_GRACE_SECONDS", "120"))
# AUDIT_CHAIN_KEY: HMAC key signing each audit-chain link and checkpoint; keep it outside the database
# (required with PRODUCTION; the default is only for the quick start and the tests)
AUDIT_CHAIN_KEY = os.environ.get(
    "AUDIT_CHAIN_KEY", "" if PRODUCTION else "insecure-quickstart-audit-chain-key"
)
if not AUDIT_CHAIN_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("AUDIT_CHAIN_KEY is required with PRODUCTION=1")
# AUDIT_CHECKPOINT_DIR: signed chain checkpoints (append-only files), a place the database user cannot write
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("AUDIT_CHECKPOINT_DIR", BASE_DIR / "var" / "audit-checkpoints"))
# ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "text"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# /healthz answers over plain http behind the TLS proxy (load balancer and container checks)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
