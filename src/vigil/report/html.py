"""The headline as an HTML page (server-side rendered, no scripts, no external assets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_env = Environment(loader=PackageLoader("vigil.report", "templates"), autoescape=select_autoescape(["html"]))


def render_headline(report: dict[str, Any]) -> str:
    return _env.get_template("headline.html").render(r=report)


def write_headline(report: dict[str, Any], path: Path) -> Path:
    path.write_text(render_headline(report), encoding="utf-8")
    return path
