"""gunicorn settings, used by the Dockerfile, docker-compose and `make prod-local`.

PORT / BIND: where to listen; WEB_CONCURRENCY: worker processes; LOG_FORMAT=json: access and error log as
JSON lines like the application's own (config/logs.py).
"""

import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True  # no runtime control interface (and no shared socket path between instances)
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

_production = os.environ.get("PRODUCTION", "").lower() in {"1", "true", "yes", "on"}
if os.environ.get("LOG_FORMAT", "json" if _production else "text") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
