#!/usr/bin/env python3
"""Toggles one edit in a synthetic header (bench/gen_tree.py's format), for the build benchmarks.

  edit.py comment HEADER   toggles a word in the header's first comment
  edit.py decl HEADER      toggles the name of the last parameter of the first wrapper
                           declaration (`flags` <-> `flags_e`): the generated code changes

Each call changes the file's bytes, so every build that follows sees a real edit.
"""

import re
import sys

MARK = re.compile(r"\b(?:no_)?co_wrapper\w*\b")


def toggle_comment(text):
    a, b = "(cowrap benchmark).", "(cowrap benchmark, edited)."
    if a in text:
        return text.replace(a, b, 1)
    if b in text:
        return text.replace(b, a, 1)
    raise SystemExit("edit.py: no benchmark comment found")


def toggle_decl(text):
    for m in MARK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text.startswith(("/*", " *", "//", "#"), line_start):
            continue
        end = text.find(");", m.end())
        if end < 0:
            break
        name = re.search(r"([a-z][a-z0-9_]*)\s*$", text[:end])
        s, e = name.span(1)
        word = name.group(1)
        new = word[:-2] if word.endswith("_e") else word + "_e"
        return text[:s] + new + text[e:]
    raise SystemExit("edit.py: no wrapper declaration found")


def main(argv):
    if len(argv) != 3 or argv[1] not in ("comment", "decl"):
        raise SystemExit("usage: edit.py comment|decl HEADER")
    with open(argv[2], encoding="utf-8") as f:
        text = f.read()
    text = toggle_comment(text) if argv[1] == "comment" else toggle_decl(text)
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
