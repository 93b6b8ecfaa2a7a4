"""Settings, driven by environment variables (see `.env.example` and docs/settings.md).

SQLite in `KOMPASS_DATA_DIR` works with no configuration; `DATABASE_URL` switches to
PostgreSQL. The secret key is generated into the data directory on first use so that
nothing secret is ever committed.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from kompass.accounts.sso.config import parse_oidc_providers, socialaccount_providers


def envbool(name: str, default: str = "False") -> bool:
    """Read a strict boolean: only "True" or "False" are accepted (healthchecks' rule)."""
    value = os.environ.get(name, default)
    if value not in ("True", "False"):
        raise ValueError(f"{name} måste vara True eller False, inte {value!r}")
    return value == "True"


def _proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """ "HTTP_X_FORWARDED_PROTO,https" -> the pair Django expects; empty -> None."""
    if not value.strip():
        return None
    header, sep, expected = (part.strip() for part in value.partition(","))
    if not sep or not header.startswith("HTTP_") or not expected:
        raise ValueError(
            "SECURE_PROXY_SSL_HEADER ska vara huvudet och värdet, till exempel "
            f'"HTTP_X_FORWARDED_PROTO,https", inte {value!r}'
        )
    return header, expected


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} måste vara ett heltal, inte {value!r}") from exc


def envfloat(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ValueError(f"{name} måste vara ett tal, inte {value!r}") from exc


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KOMPASS_DATA_DIR") or BASE_DIR.parent.parent / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", "False")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "kompass.core",
    "kompass.audit",
    "kompass.accounts",
    "kompass.approvals",
    "kompass.organisations",
    "kompass.frameworks",
    "kompass.evaluations",
    "kompass.reports",
    "kompass.surveys",
    "kompass.indicators",
    "kompass.followup",
    "kompass.collaboration",
    "kompass.status",
    "kompass.leadership",
    "kompass.jobs",
    "kompass.governance",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: refuses a body over KOMPASS_UPLOAD_MAX_BYTES before anything reads it.
    "kompass.core.uploads.UploadLimitMiddleware",
    # Then: a NUL character in the address or a field is refused with 400 (PostgreSQL
    # cannot store one; kompass.core.characters).
    "kompass.core.characters.NulCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kompass.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kompass.audit.middleware.RequestActorMiddleware",
    # After authentication: a signed-in user's remembered language replaces the cookie's.
    "kompass.accounts.middleware.UserLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kompass.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kompass.urls"
WSGI_APPLICATION = "kompass.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kompass.core.context_processors.navigation",
            ],
            "builtins": ["kompass.core.templatetags.kompass"],
        },
    }
]

