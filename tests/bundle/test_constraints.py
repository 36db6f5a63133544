"""The whole resolved set is pinned in pyproject.toml (scripts/pin_constraints.py), and the
environment the tests run in is exactly that set: two installs a month apart agree."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[A-Za-z0-9.+!_-]+)(?: ; (?P<marker>.+))?$"
)
REFRESH = "run: uv run python scripts/pin_constraints.py, then uv sync"


def pins(key: str) -> dict[str, str]:
    """Name -> version of the pins that apply on this machine."""
    found: dict[str, str] = {}
    for spec in PYPROJECT["tool"]["uv"][key]:
        match = PIN.match(spec)
        assert match, f"{spec!r} is not name==version"
        if match["marker"] and not Marker(match["marker"]).evaluate():
            continue
        found[canonicalize_name(match["name"])] = match["version"]
    return found


def test_every_installed_distribution_is_pinned_at_its_version() -> None:
    pinned = pins("constraint-dependencies")
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in distributions()
        if dist.metadata["Name"]
    }
    installed.pop("liaison-app")
    unpinned = {name: v for name, v in installed.items() if name not in pinned}
    different = {
        name: (v, pinned[name]) for name, v in installed.items() if pinned.get(name, v) != v
    }
    assert unpinned == {}, f"installed but not pinned; {REFRESH}"
    assert different == {}, f"installed version differs from the pin; {REFRESH}"
    assert len(installed) >= 40  # the real environment, not an empty listing


def test_direct_dependencies_are_pinned_with_the_same_version() -> None:
    pinned = pins("constraint-dependencies")
    direct = PYPROJECT["project"]["dependencies"] + PYPROJECT["dependency-groups"]["dev"]
    for text in direct:
        requirement = Requirement(text)
        [spec] = requirement.specifier
        assert spec.operator == "==", text
        assert pinned[canonicalize_name(requirement.name)] == spec.version, text


def test_the_build_backend_is_pinned_too() -> None:
    [backend] = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    [spec] = backend.specifier
    build = pins("build-constraint-dependencies")
    assert spec.operator == "==" and build[canonicalize_name(backend.name)] == spec.version


def test_no_registry_address_is_committed() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "://" not in text and "index-url" not in text and "[[tool.uv.index]]" not in text
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "uv.lock" in ignored
