"""What every response promises about caching and methods, in one place.

- `NoStoreMiddleware`: a page shown to a signed-in user and every /api/ answer carry dossier data (a child's
  name, school, BSN, documents); no browser or proxy may keep a copy. They get
  `Cache-Control: no-store, private` unless the view already said no-store (downloads, never_cache).
  Static files (served by WhiteNoise before this middleware) and /healthz are left alone.
- `PageMethodsMiddleware`: HTML pages are read with GET/HEAD and changed with POST; nothing outside /api/
  serves PUT, PATCH or DELETE, so those answer 405 before any view runs (this also covers the admin). Each
  page view still declares its own methods (require_safe / require_http_methods); the REST API's views
  allow only the methods they define.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseNotAllowed

NO_STORE = "no-store, private"
UNCACHED_PATHS = ("/healthz",)
API_PREFIX = "/api/"
PAGE_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
PAGE_FORM_METHODS = ["get", "head", "post", "options"]  # http_method_names of a class-based form page


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_url = "/" + (settings.STATIC_URL or "static/").lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if self._applies(request) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        return response

    def _applies(self, request) -> bool:
        path = request.path
        if path.startswith(self.static_url) or path in UNCACHED_PATHS:
            return False
        if path.startswith(API_PREFIX):
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class PageMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in PAGE_METHODS and not request.path.startswith(API_PREFIX):
            return HttpResponseNotAllowed([m for m in PAGE_METHODS if m != "OPTIONS"])
        return self.get_response(request)
