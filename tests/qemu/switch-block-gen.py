#!/usr/bin/env python3
"""Switch a QEMU tree's block_gen_c from QEMU's script to cowrap.

Usage: switch-block-gen.py QEMU_TREE loop|dropin [--dialect qemu-X.Y]

  loop    one cowrap step per input header, each with its own shard, depfile
          and the cache in QEMU's build folder: the per-header loop that
          meson/README.md documents (cowrap as a subproject of QEMU)
  dropin  keep QEMU's single custom_target and only point wrapper_py at
          cowrap: find_program('cowrap') (a subproject's wrap provides it)

It edits QEMU_TREE/block/meson.build in place, starting each time from
QEMU's own file (kept beside it as meson.build.orig, in the QEMU tree only;
nothing of QEMU's is copied into cowrap's repository), and prints the new
block_gen_c section.  The
section it replaces is, in every QEMU from 5.2 on:

    wrapper_py = find_program('../scripts/block-coroutine-wrapper.py')
    block_gen_c = custom_target('block-gen.c',
                                output: 'block-gen.c',
                                input: files(<headers>),
                                command: [wrapper_py, '@OUTPUT@', '@INPUT@'])
"""

import re
import sys

SECTION = re.compile(
    r"wrapper_py = find_program\('../scripts/block-coroutine-wrapper.py'\)\n"
    r"block_gen_c = custom_target\('block-gen.c',.*?"
    r"input: files\((?P<inputs>.*?)\),\s*"
    r"command: \[wrapper_py, '@OUTPUT@', '@INPUT@'\]\)\n",
    re.S)

# The per-header loop of meson/README.md, with QEMU's inputs (and --dialect if given).
LOOP = """\
# cowrap: one shard per header (meson/README.md).
cowrap_proj = subproject('cowrap')
cowrap_command = cowrap_proj.get_variable('cowrap_command')
block_gen_c = []
foreach header : [{inputs}]
  block_gen_c += custom_target('block-gen-' + fs.stem(header) + '.c',
    output: 'block-gen-' + fs.stem(header) + '.c',
    input: header,
    depfile: 'block-gen-' + fs.stem(header) + '.c.d',
    command: cowrap_command + [{dialect}'@INPUT@'])
endforeach
"""



def main(argv):
    if len(argv) not in (3, 5) or argv[2] not in ("loop", "dropin") or \
            (len(argv) == 5 and argv[3] != "--dialect"):
        print(__doc__, file=sys.stderr)
        return 2
    tree, mode = argv[1], argv[2]
    # Without --dialect, cowrap reads the tree's VERSION (docs/trees.md).
    dialect = f"'--dialect', '{argv[4]}', " if len(argv) == 5 else ""
    path = tree + "/block/meson.build"
    orig = path + ".orig"   # QEMU's own file, kept so the modes can be switched
    try:
        text = open(orig).read()
    except FileNotFoundError:
        text = open(path).read()
        with open(orig, "w") as f:
            f.write(text)
    m = SECTION.search(text)
    if not m:
        print(f"{path}: QEMU's block_gen_c section not found (already switched?)",
              file=sys.stderr)
        return 1
    if mode == "dropin":
        # The one line a QEMU developer changes: find_program points at cowrap.
        new = m.group().replace(
            "find_program('../scripts/block-coroutine-wrapper.py')",
            "find_program('cowrap')")
    else:
        names = re.findall(r"'([^']+)'", m.group("inputs"))
        inputs = ",\n                 ".join(f"'{n}'" for n in names)
        new = LOOP.format(inputs=inputs, dialect=dialect)
    if mode == "loop" and not re.search(r"^fs = import\('fs'\)", text, re.M):
        new = "fs = import('fs')\n" + new
    text = text[:m.start()] + new + text[m.end():]
    with open(path, "w") as f:
        f.write(text)
    print(f"{path}: block_gen_c now uses cowrap ({mode}):")
    print("    " + new.rstrip().replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
