"""Real programs from Debian's packages (a PostgreSQL server, Chromium) for tests needing them.

Under CI (`CI=true`) a missing package is installed with apt-get, as CI runs as root on a clean
machine, and a package that still cannot be had fails the test: those tests must run there, never
skip. On a newcomer's machine a missing package skips the test with one line saying how to
install it.
"""

from __future__ import annotations

import fcntl
import functools
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _find(candidates: tuple[str, ...]) -> str | None:
    """The first program found: a name on PATH or a glob of absolute paths (newest first)."""
    for candidate in candidates:
        if candidate.startswith("/"):
            matches = sorted(glob.glob(candidate), reverse=True)
            if matches:
                return matches[0]
        elif found := shutil.which(candidate):
            return found
    return None


@functools.cache
def _apt_update() -> None:
    """Refresh apt's package lists once per test session (a clean machine has none)."""
    subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True, timeout=600)


def _apt_install(package: str) -> str:
    """Install one Debian package non-interactively; apt's complaint when it fails."""
    _apt_update()
    done = subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends",
         "-o", "DPkg::Lock::Timeout=600", package],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["?"])[-1]


@functools.cache
def program(package: str, *candidates: str) -> str:
    """The path of a program from a Debian package, installing it under CI; else skip the test.

    `candidates` are names on PATH or absolute globs, e.g. "/usr/lib/postgresql/*/bin/postgres".
    """
    found = _find(candidates)
    if found:
        return found
    if os.environ.get("CI") == "true":
        if os.geteuid() != 0:
            complaint = "not root, cannot apt-get"
        else:
            # The test workers (pytest -n) may all want it at once: one installs, the others
            # wait for it and then find it.
            with open(Path(tempfile.gettempdir()) / "receptionist-tests-apt.lock", "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                complaint = "" if _find(candidates) else _apt_install(package)
        found = _find(candidates)
        if found:
            return found
        pytest.fail(f"CI needs Debian's {package} and could not install it: {complaint}")
    pytest.skip(f"needs Debian's {package}: sudo apt-get install {package}")
