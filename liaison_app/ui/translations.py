"""Load the app's and Qt's own translations for a language, and make the domain's
messages, enum labels and Qt's number and date formats follow it."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from liaison_app.domain.i18n import set_language

log = logging.getLogger("liaison.ui.translations")

_PACKAGE = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """``resources/``: beside the package in a checkout, inside it once installed (the
    wheel maps the top-level folder to ``liaison_app/resources``)."""
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "简体中文"), ("en", "English"))
"""Language code and its name in itself (how a language menu shows it)."""

_installed: list[QTranslator] = []


def normalize_language(lang: str | None) -> str:
    """ "zh_CN" or "en" from a setting or locale name; anything else means Chinese."""
    norm = (lang or "").strip().replace("-", "_").lower()
    return "en" if norm.startswith("en") else "zh_CN"


def system_language() -> str:
    """The default when the user has not chosen: follow the system locale."""
    return normalize_language(QLocale.system().name())


def install_translators(app: QCoreApplication, lang: str) -> None:
    """Replace the installed translators with those of ``lang``.

    A missing .qm file leaves the English source strings (logged, never fatal).
    """
    lang = normalize_language(lang)
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for folder, name in ((qt_dir, f"qtbase_{lang}"), (str(translations_dir()), f"liaison_{lang}")):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        elif lang != "en":
            log.warning("translation %s not found in %s", name, folder)
    set_language(lang)
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
