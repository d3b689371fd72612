"""The application's access to the rubric catalogue.

Loading parses and validates every YAML file, which takes a noticeable fraction of a second, so
the result is cached per process and keyed by each file's path, size and modification time: an
edited file is picked up by the next app that starts, and tests that build many apps parse once.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import current_app

from hiring.domain.catalogue import Catalogue, load_catalogue, rubric_files

_cache: dict[tuple[tuple[str, int, int], ...], Catalogue] = {}


def load_cached(paths: list[str | os.PathLike[str]]) -> Catalogue:
    """:func:`hiring.domain.catalogue.load_catalogue`, cached on the files' stat signature."""
    signature = []
    for file in rubric_files(paths):
        try:
            stat = Path(file).stat()
        except OSError:
            return load_catalogue(paths)  # let the loader report the unreadable file
        signature.append((str(Path(file).resolve()), stat.st_size, stat.st_mtime_ns))
    key = tuple(signature)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_catalogue(paths)
    return _cache[key]


def current_catalogue() -> Catalogue:
    return current_app.extensions["hiring.catalogue"]
