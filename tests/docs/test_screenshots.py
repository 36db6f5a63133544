"""The READMEs show what scripts/screenshots.py makes, and link what a clone contains.

The script runs for real (a subprocess: its own QApplication, offscreen) into tmp_path; every
image either README shows must be one of its files, a PNG of the right size that is not
blank, and committed under docs/images so the README is whole on GitHub.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

from liaison_app.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
READMES = ("README.md", "README.zh-CN.md")
SCRIPT = ROOT / "scripts" / "screenshots.py"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]*\bsrc=\"([^\"]+)\"")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)")


def readme(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def images_of(text: str) -> list[str]:
    return [a or b for a, b in IMAGE.findall(text)]


def load_script() -> ModuleType:
    """scripts/screenshots.py as a module (it makes no QApplication until it runs)."""
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The script's images, made once for this module."""
    folder = tmp_path_factory.mktemp("shots")
    out, work = folder / "images", folder / "work"
    work.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--work", str(work)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Qt warning" not in done.stderr, done.stderr
    return out


def is_blank(image: QImage) -> bool:
    """Fewer than a handful of colours on a 40 × 40 grid: an empty or unpainted grab."""
    colours = {
        image.pixel(image.width() * x // 40, image.height() * y // 40)
        for x in range(40)
        for y in range(40)
    }
    return len(colours) < 8


@pytest.mark.slow
def test_the_readme_images_are_what_the_script_makes(shots: Path) -> None:
    script = load_script()
    made = sorted(p.name for p in shots.iterdir())
    assert made == sorted(script.IMAGES), "the script wrote other files than it names"
    pages = {name for name, _key in script.PAGES}
    window = (script.SIZE.width(), script.SIZE.height())
    for name in READMES:
        shown = images_of(readme(name))
        assert shown, f"{name} shows no screenshot"
        for ref in shown:
            path = Path(ref)
            assert path.parent == Path("docs/images"), f"{name}: {ref} is not in docs/images"
            assert path.name in made, f"{name} shows {ref}, which the script does not make"
            assert (ROOT / ref).is_file(), f"{ref} is not committed: run scripts/screenshots.py"
    for file in made:
        image = QImage(str(shots / file))
        assert not image.isNull(), f"{file} is no readable PNG"
        assert (shots / file).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", file
        assert not is_blank(image), f"{file} is blank"
        committed = QImage(str(ROOT / "docs" / "images" / file))
        assert committed.size() == image.size(), f"docs/images/{file}: rerun the script"
        if file in pages:
            assert (image.width(), image.height()) == window, file
        else:
            assert image.width() >= 600 and image.height() >= 400, file


def test_both_readmes_show_the_same_screenshots() -> None:
    assert images_of(readme("README.md")) == images_of(readme("README.zh-CN.md"))


@pytest.mark.parametrize("name", READMES)
def test_readme_links_stay_inside_the_repository(name: str) -> None:
    text = readme(name)
    other = "README.zh-CN.md" if name == "README.md" else "README.md"
    links = LINK.findall(text)
    assert other in links, f"{name} does not link {other}"
    assert "docs/ARCHITECTURE.md" in links
    assert "../shared" not in text
    for link in links:
        if "://" in link or link.startswith("mailto:"):
            continue
        assert (ROOT / link).exists(), f"{name} links {link}, which is not in the repository"


@pytest.mark.parametrize("name", READMES)
def test_readme_names_every_command(name: str) -> None:
    """Every sub-command of ``liaison-app --help`` (and of ``central``) is in the README."""
    text = readme(name)
    commands = subcommands(build_parser())
    assert {"export", "report", "import", "central"} <= set(commands)
    for command, sub in commands.items():
        assert f"liaison-app {command}" in text, f"{name} lacks liaison-app {command}"
        for child in subcommands(sub):
            assert f"liaison-app {command} {child}" in text, f"{name} lacks {command} {child}"


def test_docs_link_the_architecture_by_its_name() -> None:
    """docs/architecture.md became docs/ARCHITECTURE.md: nothing points at the old name."""
    assert (ROOT / "docs" / "ARCHITECTURE.md").is_file()
    for path in [ROOT / n for n in READMES] + sorted((ROOT / "docs").glob("*.md")):
        assert "architecture.md" not in path.read_text(encoding="utf-8"), path.name
