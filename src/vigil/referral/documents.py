"""The documents a request carries: a removal order, a referral letter, a per-platform batch.

The removal order follows the sections of Annex I of the EU Terrorist Content Online Regulation
(2021/784): issuing authority, addressee, reference, date and time of issue, the content (URLs and
account identifiers), the grounds, the legal basis, information for the content provider, redress
and the preservation notice.  A terms-of-service referral is a letter, not an order: it asks the
platform to apply its own rules and carries no deadline in law.  Each document is rendered to
JSON (what machines read) and PDF (what people sign off), and each file is signed.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF

from vigil.domain.enums import RequestKind
from vigil.referral.platforms import Authority
from vigil.referral.requests import RequestView

SCHEMA = "vigil.referral/1"

GROUNDS = {
    # TCO Art. 2(7): the kinds of material that make content terrorist content.
    "incitement": "incites the commission of terrorist offences (Art. 2(7)(a))",
    "solicitation": "solicits persons to commit or contribute to terrorist offences (Art. 2(7)(b))",
    "participation": "solicits participation in the activities of a terrorist group (Art. 2(7)(c))",
    "recruitment": "solicits participation in the activities of a terrorist group (Art. 2(7)(c))",
    "instruction": "provides instruction for terrorist offences (Art. 2(7)(d))",
    "threat": "constitutes a threat to commit a terrorist offence (Art. 2(7)(e))",
    "glorification": "glorifies terrorist acts, inciting their commission (Art. 2(7)(a))",
}


def _target_kind(target: str) -> str:
    return "url" if target.startswith(("http://", "https://")) else "account"


def _targets(view: RequestView) -> list[dict[str, str]]:
    return [{"kind": _target_kind(t), "value": t} for t in view.targets]


def _authority(a: Authority) -> dict[str, str]:
    return {
        "name": a.name,
        "country": a.country,
        "address": a.address,
        "email": a.email,
        "contact_point": a.contact_point,
    }


def order_document(view: RequestView, authority: Authority, issued_at: datetime) -> dict[str, Any]:
    """A removal order modelled on TCO Regulation Annex I."""
    ground = view.decision.get("ground") or "glorification"
    return {
        "schema": SCHEMA,
        "type": "removal_order",
        "section_a_issuing_authority": _authority(authority),
        "section_b_addressee": {"platform": view.platform},
        "reference": view.reference,
        "idempotency_key": view.idempotency_key,
        "issued_at": issued_at.isoformat(timespec="seconds"),
        "deadline": "Remove or disable access within one hour of receipt (TCO Art. 3(3)).",
        "content": _targets(view),
        "organisation": view.organisation,
        "grounds": {
            "ground": ground,
            "statement": GROUNDS.get(ground, ground),
            "reasons": view.decision.get("reasons", ""),
            "designation_references": view.decision.get("references", []),
        },
        "legal_basis": view.decision.get("legal_basis") or "Regulation (EU) 2021/784, Art. 3",
        "information_for_content_provider": (
            "Your content was removed or access to it disabled on the order of the issuing "
            "authority named above. You may request the reasons and challenge the order."
        ),
        "redress": authority.redress,
        "preservation": (
            f"Preserve the removed content and related data for {authority.preservation_days} "
            "days for administrative or judicial review and for the investigation of terrorist "
            "offences (TCO Art. 6)."
        ),
    }


def referral_document(view: RequestView, authority: Authority, issued_at: datetime) -> dict[str, Any]:
    """A terms-of-service referral: the platform decides under its own rules."""
    return {
        "schema": SCHEMA,
        "type": "tos_referral",
        "from": _authority(authority),
        "to": {"platform": view.platform},
        "reference": view.reference,
        "idempotency_key": view.idempotency_key,
        "issued_at": issued_at.isoformat(timespec="seconds"),
        "content": _targets(view),
        "organisation": view.organisation,
        "letter": (
            f"We refer the content below to {view.platform} for assessment under its terms of "
            f"service. It appears to promote {view.organisation}, an organisation designated "
            "under the references given. This is a referral, not a legal order: please tell us "
            "what action you take, or why you take none."
        ),
        "reasons": view.decision.get("reasons", ""),
        "designation_references": view.decision.get("references", []),
    }


def build(view: RequestView, authority: Authority, issued_at: datetime) -> dict[str, Any]:
    if view.kind is RequestKind.LEGAL_ORDER:
        return order_document(view, authority, issued_at)
    return referral_document(view, authority, issued_at)


def to_json(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _font_path(name: str = "DejaVuSans.ttf") -> Path:
    # DejaVu Sans ships with matplotlib and covers far more scripts than PDF core fonts.
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def needs_unicode_font(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return False


def new_pdf(*, unicode: bool = False) -> FPDF:
    """An A4 PDF whose font family is ``pdf.font_name``.

    PDF core fonts (Helvetica) are fast and need no embedding but cover Latin-1 only; text in
    other scripts (Urdu, Pashto) gets DejaVu Sans, embedded and subset (slower).
    """
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2000, 1, 1))  # fixed, so the same input gives the same bytes
    family = "helvetica"
    if unicode:
        family = "dejavu"
        pdf.add_font(family, "", str(_font_path()))
        pdf.add_font(family, "B", str(_font_path("DejaVuSans-Bold.ttf")))
    pdf.font_name = family  # type: ignore[attr-defined]
    pdf.set_font(family, size=10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def _pdf_value(pdf: FPDF, label: str, value: Any, depth: int = 0) -> None:
    indent = " " * (4 * depth)
    if isinstance(value, dict):
        pdf.multi_cell(0, 6, f"{indent}{label}", new_x="LMARGIN", new_y="NEXT")
        for k, v in value.items():
            _pdf_value(pdf, k.replace("_", " "), v, depth + 1)
    elif isinstance(value, list):
        pdf.multi_cell(0, 6, f"{indent}{label}:", new_x="LMARGIN", new_y="NEXT")
        for item in value:
            text = item["value"] if isinstance(item, dict) and "value" in item else str(item)
            pdf.multi_cell(0, 6, f"{indent}    - {text}", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 6, f"{indent}{label}: {value}", new_x="LMARGIN", new_y="NEXT")


def to_pdf(doc: dict[str, Any]) -> bytes:
    pdf = new_pdf(unicode=needs_unicode_font(json.dumps(doc, ensure_ascii=False)))
    font = pdf.font_name  # type: ignore[attr-defined]
    title = "REMOVAL ORDER" if doc["type"] == "removal_order" else "TERMS-OF-SERVICE REFERRAL"
    pdf.set_font(font, size=14)
    pdf.multi_cell(0, 8, f"{title}  {doc['reference']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=10)
    for key, value in doc.items():
        if key in ("schema", "type", "reference"):
            continue
        _pdf_value(pdf, key.replace("_", " ").capitalize(), value)
    pdf.multi_cell(
        0,
        6,
        "\nThis document is signed (Ed25519). Check it with: vigil referral verify FILE",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


BATCH_COLUMNS = [
    "reference",
    "request_id",
    "kind",
    "platform",
    "target_kind",
    "target",
    "organisation",
    "ground",
    "issued_at",
]


def batch_csv(views: list[RequestView], issued_at: datetime) -> bytes:
    """One platform's requests as CSV: one row per URL or account identifier."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(BATCH_COLUMNS)
    for v in views:
        for t in v.targets:
            writer.writerow(
                [
                    v.reference,
                    v.id,
                    v.kind.value,
                    v.platform,
                    _target_kind(t),
                    t,
                    v.organisation,
                    v.decision.get("ground") or "",
                    issued_at.isoformat(timespec="seconds"),
                ]
            )
    return buf.getvalue().encode()
