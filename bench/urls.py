"""The application's URLs plus one trivial page: the baseline of the inbox benchmark (same middleware)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


@login_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/leeg/", trivial), *app_urlpatterns]
