"""The binding itself: arguments, library loading, ownership, threads."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import sogen
from conftest import DEMO_MERCHANT, REPO


def test_argument_forms_are_equivalent(lib, at_repo):
    # Argument errors are clock-free, so outputs compare exactly.
    as_list = [b"pathfile=demo/pathfile", "merchant_id=" + DEMO_MERCHANT, "amount=12x"]
    as_map = {"pathfile": b"demo/pathfile", "merchant_id": DEMO_MERCHANT, "amount": "12x"}
    assert lib.request(as_list) == lib.request(as_map) == lib.request(iter(as_list))
    assert b"amount (12x) not numeric" in lib.request(as_map)


def test_mapping_order_is_argument_order(lib):
    # The first bad argument is the one reported.
    assert lib.request({"toto": 1, "titi": 2}) == b"!-1!Invalid Keyword in parameter (toto=1)!!"
    assert lib.request({"titi": 2, "toto": 1}) == b"!-1!Invalid Keyword in parameter (titi=2)!!"


def test_str_is_latin1(lib):
    assert lib.request(["caf\xe9=1"]) == b"!-1!Invalid Keyword in parameter (caf\xe9=1)!!"
    assert lib.request_text(["caf\xe9=1"]) == "!-1!Invalid Keyword in parameter (caf\xe9=1)!!"
    assert lib.request_result(["caf\xe9=1"]).error == "Invalid Keyword in parameter (caf\xe9=1)"


@pytest.mark.parametrize(
    "args, error",
    [
        ("merchant_id=1", TypeError),  # a single string is not a list of arguments
        (b"merchant_id=1", TypeError),
        (["amount=1\x002"], ValueError),  # NUL cannot cross a C string
        ({"amount": b"1\x002"}, ValueError),
        (["caddie=\u20ac"], ValueError),  # not latin-1
        ({"amount": True}, TypeError),
        ([1.5], TypeError),
    ],
)
def test_bad_arguments_are_refused_before_the_call(lib, args, error):
    with pytest.raises(error):
        lib.request(args)


def test_version_is_the_crate_version(lib):
    crate = re.search(r'^version = "([^"]+)"', (REPO / "Cargo.toml").read_text(), re.M).group(1)
    assert lib.version == crate


def test_explicit_library_that_does_not_exist():
    with pytest.raises(sogen.LibraryNotFoundError, match="/nonexistent/libsogen.so"):
        sogen.Sogen("/nonexistent/libsogen.so")


def test_environment_variable_is_not_second_guessed(monkeypatch):
    monkeypatch.setenv("SOGEN_LIBRARY", "/nonexistent/libsogen.so.1")
    with pytest.raises(sogen.LibraryNotFoundError, match="SOGEN_LIBRARY"):
        sogen.Sogen()


def test_environment_variable_chooses_the_library(monkeypatch, lib):
    monkeypatch.setenv("SOGEN_LIBRARY", str(Path(lib._native.cdll._name).resolve()))
    assert sogen.Sogen().path == os.environ["SOGEN_LIBRARY"]


def test_search_order(monkeypatch):
    """The order of docs/bindings.md: argument, SOGEN_LIBRARY, the installed
    copy, the loader's libsogen.so.1, /usr/local/lib."""
    monkeypatch.setenv("SOGEN_LIBRARY", "/from/env.so")
    assert sogen.candidates("/explicit.so") == ["/explicit.so"]
    assert sogen.candidates() == ["/from/env.so"]
    monkeypatch.delenv("SOGEN_LIBRARY")
    bundled = Path(sogen.__file__).parent / sogen.SONAME
    tail = ["libsogen.so.1", "/usr/local/lib/libsogen.so.1"]
    assert sogen.candidates() == ([str(bundled)] if bundled.is_file() else []) + tail


def test_not_found_lists_every_place_and_what_to_set(monkeypatch):
    monkeypatch.setattr(sogen._native, "candidates", lambda explicit: ["/nonexistent/a.so", "libsogen-absent.so.9"])
    with pytest.raises(sogen.LibraryNotFoundError) as e:
        sogen.Sogen()
    message = str(e.value)
    assert "  /nonexistent/a.so: " in message and "  libsogen-absent.so.9: " in message
    assert "SOGEN_LIBRARY" in message and "make install" in message


