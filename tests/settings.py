"""Test settings: the production module, with what a test run must not depend on turned off."""

from commun.settings import *  # noqa: F403
from commun.settings import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True  # serve from the finders: no collectstatic before tests
# Each test run its own cache, in memory (a file cache would outlive the run).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
