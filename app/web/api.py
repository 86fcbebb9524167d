"""Read the public /v1 API in-process, exactly as any dashboard would over HTTP.

The page has no private path to the data: every figure it shows arrives as /v1 JSON, through
the same middleware (response cache included) as an outside caller's request.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from app.errors import AppError, NotFound


class ApiClient:
    def __init__(self, app: FastAPI) -> None:
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://county.internal"
        )

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def get(self, path: str, **params: str | int | bool) -> Any:
        response = await self._client.get(
            path, params=params, headers={"Accept": "application/json"}
        )
        if response.status_code == 404:
            raise NotFound(response.json().get("detail", f"{path} not found"))
        if response.status_code != 200:
            raise AppError(f"GET {path} answered {response.status_code}")
        return response.json()

    async def all_items(self, path: str, **params: str | int | bool) -> list[Any]:
        """Every item of a paginated list, following its `next` links."""
        page = await self.get(path, **params)
        items: list[Any] = list(page["items"])
        while page.get("next"):
            page = await self.get(page["next"])
            items.extend(page["items"])
        return items
