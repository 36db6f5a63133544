"""Pin every package the project resolves to, by name and version, in pyproject.toml.

    uv run python scripts/pin_constraints.py            # after adding or changing a dependency
    uv run python scripts/pin_constraints.py --upgrade  # move every pin to the newest allowed

uv.lock stays out of the repository (it records the registry's address), so the whole
resolved set is kept as ``[tool.uv] constraint-dependencies``: two installs a month apart
get the same packages, on every platform (the resolution is uv's universal one, so the
Windows and macOS packages are pinned too). The build backend's own requirements go to
``build-constraint-dependencies``. Without ``--upgrade`` the current pins hold and only
packages new to the resolution get one. tests/bundle/test_constraints.py checks the
installed environment against the list. Needs uv and the package registry.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
RUNTIME = "constraint-dependencies"
BUILD = "build-constraint-dependencies"
HEADER = (
    "\n[tool.uv]\n"
    "# Every package of the resolution, pinned: written by scripts/pin_constraints.py.\n"
)


def block(key: str) -> re.Pattern[str]:
    return re.compile(rf"^{key} = \[\n(?:[^\]]*\n)?\]\n", re.MULTILINE)


def resolve(pyproject_text: str) -> list[str]:
    """``name==version ; marker`` lines of uv's universal resolution of this project."""
    uv = shutil.which("uv") or "uv"
    with tempfile.TemporaryDirectory(prefix="liaison-pins-") as folder:
        Path(folder, "pyproject.toml").write_text(pyproject_text, encoding="utf-8")
        Path(folder, "README.md").write_text("", encoding="utf-8")
        subprocess.run([uv, "lock", "--quiet", "--directory", folder], check=True)
        exported = subprocess.run(
            [
                uv, "export", "--directory", folder, "--frozen", "--all-groups",
                "--no-emit-project", "--no-hashes", "--no-header", "--no-annotate",
                "--format", "requirements.txt",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout  # fmt: skip
    return [line.strip() for line in exported.splitlines() if "==" in line]


def resolve_build(pyproject_text: str) -> list[str]:
    """The build backend (``[build-system] requires``) and what it needs."""
    uv = shutil.which("uv") or "uv"
    requires = tomllib.loads(pyproject_text)["build-system"]["requires"]
    compiled = subprocess.run(
        [uv, "pip", "compile", "-", "--universal", "--no-header", "--no-annotate", "--quiet"],
        input="\n".join(requires),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.strip() for line in compiled.splitlines() if "==" in line]


def constraints(lines: list[str]) -> list[str]:
    """One pin a package; the marker is kept only where a package has two versions."""
    names = [line.split("==", 1)[0] for line in lines]
    pins = []
    for line, name in zip(lines, names, strict=True):
        if names.count(name) == 1:
            line = line.split(";", 1)[0].strip()
        pins.append(line)
    return sorted(set(pins), key=lambda pin: (pin.split("==")[0], pin))


def write(text: str, key: str, pins: list[str]) -> str:
    """``text`` with the ``key`` array of [tool.uv] holding ``pins``."""
    lines = f"{key} = [\n" + "".join(f'    "{p}",\n' for p in pins) + "]\n"
    if block(key).search(text):
        return block(key).sub(lambda _: lines, text, count=1)
    if "\n[tool.uv]\n" in text:
        return block(RUNTIME).sub(lambda found: found.group(0) + lines, text, count=1)
    return text.rstrip("\n") + "\n" + HEADER + lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--upgrade", action="store_true", help="drop the current pins and resolve afresh"
    )
    args = parser.parse_args(argv)
    text = PYPROJECT.read_text(encoding="utf-8")
    source = text
    if args.upgrade:
        source = block(BUILD).sub("", block(RUNTIME).sub("", text))
    pins = constraints(resolve(source))
    updated = write(write(text, RUNTIME, pins), BUILD, constraints(resolve_build(source)))
    if updated == text:
        print(f"{len(pins)} packages pinned; nothing changed")
        return 0
    PYPROJECT.write_text(updated, encoding="utf-8")
    print(f"{len(pins)} packages pinned in {PYPROJECT.name}; now run: uv sync")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
