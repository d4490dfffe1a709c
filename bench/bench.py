#!/usr/bin/env python3
"""cowrap's benchmark driver (run it through bench/run.sh).

Measures cowrap against QEMU's scripts/block-coroutine-wrapper.py and against the
physical floor, always with both sides in the same run: hyperfine is called in
alternating rounds (A B, then B A, ...), each round a few runs, and every figure is
the median of all runs (Ninja builds are timed by the driver itself, in the same
alternating order).  Prints a table of ratios and the machine's load; never fails on
timing.

Sections (docs/benchmarks.md explains each):
  qemu    QEMU 10.0.2's block_gen_c inputs: drop-in cowrap vs the script
  gen     synthetic trees: monolithic, shards, floor, peak memory and its growth
  speed   parse throughput, instructions per wrapper (callgrind), start-up instructions,
          200 shard launches vs /bin/true; QEMU-style and rich-style trees
  build   Ninja builds of a synthetic tree, layouts (a) and (b), vs the script flow
  cache   cold vs warm vs --no-cache, database size per wrapper
"""

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
RUNTIME = os.path.join(HERE, "runtime")
SECTIONS = ("qemu", "gen", "speed", "build", "cache")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def die(msg):
    log(f"FAIL: {msg}")
    sys.exit(1)


def q(path):
    return shlex.quote(str(path))


def qs(paths):
    return " ".join(q(p) for p in paths)


def run(cmd, cwd=None, env=None, capture=False, check=True):
    """Runs CMD (a list, or a string for the shell); returns CompletedProcess."""
    p = subprocess.run(cmd, cwd=cwd, env=env, shell=isinstance(cmd, str), text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE if capture else None)
    if check and p.returncode != 0:
        shown = cmd if isinstance(cmd, str) else " ".join(shlex.quote(c) for c in cmd)
        if capture:
            sys.stderr.write((p.stdout or "")[-4000:] + (p.stderr or "")[-4000:])
        die(f"command failed ({p.returncode}): {shown[:400]}")
    return p


def fmt_time(s):
    s = wall(s)
    if s is None:
        return "n/a"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 10:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.1f} s"


class T:
    """One command's timing: the median wall time and the median CPU time (user + system,
    children included) over all rounds. The machine may be shared: CPU time shows what
    each side costs even when wall time is queueing for a CPU."""

    def __init__(self, wall, cpu):
        self.wall, self.cpu = wall, cpu

    def __str__(self):
        return fmt_time(self.wall)


def wall(x):
    return x.wall if isinstance(x, T) else x


def ratio(a, b):
    """a / b (wall times for T), or None when either is missing or b is ~0."""
    a, b = wall(a), wall(b)
    if a is None or b is None or b <= 1e-6:
        return None
    return a / b


def cpu_ratio(a, b):
    if not isinstance(a, T) or not isinstance(b, T) or a.cpu is None or b.cpu is None \
            or b.cpu <= 1e-6:
        return None
    return a.cpu / b.cpu


