"""county-indicators: figures out of Chinese county news reports, served with provenance."""

__version__ = "0.1.0"
