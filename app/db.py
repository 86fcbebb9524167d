"""Engine and sessions. The request's session dependency is the one commit point."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.config import Settings
from app.embedded import UTF8_DATABASE, UTF8_DATABASE_LIBC, start_embedded


def async_url(url: str) -> str:
    """Accept `postgresql://` URLs as users write them and use the asyncpg driver."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        from app.errors import ConfigurationError

        raise ConfigurationError(
            f"DATABASE_URL must be a postgresql:// URL, not {parsed.drivername}"
        )
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def resolve_database_url(settings: Settings, create: bool = False) -> str:
    """DATABASE_URL when set, else the embedded server's URL (starting it if needed). Only the
    commands that set a database up (`create`) may make a new embedded one."""
    if settings.database_url:
        return async_url(settings.database_url)
    if not create and not (settings.postgres_dir / "PG_VERSION").exists():
        from app.errors import ConfigurationError

        raise ConfigurationError(
            f"no database in {settings.postgres_dir}: run `county prestart` (or `make run`) "
            "to create it, or set DATABASE_URL"
        )
    return start_embedded(settings.postgres_dir)


async def create_utf8_database(admin_url: str, name: str) -> None:
    """Create database `name` in UTF-8 whatever the server's locale: the built-in C.UTF-8 locale
    on PostgreSQL 17+, the C library's on older servers. Nothing happens if it exists."""
    from sqlalchemy import text

    engine = create_async_engine(async_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if exists:
                return
            version = int(await connection.scalar(text("SHOW server_version_num")) or 0)
            locale = UTF8_DATABASE if version >= 170000 else UTF8_DATABASE_LIBC
            await connection.execute(text(f'CREATE DATABASE "{name}" {locale}'))
    finally:
        await engine.dispose()


def create_engine(url: str, settings: Settings) -> AsyncEngine:
    return create_async_engine(
        async_url(url),
        pool_size=settings.county_db_pool_size,
        max_overflow=0,
        pool_timeout=settings.county_db_timeout,
        pool_pre_ping=True,
        connect_args={"timeout": settings.county_db_timeout, "command_timeout": 30},
    )


def sessionmaker_for(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


DATA_VERSION = text("SELECT version FROM data_version WHERE id = 1")


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session; it commits when the request succeeds. A write's new data version
    is handed to this process's cache at once, so the writer reads what it wrote."""
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    watcher = getattr(request.app.state, "data_version", None)
    async with factory() as session:
        try:
            yield session
            version = None
            if watcher is not None and session.in_transaction():
                version = await session.scalar(DATA_VERSION)
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        if watcher is not None and version is not None:
            watcher.saw(version)


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def read_sessions(request: Request) -> async_sessionmaker[AsyncSession]:
    """Sessions on the read replica when DATABASE_READ_URL is set, else on the primary."""
    factory: async_sessionmaker[AsyncSession] = getattr(
        request.app.state, "read_sessionmaker", request.app.state.sessionmaker
    )
    return factory


async def get_read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with read_sessions(request)() as session:
        yield session


ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session)]
