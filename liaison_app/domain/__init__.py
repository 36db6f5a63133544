"""Pure rules of the liaison domain: vocabularies, money, USCC, dates, messages, errors.

No I/O, no Qt, no database: everything here is safe to call from any layer and thread.
"""

from __future__ import annotations

from liaison_app.domain.dates import format_date, format_date_long, parse_date
from liaison_app.domain.enums import (
    INDUSTRY_CHAINS,
    ChainRole,
    DealStatus,
    Labelled,
    LeadStage,
    ReviewState,
    Role,
    SigningMode,
    VisitMode,
)
from liaison_app.domain.errors import (
    KnownError,
    ParseError,
    Problem,
    ProblemCollector,
    ValidationError,
)
from liaison_app.domain.i18n import (
    MESSAGES,
    Lang,
    LocalText,
    current_language,
    label,
    msg,
    set_language,
)
from liaison_app.domain.money import (
    MAX_YUAN,
    YUAN_PER_WAN,
    YUAN_PER_YI,
    format_money,
    parse_money,
    yuan_to_wan,
    yuan_to_yi,
)
from liaison_app.domain.text import clean_text, normalize_company_name, to_halfwidth
from liaison_app.domain.uscc import (
    check_digit,
    is_valid_uscc,
    make_uscc,
    normalize_uscc,
    validate_uscc,
)

__all__ = [
    "INDUSTRY_CHAINS",
    "MAX_YUAN",
    "MESSAGES",
    "YUAN_PER_WAN",
    "YUAN_PER_YI",
    "ChainRole",
    "DealStatus",
    "KnownError",
    "Labelled",
    "Lang",
    "LeadStage",
    "LocalText",
    "ParseError",
    "Problem",
    "ProblemCollector",
    "ReviewState",
    "Role",
    "SigningMode",
    "ValidationError",
    "VisitMode",
    "check_digit",
    "clean_text",
    "current_language",
    "format_date",
    "format_date_long",
    "format_money",
    "is_valid_uscc",
    "label",
    "make_uscc",
    "msg",
    "normalize_company_name",
    "normalize_uscc",
    "parse_date",
    "parse_money",
    "set_language",
    "to_halfwidth",
    "validate_uscc",
    "yuan_to_wan",
    "yuan_to_yi",
]
