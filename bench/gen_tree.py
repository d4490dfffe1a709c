#!/usr/bin/env python3
"""Writes a synthetic tree of marked headers for cowrap's benchmarks.

Usage:
  gen_tree.py --headers N --wrappers M [--seed S] [--style qemu|rich] OUT_DIR

OUT_DIR receives:
  include/bench/hNNNNN.h   N headers, M wrapper declarations each, in QEMU's
                           declaration style: every mark, multi-line prototypes,
                           doc and line comments, varied return types and
                           parameters, and the target prototype of each wrapper
  include/bench/all.h      the umbrella header (includes every marked header;
                           the stand-in block/block_int.h includes it)
  inputs.txt               the header paths (relative to OUT_DIR), in order

The output depends only on N, M and the seed (stdlib `random.Random(seed)`).

Only constructs that QEMU's scripts/block-coroutine-wrapper.py also recognises
are used, so both generators do the same work:
  - the return type is one identifier and one space, plus `*` for pointers
    (`BlockDriverState * coroutine_fn no_co_wrapper`), at the start of a line;
  - only `coroutine_fn` may stand between the return type and the mark;
  - the declaration ends in `);` at the end of a line, and the parameter list
    holds no `)` (no function pointers) and no comments;
  - every wrapper has at least one parameter, parameter names are lower case,
    no arrays, and a line break only ever follows a comma;
  - no comment contains anything the script's regex would take for a prototype.

--style rich (default qemu) breaks those rules on purpose, as real headers may:
comments inside parameter lists (`int64_t offset /* in bytes */`), attributes on
parameters (`__attribute__((unused))`) and function-pointer parameters
(`void (*cb)(void *opaque, int ret)`). QEMU's script cannot read such a tree, so
the benchmarks compare cowrap on it with the I/O floor only.
"""

import argparse
import os
import random
import sys

# (declarator, name). First parameters decide CTX in older dialects.
FIRST_PARAMS = [
    ("BlockDriverState *bs", "bs"),
    ("BdrvChild *child", "child"),
    ("BlockBackend *blk", "blk"),
    ("BlockDriverState *bs", "bs"),
    ("BdrvChild *child", "child"),
    ("const char *filename", "filename"),
]
OTHER_PARAMS = [
    ("int64_t offset", "offset"),
    ("int64_t bytes", "bytes"),
    ("QEMUIOVector *qiov", "qiov"),
    ("size_t qiov_offset", "qiov_offset"),
    ("BdrvRequestFlags flags", "flags"),
    ("void *buf", "buf"),
    ("const void *data", "data"),
    ("int64_t *pnum", "pnum"),
    ("int64_t *map", "map"),
    ("BlockDriverState **file", "file"),
    ("BlockDriverState *base", "base"),
    ("bool include_base", "include_base"),
    ("bool quiet", "quiet"),
    ("unsigned int count", "count"),
    ("const char *node_name", "node_name"),
    ("uint64_t perm", "perm"),
    ("uint64_t shared_perm", "shared_perm"),
    ("QDict *options", "options"),
    ("int open_flags", "open_flags"),
    ("PreallocMode prealloc", "prealloc"),
    ("BlockDriverInfo *bdi", "bdi"),
    ("unsigned long int req", "req"),
    ("const uint8_t *key", "key"),
    ("Error **errp", "errp"),
]

# (mark, kind, rdlock, wrlock, weight); weights roughly follow QEMU's headers.
MARKS = [
    ("co_wrapper", "co", False, False, 2),
    ("co_wrapper_mixed", "co", False, False, 5),
    ("co_wrapper_bdrv_rdlock", "co", True, False, 2),
    ("co_wrapper_mixed_bdrv_rdlock", "co", True, False, 6),
    ("no_co_wrapper", "no_co", False, False, 2),
    ("no_co_wrapper_bdrv_rdlock", "no_co", True, False, 1),
    ("no_co_wrapper_bdrv_wrlock", "no_co", False, True, 1),
]
CO_RETURNS = ["int", "int", "int", "int64_t", "bool", "void", "uint64_t"]
NO_CO_RETURNS = ["int", "void", "BlockDriverState *", "BdrvChild *", "BlockBackend *"]
SUBSYSTEMS = ["bdrv", "blk", "bdrv", "qcow", "nbd"]
VERBS = ["pread", "pwrite", "preadv_part", "pwrite_zeroes", "flush", "truncate",
         "block_status", "is_allocated", "get_info", "check", "invalidate_cache",
         "open", "create", "unref", "activate", "refresh_total_sectors", "ioctl",
         "pdiscard", "zone_report", "copy_range", "measure", "amend"]
WORDS = ("the request is forwarded to the node that owns the data; the caller must "
         "hold a reference to the node and the graph lock where the mark says so; "
         "returns a negative errno value on failure and zero or a byte count on "
         "success; offsets and lengths are in bytes and need not be aligned").split()


def wrap_params(prefix, params, suffix, width=80):
    """`prefix(p1, p2,` ... `pn)suffix`, breaking after commas, aligned under `(`."""
    indent = " " * (len(prefix) + 1)
    lines, line = [], prefix + "("
    for i, p in enumerate(params):
        piece = p + (", " if i + 1 < len(params) else ")" + suffix)
        if len(line) + len(piece.rstrip()) > width and line.strip() and not line.endswith("("):
            lines.append(line.rstrip())
            line = indent
        line += piece
    lines.append(line.rstrip())
    return "\n".join(lines)


def prototype(rng, ret, specs, name, params):
    """One declaration in one of QEMU's layouts. `specs` are the words between R and W."""
    head = " ".join([ret] + specs)  # `BlockDriverState * coroutine_fn no_co_wrapper`
    style = rng.randrange(3)
    one_line = f"{head} {name}({', '.join(params)});"
    if style == 0 and len(one_line) <= 80:
        return one_line
    if style == 1:  # everything up to the name on the first line
        return wrap_params(f"{head} {name}", params, ";")
    return head + "\n" + wrap_params(name, params, ";")  # QEMU's favourite


