"""Version 1 of the public API: every path here is part of the contract."""

from fastapi import APIRouter

from app.api.v1 import catalogue, export, observations, parks, search, sources

router = APIRouter(prefix="/v1")
router.include_router(observations.router)
router.include_router(catalogue.indicators)
router.include_router(catalogue.entities)
router.include_router(parks.parks)
router.include_router(parks.projects)
router.include_router(sources.router)
router.include_router(search.router)
router.include_router(export.router)