def test_installed_package_finds_its_bundled_library(monkeypatch):
    """`pip install bindings/python` copies the built library into the package."""
    bundled = Path(sogen.__file__).parent / sogen.SONAME
    if os.environ.get("SOGEN_EXPECT_BUNDLED") != "1" and not bundled.exists():
        pytest.skip("running from the source tree (make test-python runs the installed package)")
    assert bundled.is_file(), f"no library bundled in {bundled.parent}"
    monkeypatch.delenv("SOGEN_LIBRARY", raising=False)
    assert sogen.Sogen().path == str(bundled)


def test_system_library_is_found_by_its_soname(tmp_path, lib):
    """Without SOGEN_LIBRARY nor a bundled copy: the loader's search (here
    LD_LIBRARY_PATH, as ld.so.cache after `make install`) finds libsogen.so.1."""
    (tmp_path / sogen.SONAME).symlink_to(Path(lib.path).resolve())
    env = {k: v for k, v in os.environ.items() if k != "SOGEN_LIBRARY"}
    env["LD_LIBRARY_PATH"] = str(tmp_path)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import sogen; "
            "print(sogen.Sogen().path, sogen.request(['toto=1']).decode())")
    # -S: without site-packages, the source tree's package, which bundles nothing.
    out = subprocess.run([sys.executable, "-S", "-c", code, str(REPO / "bindings" / "python" / "src")],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out == "libsogen.so.1 !-1!Invalid Keyword in parameter (toto=1)!!\n"


def test_prototypes_match_the_header():
    """The argtypes/restype declared are those of include/sogen.h."""
    header = (REPO / "include" / "sogen.h").read_text()
    decls = {m.group(2): " ".join(m.group(0).split())
             for m in re.finditer(r"^(char|void|const char) \*?(sogen_\w+)\(([^)]*)\);", header, re.M | re.S)}
    argv = "(int argc, const char *const *argv);"
    for name in ("sogen_request", "sogen_response", "sogen_request_json", "sogen_response_json"):
        assert decls[name] == f"char *{name}{argv}"
    assert decls["sogen_free"] == "void sogen_free(char *s);"
    assert decls["sogen_version"] == "const char *sogen_version(void);"
    assert set(decls) == {"sogen_request", "sogen_response", "sogen_request_json", "sogen_response_json",
                          "sogen_free", "sogen_version"}


def test_every_result_is_freed_once(at_repo):
    """Each returned pointer goes to sogen_free exactly once."""
    s = sogen.Sogen()
    native = s._native
    returned, freed = [], []
    real_free = native.cdll.sogen_free
    for name, fn in list(native.functions.items()):
        def spy(argc, argv, fn=fn):
            p = fn(argc, argv)
            returned.append(p)
            return p
        native.functions[name] = spy
    native.cdll.sogen_free = lambda p: (freed.append(p), real_free(p))[1]
    s.request(["toto=1"])
    s.response(["message=short"])
    s.request_result({"pathfile": "demo/pathfile", "merchant_id": DEMO_MERCHANT, "amount": 100})
    s.response_result(["message=short", "pathfile=demo/pathfile"])
    assert len(returned) == 4 and all(returned)
    assert freed == returned


def test_concurrent_calls(lib, at_repo):
    errors = []

    def worker(n):
        try:
            for i in range(200):
                out = lib.request([f"toto={n}-{i}"])
                assert out == f"!-1!Invalid Keyword in parameter (toto={n}-{i})!!".encode()
                r = lib.request_result({"pathfile": "demo/pathfile", "merchant_id": DEMO_MERCHANT, "amount": 100 + i})
                assert r.ok, r.error
        except AssertionError as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_module_level_functions_use_the_default_library(at_repo):
    assert sogen.default() is sogen.default()
    assert sogen.request(["toto=1"]) == b"!-1!Invalid Keyword in parameter (toto=1)!!"
    assert sogen.response_result(["message=x"]).code == -1
    assert sogen.request_text(["toto=1"]).endswith("!!")
