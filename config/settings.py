"""Settings, read from the environment.

The defaults are the embedded single-machine setup: SQLite under var/, media under var/media/,
Celery tasks run in-process, local-memory cache. DJANGO_ENV=production plus DATABASE_URL,
CELERY_BROKER_URL, REDIS_URL and S3 variables switch to the scaled-out setup. Every variable is
documented in the README's configuration table.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    sqlite_database,
)
from config.production import production_services_problem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DJANGO_ENV = env_choice("DJANGO_ENV", ("embedded", "production"), "embedded")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true is refused when DJANGO_ENV=production.")


def _embedded_secret_key() -> str:
    """Generated once and kept under var/, so sessions survive restarts of `make run`."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set it to a long random string, e.g. the output "
            "of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _embedded_secret_key()
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")

# Links in emails, QR codes and credentials. `make run HOST=… PORT=…` sets it to where it serves.
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the site's https:// address in production.")
# Where the site was before a move to a new domain: requests there are redirected to SITE_URL,
# so credentials and QR codes issued under an old address keep resolving (README, "Moving").
FORMER_SITE_URLS = [origin.rstrip("/") for origin in env_list("FORMER_SITE_URLS")]
for _origin in FORMER_SITE_URLS:
    if not urlsplit(_origin).hostname or urlsplit(_origin).path:
        raise ImproperlyConfigured(
            f"FORMER_SITE_URLS: {_origin!r} is not an origin like https://old.example.org."
        )
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    # The embedded setup answers on the loopback names and on the host its links point to.
    []
    if PRODUCTION
    else sorted({"127.0.0.1", "localhost", urlsplit(SITE_URL).hostname or ""} - {""}),
)
ALLOWED_HOSTS += [urlsplit(origin).hostname for origin in FORMER_SITE_URLS]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set; list the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A stale form token (logged in or out in another tab) gets a page that says what was kept.
CSRF_FAILURE_VIEW = "assessments.views.csrf_failure"
# A reverse proxy in front sets X-Forwarded-For/-Proto; trust exactly that one hop.
BEHIND_PROXY = env_bool("BEHIND_PROXY")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # the catalog search index (OpClass); harmless on SQLite
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "axes",
    "core",
    "accounts",
    "competencies",
    "courses",
    "assessments",
    "certificates",
    "levels",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.former_origins.FormerOriginRedirectMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the others, so it sees the cookies they set.
    "core.middleware.PrivateResponsesMiddleware",
    "core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",
    "accounts.middleware.LearnerPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(str(VAR_DIR / "academy.sqlite3"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        # A cache that is down or hangs costs a request at most this long (core.redis_cache).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# A cache every process shares (Redis) also holds sessions, signed-in accounts and anonymous
# pages (core.page_cache). A local-memory cache is one process's own: another process's writes
# (a sweep, a management command) could not retire what it holds, so it holds none of them.
SHARED_CACHE = bool(REDIS_URL)
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)

# Accounts and authentication
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},  # its message in our catalogs
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "courses:dashboard"  # My learning, unless a safe `next` says otherwise
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# django-axes: lock a (username, IP) pair out after repeated failures.
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = (
    "username"  # the login form and Django's authenticate() both say "username"
)
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.auth.client_ip"

# Internationalization
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ar", _("Arabic")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("pt-br", _("Brazilian Portuguese")),
    ("id", _("Indonesian")),
    ("vi", _("Vietnamese")),
    ("tr", _("Turkish")),
]
# locale/: the project's catalogs (make messages). locale_cldr/: country names from CLDR for the
# languages django-countries lacks (manage.py country_names), never rewritten by makemessages.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_cldr"]
FORMAT_MODULE_PATH = ["config.formats"]  # CLDR fixes for Arabic and Vietnamese dates
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files and media
STATIC_URL = "static/"
# Only production collects static files; the embedded setup serves them from the source folders.
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static") if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
WHITENOISE_USE_FINDERS = not PRODUCTION

