"""The model store: ``$VIGIL_HOME/models/<task>/<version>/`` with ``model.joblib`` and
``card.json``, versions numbered ``v0001``, ``v0002``... per task, newest last.

A model card says what a model is and how far to trust it: task, backend, the Vigil and
scikit-learn versions it was trained under, its parameters and classes, the data it learned from
(source, sha256, rows, label counts), its metrics on held-out data, and the date.  Loading a model
trained under another Vigil version warns (:class:`ModelVersionWarning`); scikit-learn adds its
own ``InconsistentVersionWarning`` when its version differs.

Models are stored with joblib (pickle): load only models that this unit trained itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import warnings
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib

from vigil import __version__
from vigil.errors import InputError, StateError
from vigil.models.base import TextModel

__all__ = ["ModelCard", "ModelStore", "ModelVersionWarning", "StoredModel"]

_TASK_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_VERSION_RE = re.compile(r"^v(\d{4,})$")


class ModelVersionWarning(UserWarning):
    """A model was saved by another Vigil version; its behaviour may differ."""


@dataclass
class ModelCard:
    task: str
    version: str
    backend: str
    classes: list[str]
    params: dict[str, Any]
    data: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    vigil_version: str = __version__
    sklearn_version: str = ""
    created_at: str = ""
    notes: str = ""

    @property
    def ref(self) -> str:
        """``task/version``: what signals record as the model version."""
        return f"{self.task}/{self.version}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StoredModel:
    model: TextModel
    card: ModelCard


def check_task_name(task: str) -> str:
    if not _TASK_RE.match(task):
        raise InputError(
            f"task name {task!r} is not valid: use lower-case letters, digits, '-' and '_' "
            "(at most 64 characters), starting with a letter or digit"
        )
    return task


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(params, default=str))


class ModelStore:
    """Versioned models under one folder (normally ``$VIGIL_HOME/models``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def versions(self, task: str) -> list[str]:
        folder = self.root / check_task_name(task)
        if not folder.is_dir():
            return []
        found = [p.name for p in folder.iterdir() if _VERSION_RE.match(p.name)]
        return sorted(found, key=lambda v: int(v[1:]))

    def tasks(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and self.versions(p.name))

    def folder(self, task: str, version: str) -> Path:
        return self.root / check_task_name(task) / version

    def save(
        self,
        model: TextModel,
        *,
        task: str,
        data: dict[str, Any],
        metrics: dict[str, Any] | None = None,
        notes: str = "",
    ) -> ModelCard:
        """Store ``model`` as the next version of ``task`` and return its card."""
        import sklearn

        existing = self.versions(task)
        number = int(existing[-1][1:]) + 1 if existing else 1
        version = f"v{number:04d}"
        card = ModelCard(
            task=task,
            version=version,
            backend=type(model).__name__,
            classes=[str(c) for c in model.classes_],
            params=_jsonable(model.get_params(deep=False)),
            data=_jsonable(data),
            metrics=_jsonable(metrics or {}),
            sklearn_version=sklearn.__version__,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            notes=notes,
        )
        tmp = self.root / task / f".{version}.{os.getpid()}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        joblib.dump(model, tmp / "model.joblib", compress=3)
        (tmp / "card.json").write_text(json.dumps(card.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        try:
            tmp.rename(self.folder(task, version))  # a half-written model is never visible
        except OSError:
            # another process stored this version meanwhile: keep its model, drop ours
            shutil.rmtree(tmp, ignore_errors=True)
            return self.card(task, version)
        return card

    def card(self, task: str, version: str | None = None) -> ModelCard:
        version = version or self.latest_version(task)
        path = self.folder(task, version) / "card.json"
        if not path.exists():
            raise StateError(f"model {task}/{version} not found under {self.root}")
        try:
            return ModelCard(**json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise InputError(f"model card is not valid: {exc}", source=str(path)) from exc

    def latest_version(self, task: str) -> str:
        versions = self.versions(task)
        if not versions:
            raise StateError(
                f"no model for task {task!r} under {self.root}; train one: vigil model train --task {task} --data FILE"
            )
        return versions[-1]

    def load(self, task: str, version: str | None = None) -> StoredModel:
        """Load a model and its card; warn when another Vigil version saved it."""
        card = self.card(task, version)
        if card.vigil_version != __version__:
            warnings.warn(
                f"model {card.ref} was trained under Vigil {card.vigil_version}, this is "
                f"{__version__}; retrain it if results look wrong: vigil model retrain --task {task}",
                ModelVersionWarning,
                stacklevel=2,
            )
        model = joblib.load(self.folder(task, card.version) / "model.joblib")
        return StoredModel(model=model, card=card)

    def cards(self) -> list[ModelCard]:
        return [self.card(t, v) for t in self.tasks() for v in self.versions(t)]
