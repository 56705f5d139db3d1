"""The gates: the lock files hold what the direct requirements ask for, and ./test.sh runs
the linter and the type checker before the tests (the README's command is the whole gate)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: direct requirements -> the lock file generated from it (scripts/lock.sh)
LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(path: Path) -> dict[str, str]:
    """name -> version of the pins in a .in file (comments and -r/-c lines left out)."""
    pins = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith(("-r ", "-c ")):
            continue
        m = PIN.match(line)
        assert m, f"{path.name}, line {n}: {line!r} is not pinned as name==version"
        pins[_name(m.group(1))] = m.group(2)
    return pins


def locked(path: Path) -> dict[str, list[tuple[str, str, list[str]]]]:
    """name -> [(version, marker, what it is there for)] of a lock file; a package may be
    locked twice with markers (numpy for Python 3.11 and for 3.12 on)."""
    out: dict[str, list[tuple[str, str, list[str]]]] = {}
    via: list[str] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("    #"):
            assert via is not None, f"{path.name}, line {n}: a comment before any package"
            text = line.strip().lstrip("#").strip()
            via += [text.removeprefix("via").strip()] if text.removeprefix("via").strip() else []
            continue
        m = PIN.match(line)
        assert m, f"{path.name}, line {n}: {line!r} is not pinned as name==version"
        via = []
        out.setdefault(_name(m.group(1)), []).append((m.group(2), m.group(3) or "", via))
    return out


@pytest.mark.parametrize("direct, lock", LOCKS.items())
def test_every_direct_requirement_is_locked_at_its_own_version(direct, lock):
    pins, held = direct_pins(ROOT / direct), locked(ROOT / lock)
    wrong = {name: (version, [v for v, _, _ in held.get(name, [])]) for name, version in pins.items()
             if [v for v, _, _ in held.get(name, [])] != [version]}
    assert wrong == {}, f"{lock} is not generated from {direct} (wanted, locked); run scripts/lock.sh"


@pytest.mark.parametrize("direct, lock", LOCKS.items())
def test_every_locked_package_was_put_there_by_the_lock_tool(direct, lock):
    """A line added to the lock by hand has no 'via'; a package dropped from the .in file
    that the lock still names as direct means the lock is stale."""
    held = locked(ROOT / lock)
    direct_names = set(direct_pins(ROOT / direct))
    if direct == "requirements-dev.in":
        direct_names |= set(direct_pins(ROOT / "requirements.in"))
    no_reason = sorted(name for name, entries in held.items() for _, _, via in entries if not via)
    assert no_reason == [], f"{lock}: not put there by scripts/lock.sh (no 'via'): {no_reason}"
    stale = sorted(name for name, entries in held.items() for _, _, via in entries
                   if any(v.startswith("-r ") for v in via) and name not in direct_names)
    assert stale == [], f"{lock} names as direct what {direct} no longer asks for: {stale}; run scripts/lock.sh"


def test_the_two_locks_agree_on_every_package_they_share():
    runtime, dev = locked(ROOT / "requirements.txt"), locked(ROOT / "requirements-dev.txt")
    differ = {name: ([(v, m) for v, m, _ in runtime[name]], [(v, m) for v, m, _ in dev[name]])
              for name in runtime.keys() & dev.keys()
              if {(v, m) for v, m, _ in runtime[name]} != {(v, m) for v, m, _ in dev[name]}}
    assert differ == {}, "requirements-dev.txt must install what requirements.txt installs; run scripts/lock.sh"
    assert runtime.keys() <= dev.keys(), f"missing from the dev lock: {sorted(runtime.keys() - dev.keys())}"


def test_the_readme_command_ends_in_the_gates():
    script = (ROOT / "test.sh").read_text(encoding="utf-8").splitlines()
    assert script[-1] == 'exec scripts/gates.sh "$@"', "test.sh: set up, then run every gate"


def _run_gates(tmp_path: Path, ruff: int, mypy: int, pytest_status: int) -> tuple[int, list[str]]:
    """scripts/gates.sh in a copy of the repository layout whose tools are stand-ins that
    log their call and exit with the given status."""
    (tmp_path / "scripts").mkdir()
    gates = tmp_path / "scripts" / "gates.sh"
    gates.write_text((ROOT / "scripts" / "gates.sh").read_text(encoding="utf-8"), encoding="utf-8")
    tools = tmp_path / ".venv" / "bin"
    tools.mkdir(parents=True)
    log = tmp_path / "calls.log"
    for tool, status in (("ruff", ruff), ("mypy", mypy), ("python", pytest_status)):
        (tools / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\nexit {status}\n', encoding="utf-8")
        (tools / tool).chmod(0o755)
    done = subprocess.run(["bash", str(gates), "tests/test_x.py"], capture_output=True, text=True, timeout=60)
    return done.returncode, [line.strip() for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("ruff, mypy, tests, expected", [
    (0, 0, 0, 0),
    (1, 0, 0, 1),        # a lint finding fails the gate although every test passed
    (0, 1, 0, 1),        # so does a type error
    (1, 1, 1, 1),
    (0, 0, 5, 5),        # pytest's own status (5: no test ran) is kept
])
def test_the_gates_run_all_three_in_order_and_fail_on_any(tmp_path, ruff, mypy, tests, expected):
    status, calls = _run_gates(tmp_path, ruff, mypy, tests)
    assert calls == ["ruff check .", "mypy", "python -m pytest -q tests/test_x.py"]
    assert status == expected
