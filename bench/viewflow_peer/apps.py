from django.apps import AppConfig


class ViewflowPeerConfig(AppConfig):
    name = "bench.viewflow_peer"
    label = "bench_viewflow_peer"
    verbose_name = "benchmark: bare viewflow peer"
    default_auto_field = "django.db.models.BigAutoField"
