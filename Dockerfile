# syntax=docker/dockerfile:1
# Build: a virtual environment from the lock file (dependencies only). Run: a slim image, a non-root user.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /src
COPY pyproject.toml uv.lock ./
# dependencies only: the application runs from /srv/county with `python -m app`
RUN uv sync --frozen --no-dev --no-install-project

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    COUNTY_HOST=0.0.0.0 \
    COUNTY_PORT=8000 \
    COUNTY_DATA_DIR=/var/lib/county
RUN groupadd --system --gid 10001 county \
    && useradd --system --uid 10001 --gid county --home-dir /srv/county county \
    && mkdir -p /var/lib/county && chown county:county /var/lib/county
WORKDIR /srv/county
COPY --from=build /opt/venv /opt/venv
COPY --chown=county:county app ./app
COPY --chown=county:county migrations ./migrations
COPY --chown=county:county seed ./seed
COPY --chown=county:county alembic.ini pyproject.toml ./
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
# DATABASE_URL comes from the environment; without it an embedded server starts in the volume.
CMD ["python", "-m", "app", "serve"]
