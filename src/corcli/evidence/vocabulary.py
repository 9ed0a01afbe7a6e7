"""Load the record vocabulary: the built-in ``data/vocabulary/*.yaml`` plus the workspace's ``vocabulary.yaml``.

Why here: the matching itself is a pure rule (``corcli.rules.assignment``); reading YAML is not.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
    return tuple(yamlio.load_model(path, Vocabulary) for path in builtin_vocabulary_files())


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
