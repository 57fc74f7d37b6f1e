"""Seedling settings, driven by the environment.

DATABASE_URL picks the database; without it Seedling runs on the embedded SQLite file
var/seedling.sqlite3 in WAL mode. The same code runs on PostgreSQL 15+.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SEEDLING_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("SEEDLING_DEBUG", False)
# The embedded default is for a single machine; production sets its own key.
SECRET_KEY = os.environ.get("SEEDLING_SECRET_KEY", "seedling-embedded-default-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("SEEDLING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "seedling.core",
    "seedling.regions",
    "seedling.accounts",
    "seedling.access",
    "seedling.audit",
    "seedling.policies",
    "seedling.workforce",
    "seedling.institutions",
    "seedling.exchange",
    "seedling.people",
    "seedling.registries",
    "seedling.visits",
    "seedling.protection",
    "seedling.statistics",
    "seedling.verification",
    "seedling.web",
    "seedling.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "seedling.accounts.middleware.ActorMiddleware",
    # axes last: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seedling.web.context.navigation",
            ],
        },
    },
]

DEFAULT_SQLITE = VAR_DIR / "seedling.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if DATABASES["default"]["NAME"] == str(DEFAULT_SQLITE):
        VAR_DIR.mkdir(parents=True, exist_ok=True)

# Background jobs (docs/architecture.md#stack: django-tasks with its database backend, no broker to run).
# `manage.py db_worker` runs them; cron calls `manage.py recheck_due` daily.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Ledger exports are written here (personal data: outside the web root, served only to the user who
# asked) and deleted after SEEDLING_EXPORT_KEEP_HOURS. Areas up to SEEDLING_EXPORT_INLINE_ROWS files
# are written inside the request; larger ones by the worker, with a progress bar.
SEEDLING_EXPORT_DIR = Path(os.environ.get("SEEDLING_EXPORT_DIR", VAR_DIR / "exports"))
SEEDLING_EXPORT_KEEP_HOURS = 24
SEEDLING_EXPORT_INLINE_ROWS = 2000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # axes first: it refuses locked-out users before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Lockout after repeated failures (django-axes): 5 failures per username and address lock for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("SEEDLING_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

# Idle sessions expire: every request renews the 30-minute window, a quiet one ends it.
SESSION_COOKIE_AGE = int(os.environ.get("SEEDLING_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "seedling" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Every asset is served by Seedling itself: government intranets have no internet, so no CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SEEDLING_LOG_LEVEL", "WARNING")},
}
