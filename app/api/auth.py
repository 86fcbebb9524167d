"""Writes need `Authorization: Bearer <key>`; reads are public."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from app.db import SessionDep
from app.errors import Forbidden, Unauthorized
from app.models.vocab import KeyScope
from app.services import keys


@dataclass(frozen=True)
class Caller:
    name: str
    scope: str


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send an API key as `Authorization: Bearer <key>`")
    return token.strip()


def require(scope: str) -> object:
    async def dependency(request: Request, session: SessionDep) -> Caller:
        key = await keys.verify(session, _bearer(request))
        if key is None:
            raise Unauthorized("the API key is not valid (unknown or revoked)")
        if scope == KeyScope.ADMIN and key.scope != KeyScope.ADMIN:
            raise Forbidden(f"this needs an admin key; {key.name!r} has scope {key.scope!r}")
        caller = Caller(key.name, key.scope)
        request.state.caller = caller
        return caller

    return Depends(dependency)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limited(scope: str) -> object:
    """Authenticate, then count the request against the key and the client address."""

    authenticated = require(scope)

    async def dependency(request: Request, caller: Caller = authenticated) -> Caller:  # type: ignore[assignment]
        settings = request.app.state.settings
        buckets = [f"key:{caller.name}", f"address:{client_address(request)}"]
        request.state.quota = await request.app.state.rate_limiter.hit(
            request.app.state.engine, buckets, settings.county_rate_writes, exact=True
        )
        return caller

    return Depends(dependency)


async def search_rate(request: Request) -> None:
    settings = request.app.state.settings
    buckets = [f"search:{client_address(request)}"]
    request.state.quota = await request.app.state.rate_limiter.hit(
        request.app.state.engine, buckets, settings.county_rate_search, exact=False
    )


WriterDep = Annotated[Caller, rate_limited(KeyScope.WRITE)]
AdminDep = Annotated[Caller, rate_limited(KeyScope.ADMIN)]
