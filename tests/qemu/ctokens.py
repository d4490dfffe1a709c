#!/usr/bin/env python3
"""Compare two C files token by token (comments and layout ignored).

Usage:
  ctokens.py EXPECTED.c ACTUAL.c   exit 0 when the token streams are equal,
                                   else print the first difference and exit 1
  ctokens.py --dump FILE.c         print one token a line
  ctokens.py --count-structs FILE.c
                                   print how many `typedef struct` pairs the
                                   file has (one per generated wrapper)

Each preprocessor line (with its backslash continuations) is one token; its
inner layout is normalised to single spaces, so `#  include "a.h"` equals
`#include "a.h"`.  Standard library only.
"""

import re
import signal
import sys

_PUNCT = sorted(
    """... <<= >>= -> ++ -- << >> <= >= == != && || *= /= %= += -= &= ^= |= ##
    [ ] ( ) { } . & * + - ~ ! / % < > ^ | ? : ; = , #""".split(),
    key=len, reverse=True)

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\f\v]+|\\\r?\n)
  | (?P<nl>\n)
  | (?P<lcomment>//(?:\\\r?\n|[^\n])*)
  | (?P<bcomment>/\*.*?\*/)
  | (?P<string>(?:u8|u|U|L)?"(?:\\.|[^"\\\n])*")
  | (?P<char>(?:u8|u|U|L)?'(?:\\.|[^'\\\n])*')
  | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<number>\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.'])*)
  | (?P<punct>""" + "|".join(re.escape(p) for p in _PUNCT) + r""")
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token:
    __slots__ = ("text", "line", "col")

    def __init__(self, text, line, col):
        self.text, self.line, self.col = text, line, col

    def __repr__(self):
        return f"{self.line}:{self.col}:{self.text!r}"


def tokenize(text, path="<input>"):
    """Return the list of Tokens of `text`; raise ValueError on an unclosed comment."""
    tokens = []
    line, line_start = 1, 0
    at_line_start = True          # only whitespace/comments seen on this line
    directive = None              # [Token, parts] while inside a # line
    pos = 0
    if text.startswith("\ufeff"):
        pos = 1
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if text.startswith("/*", pos) and (m is None or m.lastgroup != "bcomment"):
            raise ValueError(f"{path}:{line}:{pos - line_start + 1}: unterminated comment")
        kind, value = m.lastgroup, m.group()
        col = pos - line_start + 1
        if kind == "nl":
            if directive is not None:
                tok, parts = directive
                tok.text = _join_directive(parts)
                tokens.append(tok)
                directive = None
            at_line_start = True
        elif kind in ("ws", "lcomment", "bcomment"):
            pass
        elif directive is not None:
            directive[1].append(value)
        elif at_line_start and value == "#":
            directive = [Token("", line, col), ["#"]]
            at_line_start = False
        else:
            tokens.append(Token(value, line, col))
            at_line_start = False
        # advance line bookkeeping over any newlines inside the match
        nls = value.count("\n")
        if nls:
            line += nls
            line_start = pos + value.rfind("\n") + 1
        pos = m.end()
    if directive is not None:
        tok, parts = directive
        tok.text = _join_directive(parts)
        tokens.append(tok)
    return tokens


def _join_directive(parts):
    # "#", "include", "\"a.h\"" -> '#include "a.h"'
    return "#" + " ".join(parts[1:2]) + ("" if len(parts) <= 2 else " " + " ".join(parts[2:]))


def read_tokens(path):
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        text = f.read()
    return text, tokenize(text, path)


def _context(path, text, toks, i, width=6):
    lines = text.splitlines()
    out = []
    if i < len(toks):
        t = toks[i]
        out.append(f"  {path}:{t.line}:{t.col}: {t.text!r}")
        if 0 < t.line <= len(lines):
            out.append("    | " + lines[t.line - 1])
            out.append("    | " + " " * (t.col - 1) + "^")
    else:
        out.append(f"  {path}: <end of file after {len(toks)} tokens>")
    lo = max(0, i - width)
    before = " ".join(x.text for x in toks[lo:i])
    after = " ".join(x.text for x in toks[i:i + width])
    out.append(f"    tokens: ...{before} >>> {after}...")
    return "\n".join(out)


def compare(path_a, path_b, out=sys.stdout):
    text_a, a = read_tokens(path_a)
    text_b, b = read_tokens(path_b)
    for i in range(max(len(a), len(b))):
        ta = a[i].text if i < len(a) else None
        tb = b[i].text if i < len(b) else None
        if ta != tb:
            print(f"token streams differ at token {i + 1} "
                  f"({len(a)} vs {len(b)} tokens):", file=out)
            print(_context(path_a, text_a, a, i), file=out)
            print(_context(path_b, text_b, b, i), file=out)
            return False
    print(f"token streams equal: {len(a)} tokens", file=out)
    return True


def count_structs(path):
    _, toks = read_tokens(path)
    return sum(1 for x, y in zip(toks, toks[1:]) if x.text == "typedef" and y.text == "struct")


def main(argv):
    if len(argv) == 3 and argv[1] == "--dump":
        for t in read_tokens(argv[2])[1]:
            print(f"{t.line}:{t.col}\t{t.text}")
        return 0
    if len(argv) == 3 and argv[1] == "--count-structs":
        print(count_structs(argv[2]))
        return 0
    if len(argv) == 3 and not argv[1].startswith("-"):
        try:
            return 0 if compare(argv[1], argv[2]) else 1
        except ValueError as e:
            print(f"ctokens: {e}", file=sys.stderr)
            return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv))
