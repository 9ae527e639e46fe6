"""Development settings: DEBUG on, a fixed insecure key, emails printed on the console."""

from .base import *  # noqa: F403
from .env import env_int, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {  # no manifest in development: no collectstatic needed
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# No collectstatic outside production: whitenoise serves straight from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The full-page cache would hide template and data edits: off unless asked for
# (the page cache's own tests switch it on).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
