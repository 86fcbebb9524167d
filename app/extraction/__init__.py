"""The parser: a pure library (text in, figures out) that imports neither FastAPI nor a database."""

from app.extraction.quantities import Quantity, find_quantities

__all__ = ["Quantity", "find_quantities"]
