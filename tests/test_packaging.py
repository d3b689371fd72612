"""The package declares everything it ships, so installing it prints no packaging warnings."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_importable_folder_is_declared_so_setuptools_warns_of_nothing():
    """Seen: `make run` printed setuptools' "Package would be ignored" warnings for
    hiring.migrations and hiring.migrations.versions: folders Python can import that
    `packages = find:` did not list. Every such folder must be in the packages setup.cfg
    declares (as setuptools' build_py checks)."""
    from setuptools.config.setupcfg import read_configuration

    declared = set(read_configuration(ROOT / "setup.cfg")["options"]["packages"])
    importable = {
        ".".join(folder.relative_to(ROOT).parts)
        for folder in [ROOT / "hiring", *(ROOT / "hiring").rglob("*")]
        if folder.is_dir() and all(part.isidentifier() for part in folder.relative_to(ROOT).parts)
    }
    assert sorted(importable - declared) == []


def test_make_installs_quietly():
    """pip's own progress and notices stay out of what `make run` prints first."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert installs
    assert all(" -qq " in line for line in installs), installs
