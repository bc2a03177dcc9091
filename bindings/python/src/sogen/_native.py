"""Finding and calling libsogen through ctypes.

Every function of the C ABI that returns a string hands over heap memory that
only ``sogen_free`` may release, so those functions are declared to return
``c_void_p`` (a ``c_char_p`` restype would copy the bytes and lose the
pointer) and each call frees its result in a ``finally``.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path
from typing import List, Optional, Sequence

# The SONAME: the ABI version the binding was written for.
SONAME = "libsogen.so.1"

# Where `make install` puts the library (PREFIX=/usr/local by default), for
# systems where ldconfig has not been run since.
_INSTALL_DIRS = ("/usr/local/lib", "/usr/lib", "/usr/lib64")


class LibraryNotFoundError(OSError):
    """libsogen could not be loaded from any of the places tried."""


def _candidates(explicit: Optional[os.PathLike | str]) -> List[str]:
    """The library paths to try, most specific first."""
    if explicit is not None:
        return [os.fspath(explicit)]
    env = os.environ.get("SOGEN_LIBRARY")
    if env:
        # An explicit setting is not second-guessed: if it is wrong, say so.
        return [env]
    found = []
    bundled = Path(__file__).resolve().parent / SONAME
    if bundled.is_file():
        found.append(str(bundled))
    # The dynamic loader's own search (LD_LIBRARY_PATH, ld.so.cache, /usr/lib).
    found.append(SONAME)
    system = ctypes.util.find_library("sogen")
    if system and system not in found:
        found.append(system)
    found.extend(os.path.join(d, SONAME) for d in _INSTALL_DIRS)
    return found


class Native:
    """One loaded libsogen with its prototypes declared."""

    def __init__(self, library: Optional[os.PathLike | str] = None):
        errors = []
        for candidate in _candidates(library):
            try:
                self.cdll = ctypes.CDLL(candidate)
            except OSError as e:
                errors.append(f"  {candidate}: {e}")
                continue
            self.path = candidate
            break
        else:
            raise LibraryNotFoundError(
                "libsogen not found; tried:\n" + "\n".join(errors) + "\n"
                "Set SOGEN_LIBRARY to the library's path (e.g. target/release/libsogen.so), "
                "install it with `make install`, or pass library= explicitly."
            )
        lib = self.cdll
        argv = ctypes.POINTER(ctypes.c_char_p)
        self.functions = {}
        for name in ("sogen_request", "sogen_response", "sogen_request_json", "sogen_response_json"):
            fn = getattr(lib, name)
            fn.argtypes = [ctypes.c_int, argv]
            fn.restype = ctypes.c_void_p
            self.functions[name] = fn
        lib.sogen_free.argtypes = [ctypes.c_void_p]
        lib.sogen_free.restype = None
        # A static string owned by the library: copying it is all there is to do.
        lib.sogen_version.argtypes = []
        lib.sogen_version.restype = ctypes.c_char_p
        self.version = lib.sogen_version().decode("ascii")

    def call(self, name: str, args: Sequence[bytes]) -> bytes:
        """Calls ``name`` with ``args`` (bytes without NUL) and returns a copy of its result."""
        argv = (ctypes.c_char_p * len(args))(*args)
        pointer = self.functions[name](len(args), argv)
        if not pointer:  # the ABI promises never to return NULL
            raise RuntimeError(f"{name} returned NULL")
        try:
            return ctypes.string_at(pointer)
        finally:
            self.cdll.sogen_free(pointer)
