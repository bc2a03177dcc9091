"""libsogen from Python: the Sogenactif ``request`` and ``response`` executables
as function calls, with byte-identical results and no process spawned.

Arguments are the executables' ``keyword=value`` strings, given as a list
(``[b"merchant_id=…", "amount=2500"]``) or as a mapping
(``{"merchant_id": "…", "amount": 2500}``, kept in its order). ``str`` values
are encoded as latin-1, the byte-per-character charset of the plug-in.

Three levels of answer:

* ``request(args) -> bytes``: exactly what the executable printed;
* ``request_text(args) -> str``: the same, decoded as latin-1;
* ``request_result(args) -> RequestResult``: parsed (code, error, form…);
  ``response_result`` gives the 42 response fields by name, reliably even
  when a value contains the ``!`` separator of the legacy line.

``response_from_post(post, pathfile, expected=None)`` reads what the payment
server posted back (``DATA``, or Sips 2.0's ``Data``/``Seal``/``Encode``),
optionally bound to what the shop stored for the order.

The module-level functions use a library loaded on first use (see
``Sogen``); create a ``Sogen(library=…)`` to choose it explicitly.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from typing import Dict, Iterable, Mapping, Optional, Union

from ._native import SONAME, LibraryNotFoundError, Native, candidates

__all__ = [
    "Sogen",
    "RequestResult",
    "ResponseResult",
    "LibraryNotFoundError",
    "SONAME",
    "candidates",
    "request",
    "response",
    "request_text",
    "response_text",
    "request_result",
    "response_result",
    "response_from_post",
    "post_arguments",
    "EXPECTATIONS",
    "default",
]

__version__ = "0.1.0"

Value = Union[str, bytes, int]
Arguments = Union[Mapping[str, Value], Iterable[Union[str, bytes]]]

#: What a shop may expect of a response, passed as ``expected_<name>=`` in this order.
EXPECTATIONS = ("merchant_id", "transaction_id", "amount", "currency_code", "max_age")


def _bytes(value: Union[str, bytes, bytearray, memoryview, int], what: str) -> bytes:
    if isinstance(value, bool):  # bool is an int; "True" is never what was meant
        raise TypeError(f"{what}: a bool is not a plug-in value")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError as e:
            raise ValueError(f"{what}: {value!r} has characters outside latin-1 ({e.reason})") from None
    elif isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    elif not isinstance(value, bytes):
        raise TypeError(f"{what}: expected str, bytes or int, got {type(value).__name__}")
    if b"\0" in value:
        # A C string (and a command line before it) ends at the first NUL.
        raise ValueError(f"{what}: NUL bytes cannot be passed to the plug-in")
    return value


def _arguments(args: Arguments) -> list:
    """The ``keyword=value`` byte strings of a list or a mapping."""
    if isinstance(args, (str, bytes, bytearray)):
        # Iterating over it would pass one argument per character.
        raise TypeError("pass a list of keyword=value strings or a mapping, not a single string")
    if isinstance(args, Mapping):
        return [_bytes(k, "keyword") + b"=" + _bytes(v, f"value of {k}") for k, v in args.items()]
    return [_bytes(a, f"argument {i}") for i, a in enumerate(args)]


def post_arguments(
    post: Mapping[str, Value], pathfile: Union[str, bytes, os.PathLike], expected: Optional[Mapping[str, Value]] = None
) -> list:
    """The arguments ``response_from_post`` passes to ``response`` for these
    POST fields: ``message=`` (Sips 1.0's ``DATA``, or Sips 2.0's ``Data``
    with ``seal=`` and, when not empty, ``encode=``), ``pathfile=``, then
    ``expected_<name>=`` for each expectation, in the order of EXPECTATIONS.
    Raises ValueError when the fields hold neither ``DATA`` nor ``Data`` and
    ``Seal``, or an expectation has an unknown name."""
    if "Data" in post and "Seal" in post:  # Sips 2.0
        args = [b"message=" + _bytes(post["Data"], "Data"), b"seal=" + _bytes(post["Seal"], "Seal")]
        encode = _bytes(post.get("Encode", b""), "Encode")
        if encode:
            args.append(b"encode=" + encode)
    elif "DATA" in post:  # Sips 1.0
        args = [b"message=" + _bytes(post["DATA"], "DATA")]
    else:
        raise ValueError("no payment response in these POST fields: DATA (Sips 1.0) or Data and Seal (Sips 2.0) expected")
    args.append(b"pathfile=" + _bytes(os.fspath(pathfile), "pathfile"))
    expected = expected or {}
    unknown = [name for name in expected if name not in EXPECTATIONS]
    if unknown:
        raise ValueError(f"unknown expectation {unknown[0]!r}: expected one of {', '.join(EXPECTATIONS)}")
    for name in (n for n in EXPECTATIONS if n in expected):
        args.append(f"expected_{name}=".encode() + _bytes(expected[name], f"expectation {name}"))
    return args


@dataclass(frozen=True)
class RequestResult:
    """What ``request`` answered, parsed. Strings are latin-1 decoded bytes."""

    code: int  #: 0 (a form) or -1 (an error)
    error: Optional[str]  #: the error message when code is -1, else None
    debug: str  #: the DEBUG-mode HTML (pathfile DEBUG!YES!), else ""
    form: str  #: the HTML form to show the customer (code 0), else ""
    output: str  #: the exact legacy string (``!code!debug!form!``)
    exit_status: int  #: what the executable would have exited with (0 or 255)

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def output_bytes(self) -> bytes:
        return self.output.encode("latin-1")


@dataclass(frozen=True)
class ResponseResult:
    """What ``response`` answered, parsed. Strings are latin-1 decoded bytes."""

    code: int  #: 0 (decoded) or -1 (an error)
    error: Optional[str]  #: the error message when code is -1, else None
    fields: Dict[str, str] = field(repr=False)  #: the 42 values by name, in output order
    output: str = field(repr=False)  #: the exact legacy string
    exit_status: int = 0  #: what the executable would have exited with (0 or 255)

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def output_bytes(self) -> bytes:
        return self.output.encode("latin-1")

    def __getitem__(self, name: str) -> str:
        return self.fields[name]


class Sogen:
    """A loaded libsogen.

    ``library`` is the path of the shared library; without it: ``$SOGEN_LIBRARY``
    alone when set, else the copy installed with this package, the system's
    ``libsogen.so.1`` (dynamic loader search), ``/usr/local/lib/libsogen.so.1``
    (``sogen.candidates()``). Instances are thread-safe: the library is, and
    ctypes releases the GIL during calls.
    """

    def __init__(self, library: Optional[Union[str, os.PathLike]] = None):
        self._native = Native(library)

    @property
    def path(self) -> str:
        """The library file (or soname) that was loaded."""
        return self._native.path

    @property
    def version(self) -> str:
        """libsogen's version (``sogen_version()``)."""
        return self._native.version

    def request(self, args: Arguments) -> bytes:
        """Runs ``request``: the exact bytes the executable printed."""
        return self._native.call("sogen_request", _arguments(args))

    def response(self, args: Arguments) -> bytes:
        """Runs ``response`` (``message=…``, ``pathfile=…``): the exact bytes."""
        return self._native.call("sogen_response", _arguments(args))

    def request_text(self, args: Arguments) -> str:
        """``request`` decoded as latin-1 (one character per byte)."""
        return self.request(args).decode("latin-1")

    def response_text(self, args: Arguments) -> str:
        """``response`` decoded as latin-1 (one character per byte)."""
        return self.response(args).decode("latin-1")

    def request_result(self, args: Arguments) -> RequestResult:
        """Runs ``request`` and returns its parts."""
        j = self._json("sogen_request_json", args)
        return RequestResult(
            code=j["code"],
            error=j["error"],
            debug=j["debug"],
            form=j["form"],
            output=j["output"],
            exit_status=j["exit_status"],
        )

    def response_result(self, args: Arguments) -> ResponseResult:
        """Runs ``response`` and returns its parts, with the 42 fields by name."""
        j = self._json("sogen_response_json", args)
        return ResponseResult(
            code=j["code"], error=j["error"], fields=j["fields"], output=j["output"], exit_status=j["exit_status"]
        )

    def response_from_post(
        self,
        post: Mapping[str, Value],
        pathfile: Union[str, bytes, os.PathLike],
        expected: Optional[Mapping[str, Value]] = None,
    ) -> ResponseResult:
        """Runs ``response`` on the fields the payment server posted (a
        mapping: the parsed form of the request), Sips 1.0 or 2.0. With
        ``expected`` (merchant_id, transaction_id, amount, currency_code,
        max_age: what the shop stored for the order), a response that does not
        match is refused (code -1). See ``post_arguments``."""
        return self.response_result(post_arguments(post, pathfile, expected))

    def _json(self, name: str, args: Arguments) -> dict:
        # The JSON strings carry each byte of the result as the code point of
        # the same number (U+0000-U+00FF): decoded, they are already the
        # latin-1 str of the bytes.
        return json.loads(self._native.call(name, _arguments(args)).decode("utf-8"))


_default: Optional[Sogen] = None
_default_lock = threading.Lock()


def default() -> Sogen:
    """The library the module-level functions use, loaded on first call."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Sogen()
    return _default


def request(args: Arguments) -> bytes:
    return default().request(args)


def response(args: Arguments) -> bytes:
    return default().response(args)


def request_text(args: Arguments) -> str:
    return default().request_text(args)


def response_text(args: Arguments) -> str:
    return default().response_text(args)


def request_result(args: Arguments) -> RequestResult:
    return default().request_result(args)


def response_result(args: Arguments) -> ResponseResult:
    return default().response_result(args)


def response_from_post(
    post: Mapping[str, Value], pathfile: Union[str, bytes, os.PathLike], expected: Optional[Mapping[str, Value]] = None
) -> ResponseResult:
    return default().response_from_post(post, pathfile, expected)


for _f in (request, response, request_text, response_text, request_result, response_result, response_from_post):
    _f.__doc__ = getattr(Sogen, _f.__name__).__doc__
