#!/usr/bin/env bash
# The JSON contract (docs/json.md): every command with --format json prints one object with
# "format" 1 and its "command"; a wrapper has the same keys in list, cache ls and show, and
# every path ("header", "output", "database") is absolute, whichever way it was given.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
make_work_folder cli
cd "$WORK"
mkdir -p "inc/sub dir" gen
cat >"inc/sub dir/io.h" <<'H'
int coroutine_fn bdrv_co_pread(BdrvChild *child, int64_t offset, int64_t bytes);
int co_wrapper_mixed_bdrv_rdlock bdrv_pread(BdrvChild *child, int64_t offset, int64_t bytes);
int co_wrapper bdrv_flush(BlockDriverState *bs);
H
export COWRAP_CACHE=gen/cache.db
"$COWRAP" generate -o gen/io.c "inc/sub dir/io.h"
"$COWRAP" generate -o gen/io.c "inc/sub dir/../sub dir/io.h"  # the same header, spelled otherwise

json() {  # json NAME ARGS...: run cowrap, save stdout as NAME.json (exit status 0 or 1)
    local name=$1 status=0
    shift
    "$COWRAP" "$@" >"$name.json" 2>"$name.err" || status=$?
    ((status <= 1)) || fail "cowrap $*: exit status $status: $(cat "$name.err")"
}
json list list --format json "inc/sub dir/io.h"
json check check --strict --format json "inc/sub dir/io.h"
json dialects dialects --format json
json show show --format json bdrv_pread
json ls cache ls --format json
json stats cache stats --format json
json print cache print --format json
json why cache why --format json gen/io.c
json verify cache verify --format json

python3 - "$WORK" <<'PY' || fail "the JSON outputs do not keep the contract"
import json, os, sys
work = sys.argv[1]
header = os.path.join(work, "inc/sub dir/io.h")
output = os.path.join(work, "gen/io.c")
database = os.path.join(work, "gen/cache.db")
def load(name, command):
    with open(os.path.join(work, name + ".json")) as f:
        d = json.load(f)
    assert isinstance(d, dict), (name, d)
    assert d["format"] == 1 and d["command"] == command, (name, d)
    return d
wrapper_keys = ["wrapper", "target", "kind", "mark", "flags", "header", "line"]

lst = load("list", "list")["wrappers"]
assert [w["wrapper"] for w in lst] == ["bdrv_pread", "bdrv_flush"], lst
assert list(lst[0])[:len(wrapper_keys)] == wrapper_keys, lst[0]
assert lst[0]["header"] == header and lst[0]["line"] == 2, lst[0]
assert lst[0]["flags"] == ["mixed", "rdlock"] and lst[0]["kind"] == "co", lst[0]
assert [p["name"] for p in lst[0]["params"]] == ["child", "offset", "bytes"], lst[0]

chk = load("check", "check")
assert chk["ok"] is True, chk
assert [d["severity"] for d in chk["diagnostics"]] == ["warning"], chk  # bdrv_co_flush
assert chk["diagnostics"][0]["header"] == header and chk["diagnostics"][0]["line"] == 3, chk

dia = load("dialects", "dialects")
names = [d["name"] for d in dia["dialects"]]
assert dia["default"] in names and sum(d["default"] for d in dia["dialects"]) == 1, dia
assert all(d["marks"] and d["releases"] for d in dia["dialects"]), dia

ls = load("ls", "cache ls")["wrappers"]
assert sorted(w["wrapper"] for w in ls) == ["bdrv_flush", "bdrv_pread"], ls
for w in ls:
    assert list(w)[:len(wrapper_keys)] == wrapper_keys, w
    assert w["header"] == header and w["output"] == output, w
    same = [l for l in lst if l["wrapper"] == w["wrapper"]][0]
    assert all(w[k] == same[k] for k in wrapper_keys), (w, same)

show = load("show", "show")
assert show["name"] == "bdrv_pread" and len(show["wrappers"]) == 1, show
s = show["wrappers"][0]
assert s["header"] == header and s["output"] == output and not s["damaged"], s
assert "bdrv_pread(" in s["code"], s

for name, command in (("stats", "cache stats"), ("print", "cache print")):
    st = load(name, command)
    assert st["database"] == database and st["wrappers"] == 2 and st["runs"] == 2, st

why = load("why", "cache why")
assert why["output"] == output and why["known"] is True and len(why["runs"]) == 2, why
r = why["runs"][0]
assert r["status"] == "unchanged" and set(r["wrappers"]) == {"added", "removed", "changed"}, r

ver = load("verify", "cache verify")
assert ver["ok"] is True and ver["problems"] == [] and ver["database"] == database, ver
assert ver["blocks"] == 2 and ver["outputs"] == 1, ver
PY
# cache why: a changed declaration's old and new text and diff; a failed run's error text,
# exactly what it printed.
sed -i 's/bdrv_flush(BlockDriverState \*bs)/bdrv_flush(BlockDriverState *bs, int flags)/' "inc/sub dir/io.h"
"$COWRAP" generate -o gen/io.c "inc/sub dir/io.h"
sed -i 's/int flags)/int)/' "inc/sub dir/io.h"
if "$COWRAP" generate -o gen/io.c "inc/sub dir/io.h" 2>failed.err; then fail "an unnamed parameter was accepted"; fi
json why2 cache why --format json gen/io.c
python3 - "$WORK" <<'PY' || fail "cache why --format json: no texts or error_text"
import json, os, sys
work = sys.argv[1]
with open(os.path.join(work, "why2.json")) as f:
    runs = json.load(f)["runs"]
with open(os.path.join(work, "failed.err")) as f:
    printed = f.read()
failed, changed = runs[0], runs[1]
assert "error:" in printed and failed["status"] == "failed", failed
assert failed["error_text"] == printed and failed["texts"] == [], (failed, printed)
assert changed["status"] == "written" and changed["error_text"] is None, changed
assert changed["wrappers"]["changed"] == ["bdrv_flush"], changed
[t] = changed["texts"]
assert t["wrapper"] == "bdrv_flush" and "flags" not in t["old"] and "int flags" in t["new"], t
assert t["old"].split("(")[0] == t["new"].split("(")[0], t
diff = t["diff"].splitlines()
assert diff[:2] == ["--- bdrv_flush (before)", "+++ bdrv_flush (now)"] and diff[2].startswith("@@ "), t
assert [l for l in diff[3:] if l[0] != " "] == ["-    BlockDriverState * bs", "+    BlockDriverState * bs ,", "+    int flags"], t
PY
echo "json: every command's JSON keeps the contract"
