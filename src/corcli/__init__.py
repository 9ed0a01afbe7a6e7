"""corcli: get Canadian employers ready for COR and SECOR certification."""

from corcli._version import __version__

__all__ = ["__version__"]
