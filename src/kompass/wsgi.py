"""WSGI entry point (`gunicorn kompass.wsgi`)."""

import gc
import os

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")
application = get_wsgi_application()

# Every view module is imported while the worker starts, not during the first request it
# serves: after a restart (a deploy, or a worker killed in the middle of a survey's
# busiest hour) no respondent waits for the imports (about a second per worker).
is_language_prefix_patterns_used(settings.ROOT_URLCONF)

# What the worker built while starting (modules, URL patterns, templates' libraries: some
# hundreds of thousands of objects) lives as long as the worker. Frozen, the cyclic
# garbage collector no longer walks it: a full collection walked it all, 100-200 ms during
# which the page being served waited (bench_pages found its slowest first visits, 220-300
# ms, to be such pauses).
gc.collect()
gc.freeze()
