"""Rebuild the translation files from the source code, with PySide6's own tools.

    uv run python -m liaison_app.ui.build_translations          # lupdate + lrelease
    uv run python -m liaison_app.ui.build_translations --check  # also fail on untranslated

``pyside6-lupdate`` scans every .py under liaison_app/ui into resources/translations/
liaison_zh_CN.ts and liaison_en.ts, keeping the translations already there (strings no
longer in the code are dropped); fill new
entries with Qt Linguist (``pyside6-linguist``) or a text editor; then ``pyside6-lrelease``
builds the .qm files the app loads. Source strings are English, so liaison_en.ts needs no
translations (an unfinished entry shows its source text).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from liaison_app.ui.translations import LANGUAGES, translations_dir

UI_DIR = Path(__file__).resolve().parent


def tool(name: str) -> str:
    """A PySide6 tool from the running environment (the venv's bin folder first)."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found; run this with `uv run` in the project")
    return found


def ts_path(lang: str) -> Path:
    return translations_dir() / f"liaison_{lang}.ts"


def sources() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def update() -> None:
    """Merge the strings found in the code into each .ts file."""
    translations_dir().mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in sources()]
    for lang, _name in LANGUAGES:
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *files,
                "-locations",
                "none",
                "-no-obsolete",
                "-source-language",
                "en",
                "-target-language",
                lang,
                "-ts",
                str(ts_path(lang)),
            ],
            check=True,
        )


def release() -> None:
    for lang, _name in LANGUAGES:
        qm = ts_path(lang).with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), str(ts_path(lang)), "-qm", str(qm)], check=True)


def unfinished(lang: str) -> list[tuple[str, str]]:
    """(context, source) of the live messages of ``lang`` without a translation."""
    root = ET.parse(ts_path(lang)).getroot()
    missing = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            if kind == "unfinished" or not (translation.text or "").strip():
                missing.append((name, message.findtext("source", "")))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if zh_CN has gaps")
    args = parser.parse_args(argv)
    update()
    release()
    missing = unfinished("zh_CN")
    for context, source in missing:
        print(f"untranslated (zh_CN) {context}: {source}")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
