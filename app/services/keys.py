"""API keys: created once and shown once, stored as a SHA-256, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, NotFound
from app.models import ApiKey
from app.models.vocab import KeyScope

PREFIX = "cik_"
SCOPES = tuple(KeyScope)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


async def create(session: AsyncSession, name: str, scope: str) -> tuple[ApiKey, str]:
    """A new key; the caller shows `secret` once, only its digest is kept."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    secret = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, scope=scope, prefix=secret[:12], hash=digest(secret))
    session.add(key)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(f"a key named {name!r} already exists") from None
    return key, secret


async def verify(session: AsyncSession, presented: str) -> ApiKey | None:
    """The live key matching `presented`, or None."""
    wanted = digest(presented)
    key = (
        await session.execute(
            select(ApiKey).where(ApiKey.hash == wanted, ApiKey.revoked_at.is_(None))
        )
    ).scalar_one_or_none()
    # The lookup is by digest (which reveals nothing of the key); compare again in constant time.
    if key is None or not hmac.compare_digest(key.hash, wanted):
        return None
    await session.execute(
        update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=datetime.now(UTC))
    )
    return key


async def listing(session: AsyncSession) -> list[ApiKey]:
    return list((await session.execute(select(ApiKey).order_by(ApiKey.id))).scalars())


async def revoke(session: AsyncSession, name: str) -> ApiKey:
    key = (await session.execute(select(ApiKey).where(ApiKey.name == name))).scalar_one_or_none()
    if key is None:
        raise NotFound(f"no key named {name!r}")
    await session.execute(
        update(ApiKey).where(ApiKey.id == key.id).values(revoked_at=datetime.now(UTC))
    )
    return key
