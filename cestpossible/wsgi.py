"""WSGI entry point. DJANGO_SETTINGS_MODULE defaults to the production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cestpossible.settings.production")

application = get_wsgi_application()
