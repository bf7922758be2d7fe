"""vigil model train | eval | retrain | list: text models on anyone's labelled data."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.errors import InputError

model_app = typer.Typer(
    help="Train, evaluate, retrain and list text models (stored under $VIGIL_HOME/models).",
    no_args_is_help=True,
)

TaskOption = typer.Option(..., "--task", help="Task name, e.g. support, ruhsold, threat.")
DataOption = typer.Option(..., "--data", help="Labelled TSV/CSV with a header (repeatable); 'seed' = the seed corpus.")
TextColOption = typer.Option("text", "--text-col", help="Column holding the text.")
LabelColOption = typer.Option("label", "--label-col", help="Column holding the label.")
LangColOption = typer.Option(None, "--lang-col", help="Column holding each row's language (default: detect it).")
PresetOption = typer.Option(
    None,
    "--preset",
    help="Named parameter set for the linear backend: roman-urdu. --param overrides its values.",
)
PositiveOption = typer.Option(
    None, "--positive", help="Label whose false alarms to report (default: support/threat/...)."
)


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")


def _params(pairs: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--param takes KEY=VALUE (VALUE as JSON); got {pair!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


@model_app.command("train")
@handle_errors
def train_command(
    task: str = TaskOption,
    data: list[str] = DataOption,
    text_col: str = TextColOption,
    label_col: str = LabelColOption,
    holdout: float = typer.Option(0.1, "--holdout", help="Share of rows kept out for scoring."),
    seed: int = typer.Option(0, "--seed", help="Seeds the held-out split."),
    group_col: str | None = typer.Option(
        None, "--group-col", help="Keep each value of this column on one side of the split."
    ),
    lang_col: str | None = LangColOption,
    backend: str = typer.Option("linear", "--backend", help="linear (default) or transformer."),
    param: list[str] = typer.Option(None, "--param", help="Model parameter KEY=VALUE (repeatable)."),
    preset: str | None = PresetOption,
    positive: str | None = PositiveOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Train a new version of a task's model; the held-out rows are scored and kept beside it."""
    from vigil.models.store import check_task_name
    from vigil.models.training import model_store, train

    check_task_name(task)
    dataset, options = _recipe(
        data, text_col=text_col, label_col=label_col, group_col=group_col, lang_col=lang_col, seed=seed,
        backend=backend, param=param, positive=positive, preset=preset, holdout=holdout,
    )  # fmt: skip
    vigil = open_vigil(home)
    card = train(vigil, task, dataset, options)
    folder = model_store(vigil).folder(task, card.version)
    if as_json:
        print_json(card.as_dict() | {"path": str(folder)})
        return
    console.print(f"trained {card.ref} on {card.data['train_rows']} rows -> {folder}")
    _print_metrics(card.metrics)


@model_app.command("cv")
@handle_errors
def cv_command(
    data: list[str] = DataOption,
    folds: int = typer.Option(5, "--folds", help="Number of folds."),
    text_col: str = TextColOption,
    label_col: str = LabelColOption,
    group_col: str | None = typer.Option(None, "--group-col", help="Keep each value of this column inside one fold."),
    lang_col: str | None = LangColOption,
    seed: int = typer.Option(0, "--seed", help="Seeds the fold assignment."),
    backend: str = typer.Option("linear", "--backend", help="linear (default) or transformer."),
    param: list[str] = typer.Option(None, "--param", help="Model parameter KEY=VALUE (repeatable)."),
    preset: str | None = PresetOption,
    positive: str | None = PositiveOption,
    as_json: bool = JsonOption,
) -> None:
    """Cross-validate a model recipe: every row scored by a model that never saw it (or its
    group); figures pooled over the folds.  Stores nothing."""
    from vigil.models.training import cross_validate

    dataset, options = _recipe(
        data, text_col=text_col, label_col=label_col, group_col=group_col, lang_col=lang_col, seed=seed,
        backend=backend, param=param, positive=positive, preset=preset,
    )  # fmt: skip
    result = {"data": dataset.sources} | cross_validate(dataset, options, folds)
    if as_json:
        print_json(result)
        return
    console.print(f"{folds}-fold cross-validation on {', '.join(dataset.sources)}")
    _print_metrics(result)


