#!/usr/bin/env python3
"""Lists functions longer than a limit (60 lines by default) in the given
folders: Rust, Python, PHP, Perl and JavaScript sources. Exit status 1 when
any is found. `make lint` (part of `make test`) runs it on the sources.

A function's length counts the lines from its signature to its closing brace
(Python: to the last line of its body). Comment-only and blank lines count:
the rule is about what a reader has to hold in view.
"""
import os
import re
import sys

LIMIT = 60
BRACE_LANGS = {".rs", ".php", ".pl", ".pm", ".js", ".mjs", ".c", ".h"}
FN_START = {
    ".rs": re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+\"C\"\s+)?fn\s+(\w+)"),
    ".php": re.compile(r"^\s*(public|private|protected|static|\s)*function\s+(\w+)"),
    ".pl": re.compile(r"^\s*sub\s+(\w+)"),
    ".pm": re.compile(r"^\s*sub\s+(\w+)"),
    ".js": re.compile(r"^\s*(async\s+)?function\s+(\w+)|^\s*(const|let)\s+(\w+)\s*=\s*(async\s*)?\([^)]*\)\s*=>\s*\{"),
    ".mjs": re.compile(r"^\s*(async\s+)?function\s+(\w+)|^\s*(const|let)\s+(\w+)\s*=\s*(async\s*)?\([^)]*\)\s*=>\s*\{"),
    ".c": re.compile(r"^(static\s+)?[\w\s\*]+\s+\**(\w+)\s*\([^;]*$"),
    ".h": re.compile(r"^(static\s+)?(inline\s+)?[\w\s\*]+\s+\**(\w+)\s*\([^;]*$"),
}


def strip_strings(line):
    """The line without string and char literals and line comments, so that
    braces inside them do not count."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split("//")[0]


def brace_functions(path, ext):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        m = FN_START[ext].match(lines[i])
        if not m:
            i += 1
            continue
        name = next((g for g in reversed(m.groups()) if g and re.fullmatch(r"\w+", g)), "?")
        depth, started, j = 0, False, i
        while j < len(lines):
            code = strip_strings(lines[j])
            if not started and ";" in code and "{" not in code:
                break  # a declaration without a body
            depth += code.count("{") - code.count("}")
            started = started or "{" in code
            if started and depth <= 0:
                yield name, i + 1, j - i + 1
                break
            j += 1
        i += 1


def python_functions(path):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(async\s+)?def\s+(\w+)", line)
        if not m:
            continue
        indent = len(m.group(1))
        end = i
        for j in range(i + 1, len(lines)):
            stripped = lines[j].strip()
            if stripped and len(lines[j]) - len(lines[j].lstrip()) <= indent:
                break
            if stripped:
                end = j
        yield m.group(3), i + 1, end - i + 1


def scan(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("target", "node_modules", "vendor", ".git", "build")]
        for name in sorted(files):
            path = os.path.join(folder, name)
            ext = os.path.splitext(name)[1]
            if ext == ".py":
                found = python_functions(path)
            elif ext in BRACE_LANGS:
                found = brace_functions(path, ext)
            else:
                continue
            for fn, line, length in found:
                if length > LIMIT:
                    yield path, line, fn, length


def main(argv):
    roots = argv[1:] or ["src", "tools"]
    long = [hit for root in roots for hit in scan(root)]
    for path, line, fn, length in long:
        print(f"{path}:{line}: {fn} has {length} lines (limit {LIMIT})")
    if long:
        return 1
    print(f"no function over {LIMIT} lines in {', '.join(roots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
