"""The transparency report: the compliance figures as HTML and PDF, with charts.

Every number printed comes from one dict, the one ``vigil report --json`` prints (the headline of
:mod:`vigil.report.metrics` plus ``referral``: :func:`vigil.report.compliance.compliance`), so
the report and the JSON cannot disagree.  The PDF also carries that dict as an embedded file
(``figures.json``) so a reader can check it.  Charts use matplotlib's Agg backend.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # must precede pyplot: no display on servers
import matplotlib.pyplot as plt  # noqa: E402
from jinja2 import Environment, PackageLoader, select_autoescape  # noqa: E402

from vigil.referral.documents import needs_unicode_font, new_pdf  # noqa: E402

TITLE = "Referral transparency report"

COLUMNS = [
    ("requests", "requests"),
    ("actioned_pct", "actioned %"),
    ("rejected_pct", "rejected %"),
    ("no_response_pct", "no response %"),
    ("median_hours_to_removal", "median h"),
    ("p90_hours_to_removal", "p90 h"),
    ("overdue", "overdue"),
    ("late_answers", "late answers"),
    ("accounts_blocked", "accounts blocked"),
    ("followers_of_referred", "followers of referred"),
    ("confirmed_offline_pct", "confirmed offline %"),
]

APPEAL_COLUMNS = ["filed", "open", "upheld", "reversed", "reversed_pct"]

SECTIONS = [
    ("Overall", "overall"),
    ("By request type", "by_kind"),
    ("By platform", "by_platform"),
    ("By platform and request type", "by_platform_kind"),
    ("By organisation", "by_organisation"),
    ("By month", "by_month"),
]


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value - round(value)) > 1e-9 or value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _appeal_rows(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"all platforms": figures["appeals"]["overall"], **figures["appeals"]["by_platform"]}


def _tables(figures: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    tables = {k: figures[k] for _, k in SECTIONS if k != "overall"}
    tables["overall"] = {"all requests": figures["overall"]}
    return tables


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def chart_compliance(figures: dict[str, Any]) -> bytes:
    plats = figures["by_platform"]
    names = list(plats)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    bottom = [0.0] * len(names)
    for key, label, colour in [
        ("actioned_pct", "actioned", "#2a9d8f"),
        ("rejected_pct", "rejected", "#e76f51"),
        ("no_response_pct", "no response", "#999999"),
    ]:
        vals = [plats[n][key] or 0.0 for n in names]
        ax.bar(names, vals, bottom=bottom, label=label, color=colour)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.set_ylabel("% of requests")
    ax.set_ylim(0, 100)
    ax.set_title("Compliance by platform")
    ax.legend(fontsize=8)
    return _png(fig)


def chart_time_to_removal(figures: dict[str, Any]) -> bytes:
    plats = figures["by_platform"]
    names = list(plats)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    xs = range(len(names))
    ax.bar([x - 0.2 for x in xs], [plats[n]["median_hours_to_removal"] or 0 for n in names], width=0.4, label="median")
    ax.bar([x + 0.2 for x in xs], [plats[n]["p90_hours_to_removal"] or 0 for n in names], width=0.4, label="p90")
    ax.set_xticks(list(xs), names)
    ax.set_ylabel("hours from sending to removal")
    ax.set_title("Time to removal")
    ax.legend(fontsize=8)
    return _png(fig)


def chart_trend(figures: dict[str, Any]) -> bytes:
    months = figures["by_month"]
    names = list(months)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(names, [months[m]["requests"] for m in names], color="#8ab")
    ax.set_ylabel("requests sent")
    ax2 = ax.twinx()
    ax2.plot(names, [months[m]["actioned_pct"] or 0 for m in names], color="#2a9d8f", marker="o")
    ax2.set_ylabel("actioned %")
    ax2.set_ylim(0, 100)
    ax.set_title("Trend by month")
    return _png(fig)


def chart_appeals(figures: dict[str, Any]) -> bytes:
    """Appeals and reversals per platform, beside the platforms' late answers."""
    appeals = figures["appeals"]["by_platform"]
    plats = figures["by_platform"]
    names = sorted(set(appeals) | set(plats))
    series = [
        ("appeals filed", [appeals.get(n, {}).get("filed", 0) for n in names]),
        ("decisions reversed", [appeals.get(n, {}).get("reversed", 0) for n in names]),
        ("late answers", [plats.get(n, {}).get("late_answers", 0) for n in names]),
    ]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for i, (label, values) in enumerate(series):
        ax.bar([x + i * 0.25 for x in range(len(names))], values, width=0.25, label=label)
    ax.set_xticks([x + 0.25 for x in range(len(names))], names)
    ax.set_title("Appeals, reversals and late answers")
    ax.legend(fontsize=8)
    return _png(fig)


