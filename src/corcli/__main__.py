"""Run corcli as ``python -m corcli``."""

from corcli._entry import main

main()
