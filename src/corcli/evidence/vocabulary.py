"""Load the record vocabulary: the built-in ``data/vocabulary/*.yaml`` plus the workspace's ``vocabulary.yaml``.

Why here: the matching itself is a pure rule (``corcli.rules.assignment``); reading YAML is not.
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path

from corcli.catalog.loader import ParsedCache
from corcli.models.vocabulary import Vocabulary, VocabularyWords, WorkspaceVocabulary
from corcli.rules.assignment import CompiledVocabulary
from corcli.storage import resources, yamlio

VOCABULARY_DIR = "vocabulary"
WORKSPACE_VOCABULARY = "vocabulary.yaml"


def builtin_vocabulary_files() -> list[Path]:
    """Return the built-in vocabulary files, sorted."""
    folder = resources.data_dir() / VOCABULARY_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


@cache
def _builtin() -> tuple[Vocabulary, ...]:
    """The built-in vocabulary, read through the catalog's cache of parsed data (PyYAML costs ~10 ms a run)."""
    paths = builtin_vocabulary_files()
    if not paths:
        return ()
    parsed = ParsedCache(paths[0].parent)
    result: list[Vocabulary] = []
    for path in paths:
        vocabulary: Vocabulary | None = None
        data = parsed.get(path)
        if data is not None:
            with contextlib.suppress(ValueError):  # a cache that does not validate is read again from YAML
                vocabulary = Vocabulary.model_validate(data)
        if vocabulary is None:
            loaded = yamlio.load_yaml(path)
            vocabulary, data = yamlio.validate(loaded, Vocabulary), loaded.data
        parsed.keep(path, data)
        result.append(vocabulary)
    parsed.save()
    return tuple(result)


def load_workspace_vocabulary(root: Path) -> WorkspaceVocabulary | None:
    """Return the workspace's own words, or ``None`` when it has no ``vocabulary.yaml``.

    Raises ``DataFileError`` (with file and line) when the file is not valid.
    """
    path = root / WORKSPACE_VOCABULARY
    if not path.is_file():
        return None
    return yamlio.load_model(path, WorkspaceVocabulary)


def load_vocabulary(root: Path | None = None) -> CompiledVocabulary:
    """Return the built-in vocabulary with the workspace's additions (when ``root`` has a ``vocabulary.yaml``)."""
    parts: list[VocabularyWords] = list(_builtin())
    if root is not None:
        extra = load_workspace_vocabulary(root)
        if extra is not None:
            parts.append(extra)
    return CompiledVocabulary.build(parts)


__all__ = [
    "VOCABULARY_DIR",
    "WORKSPACE_VOCABULARY",
    "builtin_vocabulary_files",
    "load_vocabulary",
    "load_workspace_vocabulary",
]
