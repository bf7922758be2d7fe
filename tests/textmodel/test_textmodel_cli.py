"""vigil model train | eval | retrain | list and vigil classify, through the real CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli import app
from vigil.models.corpus import load_seed

runner = CliRunner()


def _write_subset(path: Path, n: int = 900, delimiter: str = "\t") -> None:
    posts = load_seed()[::6][:n]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["post", "class", "lang"])
        for p in posts:
            writer.writerow([p.text, p.label, p.language])


def test_train_eval_list(tmp_path: Path) -> None:
    data = tmp_path / "posts.csv"
    _write_subset(data, delimiter=",")
    home = ["--home", str(tmp_path / "home")]
    result = runner.invoke(
        app,
        [
            "model",
            "train",
            "--task",
            "mini",
            "--data",
            str(data),
            "--text-col",
            "post",
            "--label-col",
            "class",
            "--lang-col",
            "lang",
            "--holdout",
            "0.2",
            "--json",
            *home,
        ],
    )
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    assert card["version"] == "v0001" and card["data"]["holdout_rows"] == 180
    assert card["metrics"]["f1_support"] > 0.8
    assert (Path(card["path"]) / "holdout.tsv").exists()

    result = runner.invoke(app, ["model", "eval", "--task", "mini", "--json", *home])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["model"] == "mini/v0001"
    assert figures["rows"] == 180
    # the same held-out rows give the same figures as at training time
    assert figures["per_class"] == card["metrics"]["per_class"]
    assert {"accuracy", "macro_f1", "confusion", "per_language"} <= set(figures)

    result = runner.invoke(app, ["model", "list", "--json", *home])
    assert [m["task"] + "/" + m["version"] for m in json.loads(result.output)["models"]] == ["mini/v0001"]


def test_classify_one_json_object_per_line(tmp_path: Path, trained_home: Path) -> None:
    lines = [
        "Salute to the sarmachar, victory is near!",
        "",
        "The banned TTP claimed responsibility for the attack in Bannu, police said.",
        "کالعدم ٹی ٹی پی نے حملے کی ذمہ داری قبول کر لی، پولیس",
    ]
    source = tmp_path / "in.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--input", str(source), "--json", "--home", str(trained_home)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 3, "blank lines are skipped"
    assert [o["label"] for o in out] == ["support", "reporting", "reporting"]
    assert out[0]["probabilities"]["support"] > 0.5
    assert out[2]["language"] == "ur"
    assert out[0]["features"] and out[0]["model"] == "support/v0001"
    assert isinstance(out[0]["aliases"], list)


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    data = tmp_path / "posts.tsv"
    _write_subset(data, n=50)
    home = ["--home", str(tmp_path / "home")]
    result = runner.invoke(app, ["model", "train", "--task", "x", "--data", str(data), *home])
    assert result.exit_code == 2
    assert "no column 'text'" in result.output and "posts.tsv" in result.output
    assert "Traceback" not in result.output

    bad = tmp_path / "bad.tsv"
    bad.write_text("text\tlabel\nfine post\tother\nanother post\t\n", encoding="utf-8")
    result = runner.invoke(app, ["model", "train", "--task", "x", "--data", str(bad), *home])
    assert result.exit_code == 2 and "bad.tsv:3" in result.output

    result = runner.invoke(app, ["model", "eval", "--task", "nothing", *home])
    assert result.exit_code == 2 and "vigil model train --task nothing" in result.output

    result = runner.invoke(app, ["classify", "--input", str(tmp_path / "absent.txt"), *home])
    assert result.exit_code == 2 and "absent.txt" in result.output


def test_cross_validation_command(tmp_path: Path) -> None:
    data = tmp_path / "posts.tsv"
    _write_subset(data, n=600)
    result = runner.invoke(
        app,
        [
            "model",
            "cv",
            "--data",
            str(data),
            "--text-col",
            "post",
            "--label-col",
            "class",
            "--lang-col",
            "lang",
            "--folds",
            "3",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["folds"] == 3 and figures["rows"] == 600
    assert figures["hard_negatives"] == ["reporting", "counter_speech", "political"]
    assert 0 <= figures["hard_negatives_as_positive"] <= 1
    cols = ["--text-col", "post", "--label-col", "class"]
    result = runner.invoke(app, ["model", "cv", "--data", str(data), *cols, "--folds", "1"])
    assert result.exit_code == 2 and "--folds must be at least 2" in result.output


def test_preset_is_applied_and_recorded_in_the_model_card(tmp_path: Path) -> None:
    data = tmp_path / "posts.tsv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(["text", "label"])
        for p in load_seed()[::10]:
            writer.writerow([p.text, "abusive" if p.label == "support" else "normal"])
    home = ["--home", str(tmp_path / "home")]
    train = ["model", "train", "--task", "ru", "--data", str(data), "--holdout", "0.2"]
    result = runner.invoke(app, [*train, "--preset", "roman-urdu", "--param", "C=0.8", "--json", *home])
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    assert card["data"]["preset"] == "roman-urdu"
    # the preset's values, with --param overriding one of them
    assert card["params"]["spelling_ngrams"] == [1, 2] and card["params"]["nb_weighting"] is True
    assert card["params"]["C"] == 0.8
    assert card["metrics"]["macro_f1"] > 0.8

    result = runner.invoke(app, ["classify", "--task", "ru", "--json", *home], input="zindabaad\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["features"], "features are explained through the NB weighting"

    result = runner.invoke(app, [*train, "--preset", "klingon", *home])
    assert result.exit_code == 2 and "unknown preset 'klingon'" in result.output and "roman-urdu" in result.output
    seed = ["model", "train", "--task", "five", "--data", "seed", "--holdout", "0", "--preset", "roman-urdu"]
    result = runner.invoke(app, [*seed, *home])
    assert result.exit_code == 2 and "nb_weighting needs exactly two labels" in result.output