S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    from botocore.config import Config as BotoConfig

    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": env_str("S3_CUSTOM_DOMAIN") or None,
        "default_acl": None,
        "querystring_auth": True,
        # Twice the life of a kept page or fragment (core.page_cache.PAGE_SECONDS): a link in a
        # page served from the cache still has an hour to run.
        "querystring_expire": 7200,
        "file_overwrite": False,
        # A storage server that refuses or hangs fails a call in seconds (tasks then retry it:
        # core.transient), not at the web server's timeout.
        "client_config": BotoConfig(
            connect_timeout=2,
            read_timeout=10,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**S3_OPTIONS, "location": env_str("S3_LOCATION", "media")},
    }
    # Attachments, certificates, grade exports: only ever handed out by a view that checks
    # access, and never through the CDN domain (its URLs would be unsigned).
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "location": env_str("S3_PRIVATE_LOCATION", "private"),
            "custom_domain": None,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private", "base_url": None},
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Crossborder Academy <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker, tasks run in-process when they are enqueued.
IN_PROCESS_BROKER = "memory://localhost/"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or IN_PROCESS_BROKER
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == IN_PROCESS_BROKER
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues while the broker is down gives up after about a second instead of
# hanging; what it saved stays saved (see core.enqueue).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
# With late acknowledgement, Redis hands a task that a dead worker held to another worker once
# this timeout passes; it must outlast the longest task (600 s: regrades and exports) and the
# longest retry delay (backoff up to 600 s), or a slow task would run twice. A whole worker lost
# means its tasks run again within 15 minutes (docs/deployment.md, "Celery behaviour").
CELERY_VISIBILITY_TIMEOUT = 900
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
}
# Periodic sweeps, run by `celery beat` in the scaled-out setup.
CELERY_BEAT_SCHEDULE = {
    "send-pending-welcome-emails": {
        "task": "accounts.tasks.send_pending_welcome_emails",
        "schedule": 600.0,
    },
    "submit-overdue-attempts": {
        "task": "assessments.tasks.submit_overdue_attempts",
        "schedule": 60.0,
    },
    "requeue-pending-assessment-work": {
        "task": "assessments.tasks.requeue_pending_work",
        "schedule": 600.0,
    },
    "requeue-pending-levels": {
        "task": "levels.tasks.requeue_pending_levels",
        "schedule": 600.0,
    },
    "requeue-pending-certificates": {
        "task": "certificates.tasks.requeue_pending_certificates",
        "schedule": 600.0,
    },
}

# Certificates and Open Badges 3.0 credentials
# Signing keys (RSA, PEM): CREDENTIAL_SIGNING_KEY (a PEM in the environment) signs; every PEM in
# CREDENTIAL_KEYS_DIR is published in the JWK Set, so credentials signed with a rotated-out key
# still verify. The embedded setup generates a key there on first use.
CREDENTIAL_SIGNING_KEY = env_str("CREDENTIAL_SIGNING_KEY").replace("\\n", "\n")
CREDENTIAL_KEYS_DIR = Path(env_str("CREDENTIAL_KEYS_DIR") or VAR_DIR / "credential-keys")
if PRODUCTION:
    # Refused at start, not discovered at first use: each names its variable.
    production_problem = production_services_problem(
        redis_url=REDIS_URL,
        broker_url=env_str("CELERY_BROKER_URL"),
        signing_key=CREDENTIAL_SIGNING_KEY,
        keys_dir=CREDENTIAL_KEYS_DIR,
    )
    if production_problem:
        raise ImproperlyConfigured(production_problem)
CERTIFICATE_ISSUER_NAME = env_str("CERTIFICATE_ISSUER_NAME", "Crossborder Academy")
# What a regrade that drops a learner below the pass mark does to their certificate.
CERTIFICATE_ON_GRADE_DROP = env_choice("CERTIFICATE_ON_GRADE_DROP", ("revoke", "flag"), "revoke")
# A level credential whose course certificate is revoked: revoked too, or flagged for a person.
LEVEL_ON_CERTIFICATE_REVOKED = env_choice(
    "LEVEL_ON_CERTIFICATE_REVOKED", ("revoke", "flag"), "revoke"
)
CERTIFICATE_VERIFY_RATE = env_int("CERTIFICATE_VERIFY_RATE", 60, minimum=1)  # per minute per IP

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated request gets 401 with WWW-Authenticate: Token.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # drf-spectacular's, plus the error responses each operation can give (core.openapi).
    "DEFAULT_SCHEMA_CLASS": "core.openapi.AutoSchema",
    # One error policy: the services' exceptions become 400/403/404/409/429 with one body shape.
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Crossborder Academy API",
    "DESCRIPTION": "Courses, progress, assessments and certificates for learners.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per set of fixed values; fields named alike (`status`, `kind`) share no enum.
    "ENUM_NAME_OVERRIDES": {
        "ErrorCodeEnum": "core.openapi.ERROR_CODES",
        "CourseLevelEnum": "courses.models.Level",
        "CourseStatusEnum": "courses.models.CourseStatus",
        "EnrollmentStatusEnum": "courses.models.EnrollmentStatus",
        "AttemptStatusEnum": "assessments.models.AttemptStatus",
        "QuestionKindEnum": "assessments.models.QuestionKind",
        "CredentialStatusEnum": ["valid", "revoked"],  # certificates' and level credentials'
        "VerificationCheckEnum": ["signature", "validity window", "format", "status"],
        "ApplicationStatusEnum": "levels.models.ApplicationStatus",
        "ExperienceStatusEnum": "levels.models.ClaimStatus",
        "LevelRuleKindEnum": ["competency", "course", "study", "experience", "exam"],
        "MapStatusEnum": ["met", "partly", "gap"],
        "MapStateEnum": ["not_attempted", "attempted", "level", "target_met"],
        "TextDirectionEnum": ["ltr", "rtl"],
    },
    # The public credential endpoints are plain views (CORS, their own bodies): described here.
    "PREPROCESSING_HOOKS": [
        "certificates.openapi.public_endpoints",
        "levels.openapi.public_endpoints",
    ],
}

# Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A site served over https (production, or the embedded setup behind a TLS proxy) sends its
# cookies over https only.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SITE_URL.startswith(
    "https://"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Chatty at INFO about each PDF they build.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
