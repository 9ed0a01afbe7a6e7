"""Run corcli as ``python -m corcli``."""

from corcli.cli import main

main()
