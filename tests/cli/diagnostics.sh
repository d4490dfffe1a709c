#!/usr/bin/env bash
# Diagnostics as GCC prints them, from the command line: colour by --color (and GCC's
# -fdiagnostics-color), NO_COLOR and whether stderr is a terminal; the line-number gutter;
# notes shown without -v; --diagnostics-format=json|sarif parsed as JSON.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
make_work_folder cli
cd "$WORK"
esc=$'\033'

printf 'int co_wrapper bdrv_foo(BlockDriverState *bs);\n\nint co_wrapper_mixed bdrv_foo(BdrvChild *c);\n' >dup.h
# Runs cowrap, expecting exit status 1; stderr in $err.
run1() {
    local status=0
    "$COWRAP" "$@" 2>err.txt >/dev/null || status=$?
    ((status == 1)) || fail "cowrap $*: exit status $status, expected 1: $(cat err.txt)"
    err=$(cat err.txt)
}

echo "== plain text when stderr is a file: gutter, caret, and the note without -v"
run1 check dup.h
[[ $err != *$esc* ]] || fail "colour escapes with stderr in a file"
grep -qx "dup.h:3:22: error: .*" <<<"$err" || fail "no located error: $err"
grep -qx '    3 | int co_wrapper_mixed bdrv_foo(BdrvChild \*c);' <<<"$err" || fail "no gutter line: $err"
grep -qx "      |                      ^" <<<"$err" || fail "no caret line: $err"
grep -q "^dup.h:1:16: note: " <<<"$err" || fail "the note is not shown by default: $err"

echo "== --color=always, -fdiagnostics-color, --color=never, NO_COLOR, a terminal"
run1 check --color=always dup.h
[[ $err == *"${esc}[01;31m${esc}[Kerror: ${esc}[m${esc}[K"* ]] || fail "no red error: $err"
[[ $err == *"${esc}[01;36m${esc}[Knote: "* ]] || fail "no cyan note: $err"
[[ $err == *"${esc}[01m${esc}[Kdup.h:3:22:${esc}[m${esc}[K"* ]] || fail "no bold locus: $err"
run1 check -fdiagnostics-color=always dup.h
[[ $err == *"${esc}[01;31m"* ]] || fail "-fdiagnostics-color=always gives no colour"
run1 generate -o out.c -fdiagnostics-color dup.h
[[ $err == *"${esc}[01;31m"* ]] || fail "-fdiagnostics-color gives no colour"
NO_COLOR=1 run1 check --color=never dup.h
[[ $err != *$esc* ]] || fail "--color=never coloured"
# `script` gives cowrap a terminal for stderr.
on_tty() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }
tty_out=$(TERM=xterm on_tty "'$COWRAP' check dup.h" || true)
[[ $tty_out == *"${esc}[01;31m"* ]] || fail "no colour on a terminal: $tty_out"
tty_out=$(NO_COLOR=1 TERM=xterm on_tty "'$COWRAP' check dup.h" || true)
[[ $tty_out != *$esc* ]] || fail "NO_COLOR=1 still coloured on a terminal"
tty_out=$(NO_COLOR=1 TERM=xterm on_tty "'$COWRAP' check --color=always dup.h" || true)
[[ $tty_out == *"${esc}[01;31m"* ]] || fail "--color=always lost to NO_COLOR"
tty_out=$(TERM=dumb on_tty "'$COWRAP' check dup.h" || true)
[[ $tty_out != *$esc* ]] || fail "TERM=dumb still coloured"

echo "== --diagnostics-format=json (GCC's)"
run1 check --diagnostics-format=json dup.h
python3 - "$err" <<'PY' || fail "json: $err"
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 1, d
e = d[0]
assert e["kind"] == "error" and "bdrv_foo" in e["message"], e
assert e["locations"][0]["caret"] == {"file": "dup.h", "line": 3, "display-column": 22,
                                       "byte-column": 22, "column": 22}, e
assert [c["kind"] for c in e["children"]] == ["note"], e
assert e["children"][0]["locations"][0]["caret"]["line"] == 1, e
PY

echo "== --diagnostics-format=sarif and -fdiagnostics-format=sarif (SARIF 2.1.0)"
printf 'int coroutine_fn bdrv_co_bar(BlockDriverState *bs);\nint co_wrapper bdrv_bar(BdrvChild *c);\n' >"strict me.h"
for opt in --diagnostics-format=sarif -fdiagnostics-format=sarif; do
    run1 generate -o out.c --strict "$opt" dup.h "strict me.h"
    python3 - "$err" "$PWD" <<'PY' || fail "sarif ($opt): $err"
import json, sys, urllib.parse
log = json.loads(sys.argv[1])
assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"], log
run = log["runs"][0]
assert run["tool"]["driver"]["name"] == "cowrap"
assert run["invocations"][0]["executionSuccessful"] is False
base = run["originalUriBaseIds"]["PWD"]["uri"]
assert urllib.parse.unquote(base) == "file://" + sys.argv[2] + "/", base
levels = [r["level"] for r in run["results"]]
assert levels == ["error", "warning", "warning", "error"], levels  # dup.h, then --strict
r = run["results"][0]
loc = r["locations"][0]["physicalLocation"]
assert loc["artifactLocation"] == {"uri": "dup.h", "uriBaseId": "PWD"}, loc
assert loc["region"]["startLine"] == 3 and loc["region"]["startColumn"] == 22, loc
assert r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 1, r
PY
done
[[ ! -e out.c ]] || fail "an output was written despite the errors"
# A strict finding (the parse is clean) carries its note and the encoded path of its file.
run1 check --strict --diagnostics-format=sarif "strict me.h"
python3 - "$err" <<'PY' || fail "strict sarif: $err"
import json, sys
r = json.loads(sys.argv[1])["runs"][0]["results"][0]
assert r["level"] == "error", r
assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "strict%20me.h", r
assert r["locations"][0]["physicalLocation"]["contextRegion"]["snippet"]["text"].startswith("int co_wrapper"), r
assert len(r["relatedLocations"]) == 1, r
PY
# A cache warning joins the JSON document instead of breaking it.
mkdir cache-dir
printf 'int co_wrapper bdrv_x(BlockDriverState *bs);\n' >ok.h
"$COWRAP" generate --cache cache-dir --diagnostics-format=json -o ok.c ok.h 2>err.txt ||
    fail "generate with an unusable cache failed"
python3 - "$(cat err.txt)" <<'PY' || fail "cache warning in json: $(cat err.txt)"
import json, sys
d = json.loads(sys.argv[1])
assert [x["kind"] for x in d] == ["warning"] and "not using the cache" in d[0]["message"], d
assert d[0]["locations"] == [], d
PY
echo "diagnostics: all checks passed"
