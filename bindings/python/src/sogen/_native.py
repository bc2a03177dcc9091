"""Finding and calling libsogen through ctypes.

Every function of the C ABI that returns a string hands over heap memory that
only ``sogen_free`` may release, so those functions are declared to return
``c_void_p`` (a ``c_char_p`` restype would copy the bytes and lose the
pointer) and each call frees its result in a ``finally``.
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import List, Optional, Sequence

# The SONAME: the ABI version the binding was written for.
SONAME = "libsogen.so.1"

# Where `make install` puts the library by default, for systems where
# ldconfig has not run since.
FALLBACK = "/usr/local/lib/" + SONAME


class LibraryNotFoundError(OSError):
    """libsogen could not be loaded from any of the places tried."""


def candidates(explicit: Optional[os.PathLike | str] = None) -> List[str]:
    """The libraries to try, in the search order every binding follows
    (docs/bindings.md, "Conventions")."""
    if explicit is not None:
        return [os.fspath(explicit)]
    env = os.environ.get("SOGEN_LIBRARY")
    if env:
        # An explicit setting is not second-guessed: if it is wrong, say so.
        return [env]
    found = []
    bundled = Path(__file__).resolve().parent / SONAME
    if bundled.is_file():  # the copy installed with the package
        found.append(str(bundled))
    # The dynamic loader's search (LD_LIBRARY_PATH, ld.so.cache: the Debian
    # package, make install into a directory ldconfig knows).
    found += [SONAME, FALLBACK]
    return found


NOT_FOUND_HELP = (
    "Set SOGEN_LIBRARY to the library's path (e.g. /opt/sogen/lib/libsogen.so.1 after "
    "`make install PREFIX=/opt/sogen`), pass library=PATH, or install libsogen "
    "(the Debian package libsogen1, or `make install`)."
)


class Native:
    """One loaded libsogen with its prototypes declared."""

    def __init__(self, library: Optional[os.PathLike | str] = None):
        errors = []
        for candidate in candidates(library):
            try:
                self.cdll = ctypes.CDLL(candidate)
            except OSError as e:
                errors.append(f"  {candidate}: {e}")
                continue
            self.path = candidate
            break
        else:
            raise LibraryNotFoundError("libsogen not found; tried:\n" + "\n".join(errors) + "\n" + NOT_FOUND_HELP)
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
