"""Bundles the built libsogen into the wheel (metadata is in pyproject.toml).

The library copied is, in this order: $SOGEN_LIBRARY, or the release build of
the repository this directory belongs to (../../target/release/libsogen.so).
With neither, the wheel is pure Python and finds the library at run time
($SOGEN_LIBRARY or the system's libsogen.so.1). A wheel carrying the library
is tagged for this platform (py3-none-linux_x86_64…): ctypes needs no CPython ABI.
"""
import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

try:  # setuptools >= 70.1 has its own bdist_wheel
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # older setuptools (Debian 12: 66) use the wheel package's
    from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent
BUNDLED_NAME = "libsogen.so.1"  # what sogen/_library.py looks for beside itself


def library_to_bundle():
    explicit = os.environ.get("SOGEN_LIBRARY")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise SystemExit(f"SOGEN_LIBRARY={explicit} is not a file")
        return path
    built = HERE.parent.parent / "target" / "release" / "libsogen.so"
    return built if built.is_file() else None


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
