"""Fixtures for the media tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_samples import scene, variants


@pytest.fixture(scope="session")
def image_set(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An original picture, its re-upload variants and an unrelated picture (made once)."""
    original = scene(1)
    folder = tmp_path_factory.mktemp("images")
    paths = {"original": folder / "original.png"}
    original.save(paths["original"])
    paths.update(variants(original, folder))
    paths["unrelated"] = folder / "unrelated.jpg"
    scene(2).save(paths["unrelated"], quality=90)
    return paths