def loadavg():
    """The 1-minute load average, or None."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def fmt_mb(b):
    return "n/a" if b is None else f"{b / 2**20:.1f} MB"


class Bench:
    def __init__(self, args):
        self.a = args
        self.smoke = args.smoke
        self.work = os.path.abspath(args.work)
        os.makedirs(self.work, exist_ok=True)
        # A private copy: rebuilding the checkout's cowrap during a run must not change the
        # binary that the build benchmarks depend on.
        self.cowrap = os.path.join(self.work, "bin", "cowrap")
        os.makedirs(os.path.dirname(self.cowrap), exist_ok=True)
        shutil.copy2(os.path.abspath(args.cowrap), self.cowrap + ".new")
        os.replace(self.cowrap + ".new", self.cowrap)
        self.nproc = os.cpu_count() or 1
        self.rows = []
        self.notes = []
        # cowrap's cache must be what each command line says, not the caller's $COWRAP_CACHE.
        self.env = dict(os.environ)
        self.env.pop("COWRAP_CACHE", None)
        self.env["LC_ALL"] = "C"
        # QEMU builds run the script with the system interpreter; a pyenv shim would add
        # ~150 ms of bash to each of the script's runs.
        self.python = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) \
            else os.path.realpath(sys.executable)
        self.ctokens = os.path.join(TOP, "tests", "qemu", "ctokens.py")
        self.qemu = None
        self.script = None
        self.find_qemu()

    # ---------------------------------------------------------------- helpers
    def rounds(self, full, smoke=1):
        if self.a.rounds:
            return self.a.rounds
        return smoke if self.smoke else full

    def hyper(self, cmds, cwd, rounds, runs, shell=True, warmup=1):
        """cmds: list of (name, command, prepare-or-None). Returns {name: median seconds}.

        Runs `rounds` hyperfine invocations, each timing every command `runs` times, the
        order reversed every other round, so both sides see the same machine state."""
        if self.smoke:  # the smoke run checks that the driver works, not the figures
            rounds, runs, warmup = 1, 1, 0
        times = {name: [] for name, _, _ in cmds}
        cpus = {name: [] for name, _, _ in cmds}
        jf = os.path.join(self.work, "hyperfine.json")
        any_prepare = any(p for _, _, p in cmds)
        for r in range(rounds):
            order = cmds if r % 2 == 0 else list(reversed(cmds))
            args = ["hyperfine", "--style", "none", "--runs", str(runs),
                    "--export-json", jf]
            if warmup and r == 0:
                args += ["--warmup", str(warmup)]
            if not shell:
                args.append("-N")
            for name, _, prepare in order:
                args += ["-n", name]
                if any_prepare:
                    args += ["--prepare", prepare or "true"]
            args += [c for _, c, _ in order]
            p = subprocess.run(args, cwd=cwd, env=self.env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if p.returncode != 0:
                sys.stderr.write(p.stdout[-3000:] + p.stderr[-3000:])
                die("hyperfine failed (a benchmarked command failed?); commands:\n  " +
                    "\n  ".join(c[:300] for _, c, _ in order))
            with open(jf) as f:
                for res in json.load(f)["results"]:
                    times[res["command"]].extend(res["times"])
                    cpus[res["command"]].append(res["user"] + res["system"])
        return {name: T(statistics.median(times[name]), statistics.median(cpus[name]))
                for name in times}

    def row(self, section, what, cowrap, other, num=None, den=None, target="", met=None):
        """The ratio is num / den: how many times better cowrap is (> 1 is good), except
        for the floor row (cowrap / floor). met(ratio) says whether the target is met."""
        r, c = ratio(num, den), cpu_ratio(num, den)
        self.rows.append(dict(section=section, what=what, cowrap=str(cowrap), other=str(other),
                              ratio=r, cpu=c, target=target,
                              met=met(r) if met and r is not None else None))
        shown = "" if r is None else f"  ratio {r:.2f}" + ("" if c is None else f" (CPU {c:.2f})")
        log(f"{what}: cowrap {cowrap} | {other}{shown}")

    def peak_rss(self, cmd, cwd):
        """Peak resident memory in bytes of CMD (a list), from /usr/bin/time -v."""
        if not os.access("/usr/bin/time", os.X_OK):
            return None
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, env=self.env, text=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.stderr.write(p.stderr[-3000:])
            die(f"failed under /usr/bin/time: {' '.join(cmd[:3])} ...")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        return int(m.group(1)) * 1024 if m else None

    def same_tokens(self, expected, actual):
        """True/False when tests/qemu/ctokens.py can tell, None when it is missing."""
        if not os.path.exists(self.ctokens):
            return None
        p = subprocess.run([self.python, self.ctokens, expected, actual], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            sys.stderr.write(p.stdout[-3000:])
        return p.returncode == 0

    def count_structs(self, path):
        with open(path, encoding="utf-8", errors="replace") as f:
            return sum(1 for line in f if line.startswith("typedef struct "))

    # ---------------------------------------------------------------- QEMU
    def find_qemu(self):
        """QEMU 10.0.2's tree: $COWRAP_QEMU_TREE; else tests/qemu/fetch.sh's tarball,
        partly extracted into the work folder; else the extracted tree in the cache."""
        cache = os.environ.get("COWRAP_QEMU_CACHE", "/var/cache/cowrap-qemu")
        extracted = os.path.join(cache, "src", "qemu-10.0.2")
        fetch = os.path.join(TOP, "tests", "qemu", "fetch.sh")
        tarball = os.path.join(cache, "qemu_10.0.2+ds.orig.tar.xz")
        script_rel = os.path.join("scripts", "block-coroutine-wrapper.py")
        tree = os.environ.get("COWRAP_QEMU_TREE")
        if not tree and self.smoke:
            # The smoke run never downloads, and skips the 4 s extraction when it can.
            if os.path.exists(os.path.join(extracted, script_rel)):
                tree = extracted
            elif os.path.exists(tarball):
                tree = self.extract_qemu(tarball)
        elif not tree:
            local = os.path.join(self.work, "qemu-10.0.2")
            if os.path.exists(os.path.join(local, ".bench-complete")):
                tree = local
            elif os.path.exists(fetch) and not self.a.no_fetch:
                log("tests/qemu/fetch.sh 10.0.2 (downloads the tarball only when missing)")
                p = subprocess.run(["bash", fetch, "10.0.2"], stdout=sys.stderr)
                if p.returncode == 0 and os.path.exists(tarball):
                    tree = self.extract_qemu(tarball)
                else:
                    log("fetch.sh failed; falling back to the extracted tree")
            if not tree and os.path.exists(os.path.join(extracted, script_rel)):
                tree = extracted
        if tree and os.path.exists(os.path.join(tree, script_rel)):
            self.qemu = tree
            self.script = os.path.join(tree, script_rel)
            log(f"QEMU tree: {tree}; script run by {self.python}")
        else:
            log("QEMU 10.0.2 not available: every comparison with the script is skipped")
            self.notes.append("QEMU 10.0.2 was not available: no comparison with its script.")

    def extract_qemu(self, tarball):
        dest = os.path.join(self.work, "qemu-10.0.2")
        log(f"extracting the script and the block_gen_c inputs of {tarball}")
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        run(["tar", "-xJf", tarball, "-C", dest, "--strip-components=1", "--wildcards",
             "*/scripts/block-coroutine-wrapper.py", "*/block/meson.build",
             "*/block/coroutines.h", "*/include/block/*", "*/include/system/*"])
        open(os.path.join(dest, ".bench-complete"), "w").close()
        return dest

    def qemu_inputs(self):
        """block/meson.build's block_gen_c inputs, in order (as tests/qemu/lib.sh reads them)."""
        text = open(os.path.join(self.qemu, "block", "meson.build")).read()
        m = re.search(r"block_gen_c\s*=\s*custom_target\((.*?)\n\s*command:", text, re.S)
        files = re.search(r"input\s*:\s*files\((.*?)\)", m.group(1), re.S)
        return [os.path.normpath(os.path.join("block", n))
                for n in re.findall(r"'([^']+)'", files.group(1))]

    def section_qemu(self):
        if not self.qemu:
            self.row("qemu", "QEMU 10.0.2 inputs: drop-in cowrap vs script", "n/a", "n/a",
                     None, "≥ 10×")
            return
        inputs = self.qemu_inputs()
        out = os.path.join(self.work, "qemu")
        os.makedirs(out, exist_ok=True)
        ref, mine = os.path.join(out, "script.c"), os.path.join(out, "cowrap.c")
        run([self.python, self.script, ref] + inputs, cwd=self.qemu)
        run([self.cowrap, mine] + inputs, cwd=self.qemu, env=self.env)
        same = self.same_tokens(ref, mine)
        n = self.count_structs(ref)
        if same is False:
            self.notes.append("QEMU 10.0.2: cowrap's output differs from the script's "
                              "(tokens); timings are still shown.")
        # The static build (--cowrap-static), when given, alternates with the other two: most
        # of the default build's run is the loader relocating libstdc++.so.
        static = os.path.abspath(self.a.cowrap_static) if self.a.cowrap_static else None
        cmds = [
            ("cowrap", f"{q(self.cowrap)} {q(mine)} {qs(inputs)}", f"rm -f {q(mine)}"),
            ("script", f"{q(self.python)} {q(self.script)} {q(ref)} {qs(inputs)}",
             f"rm -f {q(ref)}"),
        ]
        if static:
            cmds.append(("static", f"{q(static)} {q(mine)} {qs(inputs)}", f"rm -f {q(mine)}"))
        res = self.hyper(cmds, cwd=self.qemu, rounds=self.rounds(5), runs=self.rounds(10, 3),
                         shell=False)
        differs = '' if same is not False else ' [OUTPUT DIFFERS]'
        self.row("qemu", f"QEMU 10.0.2 ({len(inputs)} headers, {n} wrappers): drop-in cowrap "
                 f"vs script{differs}",
                 res["cowrap"], f"script {res['script']}", res["script"], res["cowrap"],
                 "≥ 10×", lambda r: r >= 10)
        if static:
            self.row("qemu", f"QEMU 10.0.2: drop-in cowrap, static build (`-DCOWRAP_STATIC_DEPS"
                     f"=ON`), vs script{differs}",
                     res["static"], f"script {res['script']}", res["script"], res["static"],
                     "≥ 10×", lambda r: r >= 10)

    # ---------------------------------------------------------------- synthetic trees
    def tree(self, headers, wrappers, style="qemu"):
        d = os.path.join(self.work, f"tree-{headers}x{wrappers}" +
                         ("" if style == "qemu" else f"-{style}"))
        run([self.python, os.path.join(HERE, "gen_tree.py"), "--headers", str(headers),
             "--wrappers", str(wrappers), "--seed", str(self.a.seed), "--style", style, d])
        with open(os.path.join(d, "inputs.txt")) as f:
            inputs = f.read().split()
        return d, inputs

    def gen_sizes(self):
        return [(4, 5), (40, 5)] if self.smoke else [(200, 50), (2000, 50)]

    def section_gen(self):
        rss = {}
        script_rss_at = {}
        for headers, wrappers in self.gen_sizes():
            n = headers * wrappers
            label = f"{headers}×{wrappers}"
            tree, inputs = self.tree(headers, wrappers)
            out = os.path.join(tree, "out")
            os.makedirs(out, exist_ok=True)
            mono = os.path.join(out, "cowrap.c")
            ref = os.path.join(out, "reference.c")
            floor_out = os.path.join(out, "floor.c")
            shards = os.path.join(out, "shards")
            log(f"synthetic {label}: checking the outputs")
            run([self.cowrap, "generate", "--no-cache", "-o", mono] + inputs, cwd=tree,
                env=self.env)
            have_script = self.script is not None
            if have_script:
                run([self.python, self.script, ref] + inputs, cwd=tree)
                if n <= 20000:
                    same = self.same_tokens(ref, mono)
                else:  # the token comparison of 100 MB takes minutes: count wrappers
                    same = self.count_structs(ref) == self.count_structs(mono)
                if same is False:
                    self.notes.append(f"synthetic {label}: cowrap's output differs from "
                                      "the script's; timings are still shown.")
                if self.count_structs(ref) != n:
                    die(f"QEMU's script recognised {self.count_structs(ref)} of {n} "
                        "wrappers: gen_tree.py wrote something it does not accept")
            else:
                shutil.copyfile(mono, ref)
                same = None
            # The floor writes as many bytes as cowrap does (its output, copied).
            floor_ref = os.path.join(out, "floor-reference.c")
            shutil.copyfile(mono, floor_ref)
            size = os.path.getsize(floor_ref)
            flist = os.path.join(tree, "inputs.txt")
            mkdirs = f"rm -rf {q(shards)} && mkdir -p {q(shards)}/include/bench"
            cmds = [
                ("cowrap", f"{q(self.cowrap)} generate --no-cache -o {q(mono)} {qs(inputs)}",
                 f"rm -f {q(mono)}"),
                ("shards", f"xargs -P {self.nproc} -I@ {q(self.cowrap)} generate --no-cache "
                 f"-o {q(shards)}/@.c @ < {q(flist)}", mkdirs),
                ("floor", f"cat {qs(inputs)} >/dev/null; cat {q(floor_ref)} > {q(floor_out)}",
                 f"rm -f {q(floor_out)}"),
            ]
            if have_script:
                cmds.append(("script", f"{q(self.python)} {q(self.script)} {q(ref)}.s "
                             f"{qs(inputs)}", f"rm -f {q(ref)}.s"))
            big = n > 20000
            log(f"synthetic {label}: timing ({n} wrappers, output {fmt_mb(size)})")
            res = self.hyper(cmds, cwd=tree, rounds=self.rounds(3 if big else 5),
                             runs=self.rounds(2 if big else 3, 2))
            diff = "" if same is not False else " [OUTPUT DIFFERS]"
            sc = res.get("script")
            self.row("gen", f"{label} ({n} wrappers, {fmt_mb(size)} out): monolithic cowrap "
                     f"vs script{diff}", res["cowrap"], f"script {fmt_time(sc)}",
                     sc, res["cowrap"], "≥ 10×", lambda r: r >= 10)
            self.row("gen", f"{label}: shards, {headers} processes (xargs -P {self.nproc}) "
                     "vs monolithic script", res["shards"], f"script {fmt_time(sc)}",
                     sc, res["shards"])
            self.row("gen", f"{label}: monolithic cowrap vs the floor (cat inputs, cat "
                     "cowrap's output > out); ratio = cowrap / floor", res["cowrap"],
                     f"floor {res['floor']}", res["cowrap"], res["floor"], "≤ 2×",
                     lambda r: r <= 2)
            mine_rss = self.peak_rss([self.cowrap, "generate", "--no-cache", "-o", mono]
                                     + inputs, cwd=tree)
            script_rss = self.peak_rss([self.python, self.script, ref + ".s"] + inputs,
                                       cwd=tree) if have_script else None
            rss[n] = mine_rss
            script_rss_at.setdefault("first", script_rss)
            self.row("gen", f"{label}: peak memory (max RSS)", fmt_mb(mine_rss),
                     f"script {fmt_mb(script_rss)}", script_rss, mine_rss)
            for p in (mono, ref + ".s", floor_out, floor_ref):
                if os.path.exists(p):
                    os.remove(p)
            shutil.rmtree(shards, ignore_errors=True)
        (n1, r1), (n2, r2) = sorted(rss.items())
        base = self.peak_rss([self.cowrap, "--version"], cwd=self.work)
        if r1 and r2:
            # Flat: the run holds one header and one output buffer at a time, and ~70 bytes
            # per wrapper for the duplicate checks (core/validate.cpp).
            script1 = script_rss_at.get("first")
            detail = (f"{fmt_mb(r1)} → {fmt_mb(r2)}: +{fmt_mb(r2 - r1)}"
                      + (f"; `cowrap --version` {fmt_mb(base)}" if base else ""))
            self.row("gen", f"peak memory growth {n1} → {n2} wrappers; ratio = "
                     f"script at {n1} / cowrap at {n1}", detail,
                     f"script at {n1}: {fmt_mb(script1)}", script1, r1,
                     "< 10 MB growth, below the script",
                     lambda r: r2 - r1 < 10 * 2**20 and r > 1)

    # ---------------------------------------------------------------- speed
    def callgrind_ir(self, cmd, cwd):
        """Instructions executed by CMD (a list) from process start (callgrind's total Ir,
        nothing toggled), or None without valgrind."""
        if not shutil.which("valgrind"):
            return None
        def run(argv):
            return subprocess.run(["valgrind", "--tool=callgrind", "--collect-systime=no",
                                   "--callgrind-out-file=/dev/null"] + argv, cwd=cwd,
                                  env=self.env, text=True, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        p = run(cmd)
        if p.returncode != 0 and "Giving up" in p.stderr and shutil.which("objcopy"):
            # Valgrind itself gave up, on debug info it cannot read (bookworm's valgrind and
            # clang's DWARF 5): the count needs none, so measure a copy without it.
            stripped = os.path.join(self.work, "callgrind-" + os.path.basename(cmd[0]))
            subprocess.run(["objcopy", "--strip-debug", cmd[0], stripped], check=True)
            p = run([stripped] + cmd[1:])
        if p.returncode != 0:
            sys.stderr.write(p.stderr[-3000:])
            die(f"failed under callgrind: {' '.join(cmd[:3])} ...")
        m = re.search(r"Collected : (\d+)", p.stderr)
        return int(m.group(1)) if m else None

    def speed_sizes(self):
        """(callgrind tree, throughput tree) sizes."""
        return ((4, 5), (40, 5)) if self.smoke else ((200, 50), (2000, 50))

    def section_speed(self):
        small, large = self.speed_sizes()
        static = os.path.abspath(self.a.cowrap_static) if self.a.cowrap_static else None
        mi = lambda n: "n/a" if n is None else f"{n / 1e6:.2f} M"  # noqa: E731
        # Start-up: `cowrap --version`, whole process, default and static builds.
        ver = self.callgrind_ir([self.cowrap, "--version"], self.work)
        ver_static = self.callgrind_ir([static, "--version"], self.work) if static else None
        true_ir = self.callgrind_ir(["/bin/true"], self.work)
        self.row("speed", "`cowrap --version` instructions (callgrind, from process start): "
                 "default build / static build (`-DCOWRAP_STATIC_DEPS=ON`); ratio = 1.5 M / "
                 "default", f"{mi(ver)} / {mi(ver_static)}", f"/bin/true {mi(true_ir)}",
                 1.5e6, ver, "≤ 1.5 M", lambda r: r >= 1)
        # The smoke run checks the driver: the rich style goes through every row.
        for style in ("rich",) if self.smoke else ("qemu", "rich"):
            (h1, w1), (h2, w2) = small, large
            tree1, inputs1 = self.tree(h1, w1, style)
            tree2, inputs2 = self.tree(h2, w2, style)
            n1, n2 = h1 * w1, h2 * w2
            out1 = os.path.join(tree1, "out-speed.c")
            # Instructions per wrapper, whole processes (start-up included).
            chk = self.callgrind_ir([self.cowrap, "check"] + inputs1, tree1)
            if os.path.exists(out1):
                os.remove(out1)
            gen = self.callgrind_ir([self.cowrap, "generate", "--no-cache", "-o", out1]
                                    + inputs1, tree1)
            per = lambda x: "n/a" if x is None else f"{x / n1 / 1e3:.1f} k"  # noqa: E731
            self.row("speed", f"{style} style, {n1} wrappers: instructions per wrapper "
                     "(callgrind), check / generate", f"{per(chk)} / {per(gen)}", "")
            # Parse throughput of `cowrap check` against reading the inputs.
            size = sum(os.path.getsize(os.path.join(tree2, i)) for i in inputs2)
            flist = os.path.join(tree2, "inputs.txt")
            res = self.hyper([
                ("check", f"{q(self.cowrap)} check {qs(inputs2)}", None),
                ("cat", f"xargs cat < {q(flist)} > /dev/null", None),
            ], cwd=tree2, rounds=self.rounds(3), runs=self.rounds(3, 2))
            mbs = lambda t, c=False: "n/a" if not t or (c and not t.cpu) else \
                f"{size / (t.cpu if c else t.wall) / 1e6:.0f} MB/s"  # noqa: E731
            self.row("speed", f"{style} style, {n2} wrappers ({fmt_mb(size)} in): `cowrap "
                     "check` throughput (wall; CPU); ratio = check / cat",
                     f"{mbs(res['check'])}; {mbs(res['check'], True)}",
                     f"cat {mbs(res['cat'])}", res["check"], res["cat"])
            if style == "rich":
                # The script cannot read this tree: generate against the I/O floor only.
                out2 = os.path.join(tree2, "out-speed.c")
                run([self.cowrap, "generate", "--no-cache", "-o", out2] + inputs2, cwd=tree2,
                    env=self.env)
                floor_ref = os.path.join(tree2, "floor-reference.c")
                floor_out = os.path.join(tree2, "floor.c")
                shutil.move(out2, floor_ref)
                res = self.hyper([
                    ("cowrap", f"{q(self.cowrap)} generate --no-cache -o {q(out2)} "
                     f"{qs(inputs2)}", f"rm -f {q(out2)}"),
                    ("floor", f"xargs cat < {q(flist)} >/dev/null; cat {q(floor_ref)} > "
                     f"{q(floor_out)}", f"rm -f {q(floor_out)}"),
                ], cwd=tree2, rounds=self.rounds(3), runs=self.rounds(2, 2))
                self.row("speed", f"rich style, {n2} wrappers: monolithic cowrap vs the floor "
                         "(the script cannot read it); ratio = cowrap / floor",
                         res["cowrap"], f"floor {res['floor']}", res["cowrap"], res["floor"],
                         "≤ 1.5×", lambda r: r <= 1.5)
                for p in (out2, floor_ref, floor_out):
                    if os.path.exists(p):
                        os.remove(p)
            if os.path.exists(out1):
                os.remove(out1)
        self.shard_launches(small)

    def shard_launches(self, size):
        """One process per header launched by xargs (no shell per shard) against the same
        launches of /bin/true (the process floor) and one script run over the headers."""
        tree, inputs = self.tree(*size)
        outs = os.path.join(tree, "out-launch")
        args = os.path.join(tree, "launch-args.txt")
        with open(args, "w") as f:
            for i in inputs:
                name = os.path.splitext(os.path.basename(i))[0]
                f.write(f"-o {q(os.path.join(outs, name + '.c'))} {q(i)}\n")
        prep = f"rm -rf {q(outs)} && mkdir -p {q(outs)}"
        xargs = f"xargs -P {self.nproc} -L 1 -a {q(args)}"
        cmds = [("shards", f"{xargs} {q(self.cowrap)} generate --no-cache", prep),
                ("true", f"{xargs} /bin/true", prep)]
        if self.script:
            ref = os.path.join(tree, "launch-script.c")
            cmds.append(("script", f"{q(self.python)} {q(self.script)} {q(ref)} {qs(inputs)}",
                         f"rm -f {q(ref)}"))
        res = self.hyper(cmds, cwd=tree, rounds=self.rounds(5), runs=self.rounds(3, 2))
        n = len(inputs)
        self.row("speed", f"{n} shard processes (`xargs -P {self.nproc} -L 1 -a ARGS cowrap "
                 "generate --no-cache`) vs the same launches of /bin/true; ratio = shards / true",
                 res["shards"], f"/bin/true {res['true']}", res["shards"], res["true"],
                 "≤ 1.5×", lambda r: r <= 1.5)
        if "script" in res:
            self.row("speed", f"{n} shard processes vs one script run over the {n} headers",
                     res["shards"], f"script {res['script']}", res["script"], res["shards"],
                     "≥ 1×", lambda r: r >= 1)
        # Instructions of one shard process, default and static builds.
        os.makedirs(outs, exist_ok=True)
        one = ["generate", "--no-cache", "-o", os.path.join(outs, "one.c"), inputs[0]]
        per = self.callgrind_ir([self.cowrap] + one, tree)
        static = os.path.abspath(self.a.cowrap_static) if self.a.cowrap_static else None
        per_static = self.callgrind_ir([static] + one, tree) if static else None
        mi = lambda x: "n/a" if x is None else f"{x / 1e6:.2f} M"  # noqa: E731
        self.row("speed", "one shard process (one header), instructions (callgrind): default / "
                 "static build", f"{mi(per)} / {mi(per_static)}", "")
        # What a shard pays for the folder it writes into: the same shard, with its depfile,
        # beside every other shard's output and depfile, and alone (flat since writes stopped
        # listing the folder for dead writers' temporaries).
        per_folder = []
        for name, count in (("out-full", n), ("out-alone", 0)):
            folder = os.path.join(tree, name)
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            for i in range(count):
                for ext in (".c", ".d"):
                    open(os.path.join(folder, f"other{i}{ext}"), "w").close()
            per_folder.append(self.callgrind_ir(
                [static or self.cowrap, "generate", "--no-cache", "-o",
                 os.path.join(folder, "one.c"), "--depfile", os.path.join(folder, "one.d"),
                 inputs[0]], tree))
            shutil.rmtree(folder, ignore_errors=True)
        self.row("speed", f"one shard process with its depfile ({'static' if static else 'default'}"
                 f" build), instructions: in a folder of {2 * n} other shards' files / alone",
                 f"{mi(per_folder[0])} / {mi(per_folder[1])}", "")
        shutil.rmtree(outs, ignore_errors=True)

    # ---------------------------------------------------------------- builds
    def build_size(self):
        return (4, 5) if self.smoke else (200, 50)

    def cmake_project(self, flow, tree, inputs, proj):
        os.makedirs(proj, exist_ok=True)
        headers = [os.path.join(tree, h) for h in inputs]
        lines = [
            "cmake_minimum_required(VERSION 3.20)",
            f"project(bench_{flow} C)",
            f'set(TREE "{tree}")',
            f'set(RUNTIME "{RUNTIME}")',
            "add_library(gen OBJECT)",
            'target_include_directories(gen PRIVATE "${RUNTIME}" "${TREE}/include")',
        ]
        if flow == "script":
            lines += [
                "set(HEADERS", *[f'  "{h}"' for h in headers], ")",
                'set(OUT "${CMAKE_CURRENT_BINARY_DIR}/block-gen.c")',
                "add_custom_command(OUTPUT ${OUT}",
                f'  COMMAND "{self.python}" "{self.script}" ${{OUT}} ${{HEADERS}}',
                f'  DEPENDS ${{HEADERS}} "{self.script}"',
                "  COMMENT \"block-coroutine-wrapper.py\" VERBATIM)",
                "target_sources(gen PRIVATE ${OUT})",
            ]
        else:
            lines += [
                "add_executable(cowrap::cowrap IMPORTED)",
                f'set_target_properties(cowrap::cowrap PROPERTIES IMPORTED_LOCATION "{self.cowrap}")',
                f'include("{TOP}/cmake/cowrap-functions.cmake")',
            ]
            if flow == "a":  # each shard includes the runtime and its own header only
                for h in headers:
                    own = os.path.relpath(h, os.path.join(tree, "include"))
                    lines.append(f'cowrap_generate(TARGET gen HEADERS "{h}" OPTIONS '
                                 f'--include qemu/osdep.h --include block/block-gen.h '
                                 f'--include {own})')
            else:  # the dialect's includes: block/block_int.h is the umbrella
                lines += ["cowrap_generate(TARGET gen HEADERS",
                          *[f'  "{h}"' for h in headers], ")"]
        with open(os.path.join(proj, "CMakeLists.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")

    def timed_builds(self, flows, dirs, prep, rounds):
        """Times `ninja` in each flow's build folder, the flows alternating (A B C, C B A, ...),
        each build after its prepare step (not timed). Each timed build also tells what Ninja
        reran, so no extra probe build is needed. Returns ({flow: T}, {flow: (cc, gen)})."""
        if self.smoke:
            rounds = 1
        walls = {f: [] for f in flows}
        cpus = {f: [] for f in flows}
        steps = {}
        for r in range(rounds):
            for flow in (flows if r % 2 == 0 else list(reversed(flows))):
                tree, bld = dirs[flow]
                p = prep(tree, bld)
                if p:
                    run(p)
                c0, t0 = os.times(), time.perf_counter()
                o = run(["ninja", "-C", bld], capture=True).stdout
                w, c1 = time.perf_counter() - t0, os.times()
                walls[flow].append(w)  # ninja's CPU and its children's (compilers, cowrap)
                cpus[flow].append(c1.children_user - c0.children_user
                                  + c1.children_system - c0.children_system)
                steps[flow] = (len(re.findall(r"Building C object", o)),
                               len(re.findall(r"cowrap: |block-coroutine-wrapper", o)))
        # os.times() counts 10 ms ticks: a CPU time below 20 ms means nothing.
        cpu = {f: statistics.median(cpus[f]) for f in flows}
        res = {f: T(statistics.median(walls[f]), cpu[f] if cpu[f] >= 0.02 else None)
               for f in flows}
        return res, steps

    def section_build(self):
        if not os.path.exists(os.path.join(TOP, "cmake", "cowrap-functions.cmake")):
            self.notes.append("builds: cmake/cowrap-functions.cmake missing, skipped")
            return
        headers, wrappers = self.build_size()
        src_tree, inputs = self.tree(headers, wrappers)
        root = os.path.join(self.work, "build")
        shutil.rmtree(root, ignore_errors=True)
        flows = (["script"] if self.script else []) + ["a", "b"]
        names = {"script": "script (monolithic)", "a": "cowrap shards (a)",
                 "b": "cowrap shards (b)"}
        edited = inputs[len(inputs) // 2]
        dirs = {}
        for flow in flows:
            tree = os.path.join(root, f"tree-{flow}")
            shutil.copytree(src_tree, tree, ignore=shutil.ignore_patterns("out"))
            proj, bld = os.path.join(root, f"proj-{flow}"), os.path.join(root, f"bld-{flow}")
            self.cmake_project(flow, tree, inputs, proj)
            log(f"builds: configuring {names[flow]}")
            run(["cmake", "-S", proj, "-B", bld, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=",
                 "-DCMAKE_C_FLAGS=-O2 -std=gnu11", f"-DCMAKE_C_COMPILER={self.a.cc}"],
                capture=True)
            dirs[flow] = (tree, bld)
        edit = os.path.join(HERE, "edit.py")
        scenarios = [
            ("full", "full build",
             lambda t, b: f"ninja -C {q(b)} -t clean >/dev/null; rm -rf {q(b)}/cowrap-cache.db*"),
            ("noop", "no-op build", lambda t, b: None),
            ("comment", "one comment edit",
             lambda t, b: f"{q(self.python)} {q(edit)} comment {q(os.path.join(t, edited))}"),
            ("decl", "one declaration edit",
             lambda t, b: f"{q(self.python)} {q(edit)} decl {q(os.path.join(t, edited))}"),
        ]
        # The full build comes first: every later scenario starts from a built tree.
        skip = {"comment"} if self.a.build_scenarios == "targets" else set()
        for key, title, prep in scenarios:
            if key in skip:
                continue
            log(f"builds: {title} ({', '.join(names[f] for f in flows)})")
            res, steps = self.timed_builds(flows, dirs, prep, self.rounds(3))
            for flow in ("a", "b"):
                what = f"build {headers}×{wrappers}, layout ({flow}): {title}"
                if flow in steps:
                    c, g = steps[flow]
                    what += f" [{g} gen, {c} cc"
                    if "script" in steps:
                        what += f"; script flow {steps['script'][1]} gen, {steps['script'][0]} cc"
                    what += "]"
                target, met = "", None
                sc = res.get("script")
                if flow == "a" and key == "decl":
                    target, met = "≥ 50×", lambda r: r >= 50
                if flow == "b" and key == "full":
                    target, met = "≥ 1× (no slower)", lambda r: r >= 1
                self.row("build", what, res[flow], f"script flow {fmt_time(sc)}",
                         sc, res[flow], target, met)

    # ---------------------------------------------------------------- cache
    def section_cache(self):
        headers, wrappers = (4, 5) if self.smoke else (200, 50)
        n = headers * wrappers
        tree, inputs = self.tree(headers, wrappers)
        out = os.path.join(tree, "out")
        os.makedirs(out, exist_ok=True)
        db = os.path.join(out, "cache.db")
        mono = os.path.join(out, "cache.c")
        shards = os.path.join(out, "cache-shards")
        flist = os.path.join(tree, "inputs.txt")
        for p in (db, db + "-wal", db + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        shutil.rmtree(db + ".pending", ignore_errors=True)
        probe = run([self.cowrap, "generate", "--cache", db, "-o", mono] + inputs,
                    cwd=tree, env=self.env, capture=True, check=False)
        if probe.returncode != 0:
            self.notes.append("cache: `cowrap generate --cache` failed: " +
                              (probe.stderr or "").strip()[:200])
            return
        if not os.path.exists(db):
            self.notes.append("cache: --cache wrote no database (cache not implemented yet?)")
        # A cold run leaves its record pending beside the database; any command stores it.
        run([self.cowrap, "cache", "stats", "--cache", db], cwd=tree, env=self.env,
            capture=True, check=False)
        db_size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
        gen = f"{q(self.cowrap)} generate -o {q(mono)} {{}} {qs(inputs)}"
        rmdb = f"rm -rf {q(db)} {q(db)}-wal {q(db)}-shm {q(db)}.pending"
        shard = (f"xargs -P {self.nproc} -I@ {q(self.cowrap)} generate {{}} "
                 f"-o {q(shards)}/@.c @ < {q(flist)}")
        mk = f"rm -rf {q(shards)} && mkdir -p {q(shards)}/include/bench"
        log(f"cache: {headers}×{wrappers}, monolithic and shards")
        res = self.hyper([
            ("cold", gen.format(f"--cache {q(db)}"), f"{rmdb}; rm -f {q(mono)}"),
            ("warm", gen.format(f"--cache {q(db)}"), f"rm -f {q(mono)}"),
            ("none", gen.format("--no-cache"), f"rm -f {q(mono)}"),
            ("s-cold", shard.format(f"--cache {q(db)}"), f"{rmdb}; {mk}"),
            ("s-warm", shard.format(f"--cache {q(db)}"), mk),
            ("s-none", shard.format("--no-cache"), mk),
        ], cwd=tree, rounds=self.rounds(3), runs=self.rounds(3, 1))
        label = f"{headers}×{wrappers}"
        # The cache may cost at most 10% on a cold run: no cache / cold ≥ 1 / 1.1.
        cost, cheap = "cost ≤ 10% (≥ 0.91×)", lambda r: r >= 1 / 1.1
        self.row("cache", f"cache {label} monolithic: warm vs --no-cache",
                 f"warm {fmt_time(res['warm'])}", f"no cache {fmt_time(res['none'])}",
                 res["none"], res["warm"])
        self.row("cache", f"cache {label} monolithic: cold vs --no-cache",
                 f"cold {fmt_time(res['cold'])}", f"no cache {fmt_time(res['none'])}",
                 res["none"], res["cold"], cost, cheap)
        self.row("cache", f"cache {label} shards ({headers} processes): warm vs --no-cache",
                 f"warm {fmt_time(res['s-warm'])}", f"no cache {fmt_time(res['s-none'])}",
                 res["s-none"], res["s-warm"])
        self.row("cache", f"cache {label} shards: cold vs --no-cache",
                 f"cold {fmt_time(res['s-cold'])}", f"no cache {fmt_time(res['s-none'])}",
                 res["s-none"], res["s-cold"], cost, cheap)
        self.row("cache", f"cache database size ({n} wrappers, after one monolithic run)",
                 f"{fmt_mb(db_size)} = {db_size / n:.0f} B/wrapper", "")
        cb = os.path.join(HERE, "cache-cost.sh")
        if os.path.exists(cb) and not self.smoke and not self.a.no_cache_bench:
            log("cache: running bench/cache-cost.sh (every build mode, with and without the cache)")
            p = subprocess.run(["bash", cb, "--cowrap", self.cowrap, "--reps", "3"], env=self.env,
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=TOP)
            self.notes.append(f"bench/cache-cost.sh (exit {p.returncode}):\n\n    " +
                              p.stdout.strip()[-3000:].replace("\n", "\n    "))
        for p in (mono,):
            if os.path.exists(p):
                os.remove(p)
        shutil.rmtree(shards, ignore_errors=True)

    # ---------------------------------------------------------------- table
    def table(self):
        head = ["measurement", "cowrap", "compared with", "ratio", "CPU ratio", "target", "met"]
        body = []
        for r in self.rows:
            rt = "" if r["ratio"] is None else f"{r['ratio']:.2f}×"
            ct = "" if r["cpu"] is None else f"{r['cpu']:.2f}×"
            met = "" if self.smoke else {True: "yes", False: "NO", None: ""}[r["met"]]
            body.append([r["what"], r["cowrap"], r["other"], rt, ct, r["target"], met])
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in b) + " |" for b in body]
        return "\n".join(lines)


def main(argv):
    ap = argparse.ArgumentParser(description="cowrap's benchmarks (see docs/benchmarks.md)")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, a few seconds")
    ap.add_argument("--cowrap", required=True)
    ap.add_argument("--cowrap-static", default=os.environ.get("COWRAP_STATIC", ""),
                    help="a cowrap built with -DCOWRAP_STATIC_DEPS=ON, for the start-up rows")
    ap.add_argument("--work", required=True, help="folder for trees, outputs and builds")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help=f"comma-separated sections of {','.join(SECTIONS)}")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=0,
                    help="hyperfine rounds of every comparison (default: 3 to 5)")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--no-fetch", action="store_true",
                    help="never run tests/qemu/fetch.sh; use the extracted tree if any")
    ap.add_argument("--build-scenarios", choices=("all", "targets"), default="all",
                    help="targets: only the build scenarios that have a target (full, "
                    "no-op, declaration edit), for a machine short of time")
    ap.add_argument("--no-cache-bench", action="store_true",
                    help="do not run bench/cache-cost.sh in the cache section")
    a = ap.parse_args(argv)
    only = [s for s in a.only.split(",") if s]
    for s in only:
        if s not in SECTIONS:
            die(f"unknown section {s!r} (one of {', '.join(SECTIONS)})")
    if not shutil.which("hyperfine"):
        die("hyperfine is missing (Debian package hyperfine; scripts/setup.sh installs it)")
    b = Bench(a)
    t0 = time.time()
    loads = [loadavg()]
    for s in SECTIONS:
        if s in only:
            getattr(b, f"section_{s}")()
            loads.append(loadavg())
    loads = [x for x in loads if x is not None]
    ver = run([b.cowrap, "--version"], capture=True).stdout.strip()
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except (OSError, AttributeError):
        pass
    print(f"\n{ver}; {cpu}, {b.nproc} CPUs; script run by {b.python}; "
          f"medians of alternating hyperfine rounds; {time.time() - t0:.0f} s"
          + (" (SMOKE: tiny sizes, the figures mean nothing)" if a.smoke else ""))
    if loads:
        busy = max(loads) > b.nproc
        print(f"machine load (1-min load average at the start and after each section): "
              f"{', '.join(f'{x:.1f}' for x in loads)} on {b.nproc} CPUs"
              + (" -- TAKEN UNDER LOAD: wall times are noisy, prefer the CPU ratio"
                 if busy else " (quiet)"))
    print("ratio: how many times faster (or smaller) cowrap is, from median wall times, except\n"
          "for the floor row (cowrap / floor); CPU ratio: the same from CPU time (user + system,\n"
          "children included), which a busy machine disturbs less.\n")
    print(b.table())
    for n in b.notes:
        print(f"\nnote: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
