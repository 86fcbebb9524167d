"""SQLAlchemy tables. Importing this package registers every table on `Base.metadata`."""

from app.models.base import Base
from app.models.entity import Entity
from app.models.indicator import Indicator
from app.models.observation import Observation
from app.models.source import Source

__all__ = ["Base", "Entity", "Indicator", "Observation", "Source"]
