"""The version of corcli (read by the build, so it is defined once)."""

__version__ = "0.1.0"
