#!/usr/bin/env python3
"""Differential test of cowrap's lexical layer against the C preprocessor.

Builds headers at random from declaration pieces (line splices anywhere, comments, `//`
comments continued by a splice, conditionals with integer-literal conditions, digraphs,
attributes, line breaks) and checks that the wrapper declarations `cowrap list --format json`
finds are exactly those `gcc -E -P` leaves (the marks defined as themselves): same names,
marks and parameter names. A failing case is written out with the command that reproduces it.

    cpp_diff.py --cowrap BIN [--cases N] [--seed S] [--keep DIR]
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

MARKS = ["co_wrapper", "co_wrapper_mixed", "co_wrapper_bdrv_rdlock", "no_co_wrapper"]
TRUE = ["1", "0x1", "1L", "!0", "(1)", "!(0)", "0 || 1", "~0", "-1", "1u", "((1))", "1 && 1"]
FALSE = ["0", "0x0", "0L", "!1", "(0)", "!(1)", "1 && 0", "0 || 0", "00", "!-1", "0UL", "!~0"]
TYPES = ["int", "BlockDriverState *", "const char *", "unsigned long", "int64_t", "void *"]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.n = 0

    def name(self, mark):
        self.n += 1
        return f"bdrv_co_f{self.n}" if mark.startswith("no_co") else f"bdrv_f{self.n}"

    def space(self, comments=True, newlines=True):
        r = self.r.random()
        if not newlines:
            return " "
        if not comments:
            return " " if r < 0.8 else "\n"
        if r < 0.6:
            return " "
        if r < 0.75:
            return "\n"
        if r < 0.9:
            return " /* c */ "
        return " /* multi\n   line co_wrapper x(); */ "

    def param(self, i):
        t = self.r.choice(TYPES)
        p = f"{t}{'' if t.endswith('*') else ' '}p{i}"
        if self.r.random() < 0.15:
            p += self.r.choice(["[4]", "<:4:>"])
        return p

    def declaration(self, comments=True, newlines=True):
        mark = self.r.choice(MARKS)
        name = self.name(mark)
        params = ["BlockDriverState *bs"] + [self.param(i) for i in range(self.r.randint(0, 3))]
        ret = self.r.choice(["int", "void"] if not mark.startswith("no_co") else ["int"])
        lead = self.r.choice(["", "", "__attribute__((unused)) ", "coroutine_fn "])
        sep = "," + self.space(comments, newlines)
        text = (f"{lead}{ret}{self.space(comments, newlines)}{mark}{self.space(comments, newlines)}{name}"
                f"({sep.join(params)})")
        text += self.r.choice(["", "", " __attribute__((warn_unused_result))"]) + ";"
        return text

    def directive(self, word, cond=""):
        hash_ = "%:" if self.r.random() < 0.15 else "#"
        inner = self.r.choice(["", " ", "  "])
        line = f"{hash_}{inner}{word}"
        if cond:
            line += " " + cond + self.r.choice(["", "", " /* why */", " // why"])
        return line

    def conditional(self, depth):
        out = [self.directive("if", self.r.choice(TRUE + FALSE))]
        out += self.items(depth + 1, self.r.randint(0, 3))
        for _ in range(self.r.randint(0, 2)):
            out.append(self.directive("elif", self.r.choice(TRUE + FALSE)))
            out += self.items(depth + 1, self.r.randint(0, 2))
        if self.r.random() < 0.5:
            out.append(self.directive("else"))
            out += self.items(depth + 1, self.r.randint(0, 2))
        out.append(self.directive("endif"))
        return out

    def item(self, depth):
        r = self.r.random()
        if r < 0.45:
            return [self.declaration()]
        if r < 0.55:
            return [f"int ordinary_{self.r.randint(0, 99)}(int x);"]
        if r < 0.65:
            return ["/* " + self.declaration(comments=False) + " */"]
        if r < 0.72:
            # A `//` comment ending in a splice swallows the next line.
            return ["// a comment that goes on \\", self.declaration(False, newlines=False)]
        if r < 0.77:
            return [f"#define FOO{self.r.randint(0, 9)} 1"]
        if depth < 3:
            return self.conditional(depth)
        return [self.declaration()]

    def items(self, depth, n):
        out = []
        for _ in range(n):
            out += self.item(depth)
        return out

    def header(self):
        text = "\n".join(self.items(0, self.r.randint(1, 8))) + "\n"
        # Splices at random places: inside identifiers, marks, directives, comment openers.
        for _ in range(self.r.randint(0, 4)):
            i = self.r.randrange(len(text))
            if i > 0 and text[i - 1] == "\\":
                continue  # `\` + splice would leave a stray backslash: not valid C
            text = text[:i] + "\\\n" + text[i:]
        return text


def tokens_of_params(plist):
    """Parameter names of a parameter list as the preprocessor leaves it."""
    names = []
    depth = 0
    cur = ""
    for ch in plist:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            names.append(cur)
            cur = ""
        else:
            cur += ch
    names.append(cur)
    out = []
    for p in names:
        p = re.sub(r"(\[[^\]]*\]|<:[^:]*:>)", "", p)
        words = re.findall(r"[A-Za-z_]\w*", p)
        out.append(words[-1] if words else "")
    return out


def expected(gcc_output):
    found = set()
    pattern = r"\b(" + "|".join(MARKS) + r")\s+(\w+)\s*\(([^()]*)\)"
    for m in re.finditer(pattern, gcc_output):
        found.add((m.group(2), m.group(1), tuple(tokens_of_params(m.group(3)))))
    return found


def actual(doc):
    listing = doc["wrappers"] if isinstance(doc, dict) else doc
    return {(d["wrapper"], d["mark"], tuple(p["name"] for p in d["params"])) for d in listing}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cowrap", default=os.environ.get("COWRAP"))
    ap.add_argument("--cases", type=int, default=int(os.environ.get("COWRAP_DIFF_CASES", "100")))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", help="folder for the failing cases (default: a temporary one)")
    args = ap.parse_args()
    if not args.cowrap:
        sys.exit("cpp_diff.py: give --cowrap BIN or set COWRAP")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    print(f"cpp_diff: {args.cases} cases, --seed {seed}")
    work = tempfile.mkdtemp(prefix="cowrap-diff-")
    keep = args.keep or work
    os.makedirs(keep, exist_ok=True)
    defines = [f"-D{m}={m}" for m in MARKS] + ["-Dcoroutine_fn=coroutine_fn"]
    failures = 0
    for case in range(args.cases):
        rng = random.Random(seed * 1000003 + case)
        text = Gen(rng).header()
        path = os.path.join(work, "h.h")
        with open(path, "w") as f:
            f.write(text)
        cpp = subprocess.run(["gcc", "-E", "-P", "-x", "c", *defines, path],
                             capture_output=True, text=True)
        if cpp.returncode != 0:
            print(f"case {case}: gcc -E failed (a generator bug):\n{cpp.stderr}", file=sys.stderr)
            failures += 1
            continue
        run = subprocess.run([args.cowrap, "list", "--format", "json", path],
                             capture_output=True, text=True)
        got = actual(json.loads(run.stdout)) if run.returncode == 0 else None
        want = expected(cpp.stdout)
        if got != want:
            failures += 1
            saved = os.path.join(keep, f"case-{seed}-{case}.h")
            with open(saved, "w") as f:
                f.write(text)
            print(f"FAIL case {case} ({saved}):", file=sys.stderr)
            if got is None:
                print(f"  cowrap exit {run.returncode}: {run.stderr.strip()[:800]}", file=sys.stderr)
            else:
                print(f"  only gcc -E: {sorted(want - got)}", file=sys.stderr)
                print(f"  only cowrap: {sorted(got - want)}", file=sys.stderr)
            if failures >= 5:
                break
    if failures:
        print(f"cpp_diff: {failures} failing cases (reproduce: --seed {seed}); kept in {keep}",
              file=sys.stderr)
        return 1
    if not args.keep:
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        os.rmdir(work)
    print(f"cpp_diff: {args.cases} cases agree with gcc -E -P")
    return 0


if __name__ == "__main__":
    sys.exit(main())
