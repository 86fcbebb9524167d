"""Settings from environment variables and an optional `.env` file."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The checkout the code runs from (seed data, migrations); a wheel has no checkout around it.
PROJECT_DIR = Path(__file__).resolve().parent.parent
IN_CHECKOUT = (PROJECT_DIR / "pyproject.toml").exists()


def default_data_dir() -> Path:
    """The checkout's `.data`, or the user's data directory for an installed package: never
    the current directory, so every command finds the same database from anywhere."""
    if IN_CHECKOUT:
        return PROJECT_DIR / ".data"
    return platformdirs.user_data_path("county-indicators")


def default_seed_dir() -> Path:
    """The checkout's `seed/`, or the copy a wheel carries inside the package."""
    return PROJECT_DIR / "seed" if IN_CHECKOUT else Path(__file__).resolve().parent / "seed"


class Settings(BaseSettings):
    # the checkout's .env, then one in the current directory (which wins)
    model_config = SettingsConfigDict(
        env_file=(PROJECT_DIR / ".env", ".env"), env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL; unset starts an embedded server under COUNTY_DATA_DIR.",
    )
    database_read_url: str | None = Field(
        default=None, description="Optional read replica for read-only endpoints."
    )
    county_data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where local state lives (the embedded database): the checkout's .data.",
    )
    county_seed_dir: Path = Field(
        default_factory=default_seed_dir,
        description="The catalogue, divisions and seed reports (the checkout's seed/).",
    )
    county_host: str = "127.0.0.1"
    county_port: int = Field(default=8000, ge=1, le=65535)
    county_log_level: Literal["debug", "info", "warning", "error"] = "info"
    county_cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["*"])
    county_db_pool_size: int = Field(default=32, ge=1)
    county_db_timeout: float = Field(default=3.0, gt=0, description="Seconds to wait for the DB.")
    county_max_body_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, description="Largest request body accepted (413 above)."
    )
    county_parse_timeout: float = Field(
        default=20.0, gt=0, description="Seconds the parser may spend on one report."
    )
    county_parse_workers: int = Field(
        default=1, ge=1, description="Worker processes parsing submitted reports (per API process)."
    )
    county_rate_writes: int = Field(
        default=60, ge=1, description="Writes per minute per key and per client address."
    )
    county_rate_search: int = Field(
        default=600, ge=1, description="Searches per minute per client address."
    )
    county_cache_entries: int = Field(
        default=4096, ge=0, description="Responses cached per process (0 disables the cache)."
    )
    county_public_url: str | None = Field(
        default=None,
        description="Base URL for the links we hand out; unset: the address each request came to.",
    )

    @field_validator("county_cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, raw: object) -> object:
        if isinstance(raw, str):
            return [origin.strip() for origin in raw.split(",") if origin.strip()]
        return raw

    @property
    def postgres_dir(self) -> Path:
        return self.county_data_dir / "postgres"


@lru_cache
def get_settings() -> Settings:
    return Settings()
