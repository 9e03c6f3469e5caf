"""presslens: read news pages the way a careful analyst does, at scale."""

__version__ = "0.1.0"

__all__ = ["__version__"]
