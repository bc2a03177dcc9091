"""`pip install bindings/python` outside a libsogen checkout with no library
to bundle stops at install time with what to do, instead of installing a
package that fails at its first call; SOGEN_USE_SYSTEM_LIBRARY=1 installs a
package that loads the system's library."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The binding's sources alone, as in a download without the library."""
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        pytest.skip("pip is not available to this interpreter (make test-python runs a venv)")
    dest = tmp_path_factory.mktemp("pip") / "python"
    shutil.copytree(REPO / "bindings" / "python", dest,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "tests"))
    return dest


def pip_install(source, target, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOGEN_")}
    command = [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps",
               "--target", str(target), str(source)]
    return subprocess.run(command, env={**clean, **env}, capture_output=True, text=True)


def test_no_library_stops_the_installation_with_what_to_do(copy, tmp_path):
    run = pip_install(copy, tmp_path / "site")
    assert run.returncode != 0
    output = run.stdout + run.stderr
    for advice in ("no libsogen to bundle", "SOGEN_LIBRARY=", "cargo build --release -p libsogen",
                   "SOGEN_USE_SYSTEM_LIBRARY=1"):
        assert advice in output, output
    assert not (tmp_path / "site" / "sogen").exists()


def test_system_library_choice_installs_without_a_bundled_copy(copy, tmp_path):
    run = pip_install(copy, tmp_path / "site", SOGEN_USE_SYSTEM_LIBRARY="1")
    assert run.returncode == 0, run.stdout + run.stderr
    package = tmp_path / "site" / "sogen"
    assert (package / "__init__.py").is_file() and not (package / "libsogen.so.1").exists()
    code = "import sogen; print(sogen.candidates())"
    env = {k: v for k, v in os.environ.items() if k != "SOGEN_LIBRARY"}
    out = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path / "site", env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out == "['libsogen.so.1', '/usr/local/lib/libsogen.so.1']\n"
