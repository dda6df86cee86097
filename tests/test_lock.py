"""The lock files agree with pyproject.toml.

Every dependency that pyproject.toml declares (and, in the test lock, the `test`, `postgres`
and `dask` extras) is pinned in the lock with a version its specifier allows and at least one
sha256, so that the README's `pip install --require-hashes -r requirements/...` installs what
the code asks for.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


def _pins(lock: Path) -> dict[str, list[tuple[str, int]]]:
    """Each pinned name -> [(version, number of hashes)] for the pins whose marker holds here."""
    pins: dict[str, list[tuple[str, int]]] = {}
    current: list[tuple[str, int]] | None = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            marker = match.group("marker")
            if marker and not Marker(marker).evaluate():
                current = None
                continue
            current = pins.setdefault(canonicalize_name(match.group("name")), [])
            current.append((match.group("version"), 0))
        elif current is not None and line.strip().startswith("--hash=sha256:"):
            version, count = current[-1]
            current[-1] = (version, count + 1)
        elif not line.startswith(" "):
            current = None
    return pins


CASES = [
    ("lock.txt", PROJECT["dependencies"]),
    (
        "test-lock.txt",
        PROJECT["dependencies"]
        + PROJECT["optional-dependencies"]["test"]
        # the suite runs on PostgreSQL and on a local Dask cluster too
        + PROJECT["optional-dependencies"]["postgres"]
        + PROJECT["optional-dependencies"]["dask"],
    ),
]


@pytest.mark.parametrize(
    ("lock", "requirement"),
    [(lock, requirement) for lock, requirements in CASES for requirement in requirements],
)
def test_every_declared_dependency_is_pinned_with_hashes(lock, requirement):
    wanted = Requirement(requirement)
    pins = _pins(ROOT / "requirements" / lock).get(canonicalize_name(wanted.name))
    assert pins, f"requirements/{lock} does not pin {wanted.name}; run scripts/lock.sh"
    for version, hashes in pins:
        assert wanted.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {wanted.name}=={version}, outside {wanted.specifier}"
        )
        assert hashes, f"requirements/{lock} pins {wanted.name}=={version} without a hash"


def test_the_test_lock_pins_the_runtime_at_the_same_versions():
    runtime = _pins(ROOT / "requirements" / "lock.txt")
    test = _pins(ROOT / "requirements" / "test-lock.txt")
    differ = {name for name, pins in runtime.items() if test.get(name) != pins}
    assert not differ, f"the two locks pin different versions of {sorted(differ)}"
