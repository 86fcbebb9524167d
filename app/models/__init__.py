"""SQLAlchemy tables. Importing this package registers every table on `Base.metadata`."""

from app.models.access import ApiKey, DataVersion, ObservationHistory, RateWindow
from app.models.base import Base
from app.models.entity import Entity
from app.models.indicator import Indicator
from app.models.observation import Observation
from app.models.source import Source

__all__ = [
    "ApiKey",
    "Base",
    "DataVersion",
    "Entity",
    "Indicator",
    "Observation",
    "ObservationHistory",
    "RateWindow",
    "Source",
]
