"""chorus: who says what about a developing news story, with evidence."""

__version__ = "0.1.0"
