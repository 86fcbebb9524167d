"""Run Alembic programmatically, so the CLI and the tests share one path to the schema."""

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from app.config import IN_CHECKOUT, PROJECT_DIR

# the checkout's, or the copy a wheel carries inside the package
HOME = PROJECT_DIR if IN_CHECKOUT else PROJECT_DIR / "app"

# Held (per transaction) by migrations and by seeding, so hosts starting together take turns.
PRESTART_LOCK = 0x636F756E7479  # "county"


def alembic_config(url: str) -> Config:
    config = Config(str(HOME / "alembic.ini"))
    config.set_main_option("script_location", str(HOME / "migrations"))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> str | None:
    """Migrate to `revision`; return the revision found first (None: an empty database)."""
    config = alembic_config(url)
    command.upgrade(config, revision)
    found: str | None = config.attributes.get("found")
    return found


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
