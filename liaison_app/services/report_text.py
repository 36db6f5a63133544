"""Statistics as text for the terminal, in the user's language, money in 亿元."""

from __future__ import annotations

import unicodedata
from typing import Any

from liaison_app.domain.i18n import label
from liaison_app.domain.money import format_money
from liaison_app.services.stats import Period

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "visits": ("拜访次数", "Visits"),
    "companies_visited": ("拜访企业数", "Companies visited"),
    "leads": ("项目线索", "Leads"),
    "valid_leads": ("有效线索", "Valid leads"),
    "valid_lead_investment_yuan": ("有效线索涉及投资", "Investment of valid leads"),
    "signed_deals": ("签约项目", "Signed deals"),
    "signed_investment_yuan": ("签约总投资", "Signed investment"),
    "deals_100m_plus": ("亿元以上项目", "Deals of 100 million yuan and above"),
    "groundbroken_deals": ("开工项目", "Groundbreakings"),
    "funds_in_place_yuan": ("实际到位资金", "Funds in place"),
}


def figure_label(key: str) -> str:
    return label(*FIGURE_LABELS[key])


def format_figure(key: str, value: int) -> str:
    if key.endswith("_yuan"):
        return format_money(value, "yi")
    return f"{value:,}"


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _columns(text))


def format_stats(result: dict[str, Any], period: Period) -> str:
    start = period.start.isoformat() if period.start else "…"
    end = period.end.isoformat() if period.end else "…"
    span = (
        label("统计期间：全部", "Period: all time")
        if period.start is None and period.end is None
        else label(f"统计期间：{start} 至 {end}", f"Period: {start} to {end}")
    )
    lines = [
        span,
        label(f"联络办：{result['offices']} 个", f"Offices: {result['offices']}"),
    ]
    width = max(_columns(figure_label(k)) for k in FIGURE_LABELS) + 2
    for key in FIGURE_LABELS:
        lines.append(f"  {_pad(figure_label(key), width)}{format_figure(key, result[key])}")
    for office, figures in result["by_office"].items():
        lines.append(f"\n{office}")
        for key in FIGURE_LABELS:
            lines.append(f"  {_pad(figure_label(key), width)}{format_figure(key, figures[key])}")
    return "\n".join(lines)