@model_app.command("eval")
@handle_errors
def eval_command(
    task: str = TaskOption,
    data: list[str] = typer.Option(
        None, "--data", help="Labelled TSV/CSV (repeatable); default: the model's held-out rows."
    ),
    version: str | None = typer.Option(None, "--version", help="Model version (default newest)."),
    text_col: str = TextColOption,
    label_col: str = LabelColOption,
    lang_col: str | None = LangColOption,
    positive: str | None = PositiveOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Accuracy, macro-F1, per-class precision/recall/F1, confusion matrix, per language."""
    from vigil.models.data import read_labelled
    from vigil.models.evaluate import evaluate
    from vigil.models.training import default_positive, model_store

    store = model_store(open_vigil(home))
    stored = _load(store, task, version)
    files = data or [str(store.folder(task, stored.card.version) / "holdout.tsv")]
    if not data and not Path(files[0]).exists():
        raise InputError(f"model {stored.card.ref} kept no held-out rows; pass --data FILE")
    keep = (lang_col,) if lang_col else ()
    dataset = read_labelled(files, text_col=text_col, label_col=label_col, keep_cols=keep)
    if lang_col:
        languages = dataset.extra[lang_col]
    else:
        from vigil.text.langid import detect_languages

        languages = detect_languages(dataset.texts)
    result = evaluate(
        stored.model,
        dataset.texts,
        dataset.labels,
        languages=languages,
        positive=default_positive(dataset.labels, positive),
    )
    result = {"model": stored.card.ref, "data": dataset.sources} | result
    if as_json:
        print_json(result)
        return
    console.print(f"{stored.card.ref} on {', '.join(dataset.sources)}")
    _print_metrics(result)


def _load(store: Any, task: str, version: str | None) -> Any:
    from vigil.models.training import DEFAULT_TASK

    if task == DEFAULT_TASK and not store.versions(task):
        from vigil.models.training import default_support_model

        default_support_model(open_vigil(store.root.parent))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stored = store.load(task, version)
    for w in caught:
        console.print(f"[yellow]warning:[/] {w.message}", highlight=False)
    return stored


@model_app.command("retrain")
@handle_errors
def retrain_command(
    task: str = typer.Option("support", "--task", help="Task to retrain (default support)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Train a new version on the task's data plus every reviewer decision so far."""
    from vigil.models.training import retrain

    card, added = retrain(open_vigil(home), task)
    if as_json:
        print_json(card.as_dict() | {"reviewer_examples": added})
        return
    console.print(f"retrained {card.ref} with {added} reviewer example(s)")
    _print_metrics(card.metrics)


@model_app.command("list")
@handle_errors
def list_command(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Every stored model version with its data, metrics and date."""
    from vigil.models.training import model_store

    cards = model_store(open_vigil(home)).cards()
    if as_json:
        print_json({"models": [c.as_dict() for c in cards]})
        return
    if not cards:
        console.print("no models yet: vigil model train --task NAME --data FILE")
    for c in cards:
        m = c.metrics
        figures = f"macro-F1 {m['macro_f1']}" if "macro_f1" in m else "no held-out figures"
        console.print(f"{c.ref}  {c.backend}  {c.data.get('rows')} rows  {figures}  {c.created_at}")


def _print_metrics(m: dict[str, Any]) -> None:
    if not m:
        console.print("no held-out rows, so no figures (use --holdout)")
        return
    console.print(f"rows {m['rows']}  accuracy {m['accuracy']}  macro-F1 {m['macro_f1']}")
    for label, s in m["per_class"].items():
        console.print(f"  {label:<16} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  n {s['support']}")
    if "scored_as_positive" in m:
        console.print(f"  scored as {m['positive']}: {m['scored_as_positive']}")
    if "hard_negatives_as_positive" in m:
        console.print(
            f"  {'/'.join(m['hard_negatives'])} scored as {m['positive']}: {m['hard_negatives_as_positive']:.2%}"
        )
    for lang, s in m.get("per_language", {}).items():
        line = f"  {lang:<8} rows {s['rows']:>5}  macro-F1 {s['macro_f1']:.3f}"
        if "positive" in m:
            f1 = s["f1_" + m["positive"]]
            line += f"  F1({m['positive']}) " + ("n/a" if f1 is None else f"{f1:.3f}")
        if "hard_negatives_as_positive" in s:
            line += f"  hard negatives scored {m['positive']} {s['hard_negatives_as_positive']:.2%}"
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _recipe(data: list[str], *, text_col: str, label_col: str, group_col: str | None, lang_col: str | None,
            param: list[str] | None, **options: Any) -> tuple[Any, Any]:  # fmt: skip
    """The labelled data and the training options that `train` and `cv` share."""
    from vigil.models.data import read_labelled
    from vigil.models.training import TrainOptions

    keep = tuple(c for c in (group_col, lang_col) if c)
    dataset = read_labelled(data, text_col=text_col, label_col=label_col, keep_cols=keep)
    recipe = TrainOptions(
        group_col=group_col, lang_col=lang_col, text_col=text_col, label_col=label_col, params=_params(param), **options
    )
    return dataset, recipe
