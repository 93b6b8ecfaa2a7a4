"""WSGI entry point (`gunicorn kompass.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")
application = get_wsgi_application()