def doc_comment(rng, name):
    n = rng.randrange(8, 30)
    text = " ".join(rng.choice(WORDS).strip(";") for _ in range(n))
    lines, line = [], ""
    for w in text.split():
        if len(line) + len(w) > 70:
            lines.append(line.rstrip())
            line = ""
        line += w + " "
    lines.append(line.rstrip())
    body = "\n".join(" * " + l for l in lines)
    return f"/*\n * {name}:\n *\n{body}.\n */"


PARAM_COMMENTS = ["/* in bytes */", "/* may be NULL */", "/* the node */", "/* owned */"]


def richer(rng, params):
    """--style rich: a comment, an attribute or a function-pointer parameter here and there."""
    out = []
    for i, p in enumerate(params):
        r = rng.random()
        if r < 0.25:
            p = f"{p} {rng.choice(PARAM_COMMENTS)}"
        elif r < 0.4 and i > 0:
            p = f"{p} __attribute__((unused))"
        out.append(p)
    if rng.random() < 0.3:
        out.insert(1, "void (*cb)(void *opaque, int ret)")
    return out


def header_text(rng, index, n_headers, n_wrappers, seed, style="qemu"):
    tag = f"h{index}"
    out = [
        "/*",
        f" * Synthetic block-layer header {index + 1} of {n_headers} (cowrap benchmark).",
        f" * Written by bench/gen_tree.py (seed {seed}); do not edit.",
        " *",
        " * Each wrapper below comes with the prototype of the function it calls.",
        " */",
        "",
        f"#ifndef BENCH_{tag.upper()}_H",
        f"#define BENCH_{tag.upper()}_H",
        "",
        '#include "bench-runtime.h"',
        "",
        f"#define {tag.upper()}_MAX_REQUESTS {rng.randrange(16, 256)}",
        "",
        f"typedef struct {tag.capitalize()}State {{",
        "    BlockDriverState *bs;",
        "    int64_t in_flight;   /* requests not yet completed */",
        f"}} {tag.capitalize()}State;",
        "",
    ]
    weights = [m[4] for m in MARKS]
    for j in range(n_wrappers):
        mark, kind, rdlock, wrlock, _ = rng.choices(MARKS, weights)[0]
        sub = rng.choice(SUBSYSTEMS)
        verb = rng.choice(VERBS)
        suffix = f"{tag}w{j}"
        first = rng.choice(FIRST_PARAMS)
        others = rng.sample(OTHER_PARAMS, rng.randrange(0, 6))
        params = [first[0]] + [p[0] for p in others]
        if style == "rich":
            params = richer(rng, params)
        if kind == "co":
            ret = rng.choice(CO_RETURNS)
            wname = f"{sub}_{verb}_{suffix}"
            tname = f"{sub}_co_{verb}_{suffix}"
            target = prototype(rng, ret, ["coroutine_fn"] + (["GRAPH_RDLOCK"] if rdlock else []),
                               tname, params)
            wrapper = prototype(rng, ret, [mark], wname, params)
        else:
            ret = rng.choice(NO_CO_RETURNS)
            wname = f"{sub}_co_{verb}_{suffix}"
            tname = f"{sub}_{verb}_{suffix}"
            lock = ["GRAPH_RDLOCK"] if rdlock else ["GRAPH_WRLOCK"] if wrlock else []
            target = prototype(rng, ret, lock, tname, params)
            wrapper = prototype(rng, ret, ["coroutine_fn", mark], wname, params)
        r = rng.random()
        if r < 0.5:
            out.append(doc_comment(rng, wname))
        elif r < 0.7:
            out.append(f"// {wname}: see {tname}")
        out.append(target)
        out.append(wrapper)
        if rng.random() < 0.15:  # an ordinary prototype in between, as real headers have
            out.append("")
            out.append(f"int {sub}_get_{verb}_limit_{suffix}(BlockDriverState *bs);")
        out.append("")
    out.append(f"#endif /* BENCH_{tag.upper()}_H */")
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--headers", type=int, required=True)
    ap.add_argument("--wrappers", type=int, required=True, help="per header")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", choices=("qemu", "rich"), default="qemu",
                    help="rich: comments, attributes and function pointers in parameter "
                    "lists (beyond QEMU's script)")
    ap.add_argument("out")
    a = ap.parse_args(argv)
    inc = os.path.join(a.out, "include", "bench")
    os.makedirs(inc, exist_ok=True)
    names = []
    for i in range(a.headers):
        # One generator per header: editing N or M leaves the other headers alone.
        rng = random.Random(f"{a.seed}:{i}:{a.wrappers}" + (":rich" if a.style == "rich" else ""))
        rel = f"include/bench/h{i:05d}.h"
        text = header_text(rng, i, a.headers, a.wrappers, a.seed, a.style)
        path = os.path.join(a.out, rel)
        # Leave unchanged files alone (mtimes matter to the build benchmarks).
        try:
            with open(path, encoding="utf-8") as f:
                same = f.read() == text
        except FileNotFoundError:
            same = False
        if not same:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        names.append(rel)
    with open(os.path.join(inc, "all.h"), "w", encoding="utf-8") as f:
        f.write("/* Umbrella header of the synthetic tree (as QEMU's block_int.h). */\n")
        f.write("#ifndef BENCH_ALL_H\n#define BENCH_ALL_H\n")
        for rel in names:
            f.write(f'#include "bench/{os.path.basename(rel)}"\n')
        f.write("#endif\n")
    with open(os.path.join(a.out, "inputs.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