def charts(figures: dict[str, Any]) -> list[tuple[str, bytes]]:
    return [
        ("Compliance by platform", chart_compliance(figures)),
        ("Time to removal (hours)", chart_time_to_removal(figures)),
        ("Trend by month", chart_trend(figures)),
        ("Appeals, reversals and late answers", chart_appeals(figures)),
    ]


def headline_rows(report: dict[str, Any]) -> list[tuple[str, Any]]:
    """The headline figures of ``vigil report`` (cumulative, whatever the period)."""
    ident = report.get("identified", {})
    return [
        ("accounts identified", ident.get("accounts")),
        ("accounts referred", report.get("referred")),
        ("accounts removed", report.get("removed")),
        ("followers reached", report.get("followers_reached")),
    ]


def render_html(
    report: dict[str, Any], *, authority: str = "", title: str = TITLE, pngs: list[tuple[str, bytes]] | None = None
) -> str:
    figures = report["referral"]
    env = Environment(loader=PackageLoader("vigil.report", "templates"), autoescape=select_autoescape())
    return env.get_template("transparency.html.j2").render(
        title=title,
        figures=figures,
        headline=headline_rows(report),
        figures_json=json.dumps(report, sort_keys=True, default=str).replace("</", "<\\/"),
        tables=_tables(figures),
        sections=SECTIONS,
        columns=COLUMNS,
        appeal_columns=APPEAL_COLUMNS,
        appeal_rows=_appeal_rows(figures),
        charts=[(c, base64.b64encode(p).decode()) for c, p in (pngs or charts(figures))],
        fmt=fmt,
        authority=authority or "the referral unit",
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _pdf_table(pdf: Any, rows: dict[str, dict[str, Any]]) -> None:
    headings = ["", *(label for _, label in COLUMNS)]
    pdf.set_font(pdf.font_name, size=6)
    with pdf.table(col_widths=(22, *([10] * len(COLUMNS))), text_align="RIGHT") as table:
        table.row(headings)
        for name, row in rows.items():
            table.row([name, *(fmt(row[c]) for c, _ in COLUMNS)])
    pdf.set_font(pdf.font_name, size=10)


def render_pdf(
    report: dict[str, Any], *, authority: str = "", title: str = TITLE, pngs: list[tuple[str, bytes]] | None = None
) -> bytes:
    figures = report["referral"]
    pdf = new_pdf(unicode=needs_unicode_font(json.dumps(report, ensure_ascii=False) + authority + title))
    font = pdf.font_name
    pdf.set_font(font, size=16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=10)
    pdf.multi_cell(
        0,
        6,
        f"Period: {figures['period']['label']}. Issued by {authority or 'the referral unit'}. "
        "'Actioned' is what platforms answered; 'confirmed offline' is what our own checks saw.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for label, value in headline_rows(report):
        pdf.multi_cell(0, 6, f"{label}: {fmt(value)} (all time)", new_x="LMARGIN", new_y="NEXT")
    tables = _tables(figures)
    for section, key in SECTIONS:
        pdf.set_font(font, size=12)
        pdf.multi_cell(0, 8, section, new_x="LMARGIN", new_y="NEXT")
        _pdf_table(pdf, tables[key])
    pdf.set_font(font, size=12)
    pdf.multi_cell(0, 8, "Appeals against decisions", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=8)
    with pdf.table(col_widths=(30, *([15] * len(APPEAL_COLUMNS))), text_align="RIGHT") as table:
        table.row(["", *(c.replace("_", " ") for c in APPEAL_COLUMNS)])
        for name, row in _appeal_rows(figures).items():
            table.row([name, *(fmt(row[c]) for c in APPEAL_COLUMNS)])
    for caption, png in pngs or charts(figures):
        pdf.add_page()
        pdf.multi_cell(0, 8, caption, new_x="LMARGIN", new_y="NEXT")
        pdf.image(io.BytesIO(png), w=180)
    # The figures themselves travel inside the PDF, so a reader can check every number.
    pdf.embed_file(
        basename="figures.json",
        bytes=json.dumps(report, sort_keys=True, default=str).encode(),
        desc="The figures of this report, as printed by vigil report --json",
        compress=True,
    )
    return bytes(pdf.output())


def write(
    report: dict[str, Any], *, html: Path | None = None, pdf: Path | None = None, authority: str = ""
) -> list[Path]:
    written: list[Path] = []
    if not (html or pdf):
        return written
    pngs = charts(report["referral"])  # drawn once for both formats
    if html:
        html.write_text(render_html(report, authority=authority, pngs=pngs), encoding="utf-8")
        written.append(html)
    if pdf:
        pdf.write_bytes(render_pdf(report, authority=authority, pngs=pngs))
        written.append(pdf)
    return written
