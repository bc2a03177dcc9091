"""Bundles libsogen into the wheel (metadata is in pyproject.toml).

The library bundled is, in this order:
* $SOGEN_LIBRARY, a built libsogen.so;
* in a libsogen checkout (this directory is its bindings/python), the release
  build of the checkout, built now with cargo if needed;
* none when SOGEN_USE_SYSTEM_LIBRARY=1: the package then loads the system's
  libsogen.so.1 (the Debian package, or `make install`) at run time.
Anything else stops the installation with what to do, rather than installing
a package that fails at its first call. A wheel carrying the library is
tagged for this platform (py3-none-linux_x86_64…): ctypes needs no CPython ABI.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

try:  # setuptools >= 70.1 has its own bdist_wheel
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # older setuptools (Debian 12: 66) use the wheel package's
    from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
BUNDLED_NAME = "libsogen.so.1"  # what sogen/_native.py looks for beside itself

HELP = """no libsogen to bundle into the sogen package. Either:
  * build it in a libsogen checkout and install from there:
      cargo build --release -p libsogen && pip install bindings/python
  * or point at a built library:  SOGEN_LIBRARY=/path/to/libsogen.so.1 pip install …
  * or, with libsogen installed system-wide (Debian package libsogen1, or
    `make install`):  SOGEN_USE_SYSTEM_LIBRARY=1 pip install …"""


def in_checkout():
    manifest = CHECKOUT / "Cargo.toml"
    return manifest.is_file() and 'name = "libsogen"' in manifest.read_text()


def build_in_checkout():
    """The checkout's release library, built by cargo (a no-op when up to date)."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or CHECKOUT / "target")
    if not shutil.which("cargo"):
        built = target / "release" / "libsogen.so"
        if built.is_file():
            return built
        raise SystemExit("cargo is not installed to build libsogen here.\n" + HELP)
    print("building libsogen (cargo build --release -p libsogen --lib)…", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "-p", "libsogen", "--lib"], cwd=CHECKOUT, check=True)
    return target / "release" / "libsogen.so"


def library_to_bundle():
    explicit = os.environ.get("SOGEN_LIBRARY")
    if explicit:
        if not Path(explicit).is_file():
            raise SystemExit(f"SOGEN_LIBRARY={explicit} is not a file.\n" + HELP)
        return Path(explicit)
    if os.environ.get("SOGEN_USE_SYSTEM_LIBRARY") == "1":
        return None
    if in_checkout():
        return build_in_checkout()
    raise SystemExit(HELP)


LIBRARY = library_to_bundle()


class BuildPy(build_py):
    def run(self):
        super().run()
        if LIBRARY is not None:
            target = Path(self.build_lib) / "sogen" / BUNDLED_NAME
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(LIBRARY, target)


class BdistWheel(bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        if LIBRARY is not None:
            self.root_is_pure = False

    def get_tag(self):
        python, abi, plat = super().get_tag()
        if LIBRARY is not None:
            return "py3", "none", plat
        return python, abi, plat


setup(cmdclass={"build_py": BuildPy, "bdist_wheel": BdistWheel})
