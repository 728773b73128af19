# Production image: gunicorn serves the app, WhiteNoise the static files (collected at build time).
# The same image runs the Celery worker and beat (see docker-compose.yml). Runs as a non-root user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never \
    PATH="/opt/venv/bin:$PATH" DJANGO_SETTINGS_MODULE=config.settings PRODUCTION=1 LOG_FORMAT=json
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic needs settings but no database or secrets of the real deployment
RUN SECRET_KEY=build-only AUDIT_CHAIN_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput -v 0 \
    && rm -f /tmp/build.sqlite3
RUN useradd --system --uid 10001 --home /app app \
    && mkdir -p /data/documents /data/audit-checkpoints /app/var && chown -R app /data /app/var
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "config.wsgi:application", "--config", "python:config.gunicorn"]
