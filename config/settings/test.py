"""Settings for the test suite: the same as base, with fast hashing and no lockout surprises."""

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS

# Argon2 stays available (tests check it), but new test passwords hash fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
DEBUG = False
ALLOWED_HOSTS = ["*"]