_SQLITE_PATH = DATA_DIR / "kompass.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_SQLITE_PATH}", conn_max_age=envint("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue on busy_timeout instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in (docs/settings.md#sign-in): local accounts with passwords and optional TOTP, and
# the customer organisations' OpenID Connect providers, all through django-allauth.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "kompass.accounts.sso.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "kompass.accounts.sso.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed local sign-ins: per client address and per account name (allauth's notation).
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("KOMPASS_LOGIN_FAILED_LIMIT", "20/m/ip,5/5m/key"),
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
    parse_oidc_providers(os.environ.get("KOMPASS_OIDC_PROVIDERS", ""))
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kompass"
# A code read off the phone in the last seconds of its 30-second step still counts when
# it arrives in the next one (RFC 6238, section 5.2, allows one step for the delay).
MFA_TOTP_TOLERANCE = 1
# Administrators with a local password must turn on TOTP before they can do anything else.
KOMPASS_ADMIN_REQUIRE_TOTP = envbool("KOMPASS_ADMIN_REQUIRE_TOTP", "False")
# Sessions end after this many minutes without a request (checked on the server).
KOMPASS_SESSION_IDLE_MINUTES = envint("KOMPASS_SESSION_IDLE_MINUTES", 120)
if KOMPASS_SESSION_IDLE_MINUTES < 1:
    raise ValueError("KOMPASS_SESSION_IDLE_MINUTES måste vara minst 1")
SESSION_COOKIE_AGE = KOMPASS_SESSION_IDLE_MINUTES * 60


def parse_retention_days(text: str) -> dict[str, int]:
    """KOMPASS_RETENTION_DAYS="recipients=90,free_text=1095": days per kind of personal
    data (docs/privacy.md); kinds left out keep their default or the administrator's rule."""
    from kompass.core.retention import KINDS

    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, days = part.partition("=")
        kind = kind.strip()
        if not sep or kind not in KINDS:
            raise ValueError(
                f"KOMPASS_RETENTION_DAYS: ”{part}” ska vara SORT=DAGAR med en sort av "
                f"{', '.join(KINDS)}"
            )
        try:
            value = int(days)
        except ValueError:
            raise ValueError(
                f"KOMPASS_RETENTION_DAYS: ”{days}” är inget helt antal dagar"
            ) from None
        if value < 1:
            raise ValueError(
                f"KOMPASS_RETENTION_DAYS: lagringstiden för {kind} måste vara minst en dag"
            )
        out[kind] = value
    return out


KOMPASS_RETENTION_DAYS = parse_retention_days(os.environ.get("KOMPASS_RETENTION_DAYS", ""))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Numbers for people go through the |num filter (kompass.lib.numbers); values in form
# fields and attributes (ids, years) must stay machine-readable, so Django adds no
# thousands separator of its own.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Result files of background jobs. Workers on other machines must share this place.
    "jobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(os.environ.get("KOMPASS_JOB_FILES_DIR") or DATA_DIR / "jobs"),
            "base_url": None,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS in production, each from the environment (docs/settings.md): HSTS for this many
# seconds (0: off), redirect plain HTTP to HTTPS, and the header through which a proxy
# that ends TLS says the request came over HTTPS ("HTTP_X_FORWARDED_PROTO,https").
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
# Being on the browsers' preload list is the domain owner's decision, not the app's: the
# deployment check does not ask for it (docs/settings.md).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER", ""))
# Our own scripts, styles, images and fonts only (no inline script or style attribute);
# `data:` images for the two-factor QR code. Off with CONTENT_SECURITY_POLICY="".
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'",
)
X_FRAME_OPTIONS = "DENY"
# The largest request body (an uploaded file, an API body): larger ones are answered 413
# before they are read (kompass.core.uploads).
KOMPASS_UPLOAD_MAX_BYTES = envint("KOMPASS_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = KOMPASS_UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Anonymity: the smallest group whose survey results may be shown (never below 3).
KOMPASS_MIN_GROUP_SIZE = max(3, envint("KOMPASS_MIN_GROUP_SIZE", 5))
KOMPASS_KOLADA_URL = os.environ.get("KOMPASS_KOLADA_URL", "https://api.kolada.se/v3")
KOMPASS_KOLADA_CACHE_DIR = Path(os.environ.get("KOMPASS_KOLADA_CACHE_DIR") or DATA_DIR / "kolada")
# Seconds before the first retry of a failed Kolada request; each further retry waits twice
# as long (1, 2, 4, 8 s by default). Tests of an unreachable Kolada set it to 0.
KOMPASS_KOLADA_BACKOFF = envfloat("KOMPASS_KOLADA_BACKOFF", 1.0)

# Background jobs (kompass.jobs) go through Django's tasks interface. "database" queues them
# for `kompass worker` processes; "immediate" runs each job at once inside the request or
# command that started it (no worker needed, e.g. for tests).
KOMPASS_TASKS = os.environ.get("KOMPASS_TASKS", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if KOMPASS_TASKS not in _TASK_BACKENDS:
    raise ValueError(f"KOMPASS_TASKS måste vara database eller immediate, inte {KOMPASS_TASKS!r}")
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[KOMPASS_TASKS],
        "QUEUES": ["default", "export", "import"],
    }
}

# E-mail (docs/settings.md#e-mail), with Django's own setting names. With EMAIL_HOST set,
# mail goes to that SMTP server; without it, mail is kept in the local outbox (a page in
# the app), so a development installation sends nothing and a newcomer still sees it.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kompass@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "kompass.core.mail.OutboxBackend"
)
# The most mails per second a job hands to the server (0: no limit).
KOMPASS_EMAIL_RATE = envint("KOMPASS_EMAIL_RATE", 20)
# How many SMTP connections a sending job uses side by side (ask what the relay allows).
KOMPASS_EMAIL_CONNECTIONS = envint("KOMPASS_EMAIL_CONNECTIONS", 1)
if KOMPASS_EMAIL_CONNECTIONS < 1:
    raise ValueError("KOMPASS_EMAIL_CONNECTIONS måste vara minst 1")
if KOMPASS_EMAIL_RATE < 0:
    raise ValueError("KOMPASS_EMAIL_RATE måste vara 0 eller mer")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # WeasyPrint reports every SVG presentation attribute it passes on; only errors matter.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Refused sign-ins are security events: always logged, whatever LOG_LEVEL says.
        "kompass.accounts.signin": {"level": "INFO"},
    },
}
