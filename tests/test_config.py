from pathlib import Path

import pytest

from app.config import Settings
from app.db import async_url, resolve_database_url
from app.errors import ConfigurationError


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/county")
    monkeypatch.setenv("COUNTY_PORT", "9000")
    monkeypatch.setenv("COUNTY_CORS_ORIGINS", "https://a.example, https://b.example")
    settings = Settings()
    assert settings.database_url == "postgresql://u@db:5432/county"
    assert settings.county_port == 9000
    assert settings.county_cors_origins == ["https://a.example", "https://b.example"]


def test_settings_read_a_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNTY_DATA_DIR")
    (tmp_path / ".env").write_text("COUNTY_DATA_DIR=/srv/county\nCOUNTY_LOG_LEVEL=debug\n")
    settings = Settings()
    assert settings.postgres_dir == Path("/srv/county/postgres")
    assert settings.county_log_level == "debug"


def test_a_bad_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTY_PORT", "70000")
    with pytest.raises(ValueError, match="county_port"):
        Settings()


def test_database_urls_use_the_asyncpg_driver() -> None:
    assert async_url("postgresql://postgres@127.0.0.1:5432/x").startswith("postgresql+asyncpg://")
    with pytest.raises(ConfigurationError, match="postgresql://"):
        async_url("mysql://root@localhost/x")


def test_database_url_wins_over_the_embedded_server(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql://postgres@127.0.0.1:5432/x", county_data_dir=tmp_path
    )
    assert resolve_database_url(settings) == "postgresql+asyncpg://postgres@127.0.0.1:5432/x"
    assert not (tmp_path / "postgres").exists()  # no embedded server was started
