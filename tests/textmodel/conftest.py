"""Fixtures for the text-model tests: the default support model is trained once per session
(a few seconds) and copied into each test's home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vigil.config import Settings
from vigil.core import Vigil
from vigil.models.training import default_support_model


@pytest.fixture(scope="session")
def support_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder holding the default support model, trained from the seed corpus."""
    home = tmp_path_factory.mktemp("support_home")
    with Vigil(Settings(home=home)) as vigil:
        default_support_model(vigil)
    return home / "models"


@pytest.fixture
def trained_home(tmp_path: Path, support_models: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(support_models, home / "models")
    return home
