"""Production settings: PostgreSQL via DATABASE_URL, a real secret key, HTTPS cookies."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

STATIC_ROOT = os.environ.get("SEEDLING_STATIC_ROOT", str(VAR_DIR / "static"))  # collectstatic target
SECRET_KEY = os.environ["SEEDLING_SECRET_KEY"]
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_USE_FINDERS = False
