#!/usr/bin/env bash
# Damaged or foreign caches (docs/reliability.md, guarantee 3). For each kind of damage, `cowrap generate
# --cache DB` must still write the right output and exit 0, saying so in exactly one warning,
# must not touch a database that is not its own, and `cowrap cache verify` must exit 1 naming
# the problem. Also: busy past the timeout, a full disk under the cache and under the output.
# Where the damage is one that cowrap names (truncated, random bytes, newer schema, read-only
# file or folder), every run warns, cold or warm, in one line saying which, and verify prints a
# "problem:" line.
#
#   bash tests/reliability/damaged-cache.sh     (needs $COWRAP; sqlite3 or python3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$work"
mkdir -p src ref
for k in 0 1 2; do header "$k" A 40 >"src/s$k.h"; done
header 3 A 400 >src/big.h
for h in s0 s1 s2 big; do "$COWRAP" generate --no-cache -o "ref/$h.c" "src/$h.h"; done
cases=0

sql() {  # sql DB STATEMENTS
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$1" "$2" >/dev/null
  else
    python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$1" "$2"
  fi
}

# A sound cache holding three shards, checkpointed into its main file.
make_cache() {
  local db=$1 k
  mkdir -p "$(dirname "$db")"
  for k in 0 1 2; do
    "$COWRAP" generate -o "$work/warm$k.c" --cache "$db" "src/s$k.h"
  done
  "$COWRAP" cache stats --cache "$db" >/dev/null  # stores the cold runs' pending records
  sql "$db" 'PRAGMA wal_checkpoint(TRUNCATE);'
  rm -f "$db-wal" "$db-shm"
}

as_nobody=()
if [[ $(id -u) == 0 ]]; then
  if command -v setpriv >/dev/null; then
    as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
fi
cowrap_for_nobody=$COWRAP
if ((${#as_nobody[@]})) && ! "${as_nobody[@]}" test -x "$COWRAP"; then
  cp "$COWRAP" "$work/cowrap" && chmod 755 "$work/cowrap" && cowrap_for_nobody=$work/cowrap
fi

# damaged NAME VERIFY-REGEX [WARNINGS] [RUNNER...]: $work/NAME/cache.db has been damaged.
# verify must name the problem (VERIFY-REGEX, case-insensitive; "-" to only require exit 1);
# generate must succeed with the right output and WARNINGS (default 1) warning lines, and
# leave a foreign database byte-identical when $keep is set. With $says set, every run (cold
# too) prints exactly the one line "cowrap: warning: not using the cache ...$says...", and
# verify a "problem:" line.
damaged() {
  local name=$1 verify_re=$2 want_warnings=${3:-1}
  shift 3 || shift $#
  local runner=("$@")
  local dir=$work/$name db=$work/$name/cache.db
  cases=$((cases + 1))
  local before=""
  [[ -f "$db" ]] && before=$(cksum <"$db")

  set +e
  "${runner[@]}" "$cowrap_bin" cache verify --cache "$db" >"$dir/verify.txt" 2>&1
  local status=$?
  set -e
  if ((status == 0)) && [[ "$want_warnings" == "0-1" ]] && grep -qiE -- "$verify_re" "$dir/verify.txt"; then
    :  # a cache generate adopts may pass verify, if verify says what it saw (an empty cache)
  elif ((status != 1)); then
    soft_fail "$name: cache verify exited with $status, expected 1"
    sed -n 1,5p "$dir/verify.txt" >&2
  elif [[ "$verify_re" != - ]] && ! grep -qiE -- "$verify_re" "$dir/verify.txt"; then
    soft_fail "$name: cache verify does not name the problem (/$verify_re/)"
    sed -n 1,5p "$dir/verify.txt" >&2
  fi
  sanitizer_report "$dir/verify.txt" && soft_fail "$name: sanitizer report in verify"
  if [[ -n "${says:-}" ]] && ! grep -q 'problem:' "$dir/verify.txt"; then
    soft_fail "$name: cache verify prints no 'problem:' line"
  fi

  # Each header twice: cold (no output yet), then again with its output in place. A cold run
  # may leave its record pending without opening the database (cache/pending.hpp), so it may
  # say nothing; the second run opens it, and must warn.
  local h pass
  for h in s0 big; do
    for pass in cold warm; do
      set +e
      "${runner[@]}" "$cowrap_bin" generate -o "$dir/out/$h.c" --cache "$db" "src/$h.h" \
        >"$dir/stdout" 2>"$dir/stderr.$h"
      status=$?
      set -e
      if ((status != 0)); then
        soft_fail "$name: generate ($h, $pass) exited with $status"
        sed -n 1,5p "$dir/stderr.$h" >&2
        continue
      fi
      cmp -s "$dir/out/$h.c" "ref/$h.c" || soft_fail "$name: wrong output for $h ($pass)"
      local warnings lines
      warnings=$(grep -ci 'warning' "$dir/stderr.$h" || true)
      lines=$(grep -c . "$dir/stderr.$h" || true)
      if [[ "$want_warnings" == "0-1" ]]; then
        ((warnings <= 1 && lines == warnings)) || soft_fail "$name ($h, $pass): $lines lines on stderr"
      elif [[ $pass == cold ]] && ((warnings == 0 && lines == 0)); then
        :  # deferred
      elif ((warnings != want_warnings || lines != warnings)); then
        soft_fail "$name ($h, $pass): $warnings warnings in $lines lines on stderr, expected $want_warnings"
        sed -n 1,5p "$dir/stderr.$h" >&2
      fi
      if [[ -n "${says:-}" ]] && { [[ $lines != 1 ]] ||
        ! grep -q "^cowrap: warning: not using the cache '.*'.*$says" "$dir/stderr.$h"; }; then
        soft_fail "$name ($h, $pass): want one warning saying '$says', got: $(cat "$dir/stderr.$h")"
      fi
      sanitizer_report "$dir/stderr.$h" && soft_fail "$name: sanitizer report in generate"
    done
  done
  if [[ -n "${keep:-}" && "$(cksum <"$db")" != "$before" ]]; then
    soft_fail "$name: cowrap changed a database that is not its own"
  fi
  local msg
  msg=$(grep -hi -m1 'warning' "$dir/stderr.s0" 2>/dev/null || true)
  printf '  %-22s verify: %s\n  %-22s generate: %s\n' "$name" \
    "$(grep -m1 -i 'problem\|error' "$dir/verify.txt" | cut -c1-110)" "" "${msg:0:110}"
}

new_case() {  # new_case NAME: an empty folder for it, with an output folder
  mkdir -p "$work/$1/out"
  echo "$work/$1/cache.db"
}

cowrap_bin=$COWRAP
echo "damaged caches:"

db=$(new_case truncated)
make_cache "$db"
truncate -s $(($(stat -c %s "$db") / 2)) "$db"
says=truncated damaged truncated 'integrity|malformed|corrupt|not a database|cannot read'

db=$(new_case zero-length)
: >"$db"
# SQLite reads an empty file as an empty database: cowrap may adopt it (no warning) or not,
# and verify may call it empty (exit 0) or not a cowrap cache (exit 1).
damaged zero-length 'not a cowrap cache|empty' 0-1

db=$(new_case random-bytes)
head -c 65536 /dev/urandom >"$db"
keep=1 says='not a database' damaged random-bytes 'not a database|corrupt|malformed|cannot read'

db=$(new_case random-after-header)
{ printf 'SQLite format 3\0'; head -c 65520 /dev/urandom; } >"$db"
keep=1 damaged random-after-header 'not a database|corrupt|malformed|cannot read|integrity'

db=$(new_case foreign-sqlite)
sql "$db" 'CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ("ann"), ("bob");'
keep=1 damaged foreign-sqlite 'not a cowrap cache|foreign|unknown'

db=$(new_case foreign-with-same-tables)
sql "$db" 'CREATE TABLE headers(x); CREATE TABLE declarations(y); CREATE TABLE outputs(z); CREATE TABLE runs(w);'
keep=1 damaged foreign-with-same-tables 'not a cowrap cache|foreign|unknown|schema'

db=$(new_case newer-schema)
make_cache "$db"
sql "$db" 'PRAGMA user_version = 999;'
keep=1 says='schema version 999 is newer' damaged newer-schema 'schema version 999 is newer'

db=$(new_case missing-table)
make_cache "$db"
sql "$db" "DROP TABLE outputs;"
damaged missing-table "no such table|missing|outputs"

db=$(new_case corrupt-page)
make_cache "$db"
# Overwrite a page in the middle (not the header) with garbage.
size=$(stat -c %s "$db")
dd if=/dev/urandom of="$db" bs=1024 seek=$((size / 2048)) count=2 conv=notrunc status=none
# A page the run never reads may go unnoticed by generate (SQLite checks pages as it reads
# them); the output must be right either way, and verify must see it.
damaged corrupt-page 'integrity|malformed|corrupt|cannot read' 0-1

db=$(new_case cache-is-a-directory)
mkdir -p "$db"
damaged cache-is-a-directory 'directory|no cache database|cannot' 1

if ((${#as_nobody[@]})) || [[ $(id -u) != 0 ]]; then
  cowrap_bin=$cowrap_for_nobody
  chmod 755 "$work" "$work/src" "$work/ref"
  chmod 644 src/* ref/*

  db=$(new_case read-only-file)
  make_cache "$db"
  chmod 777 "$work/read-only-file" "$work/read-only-file/out"
  chmod 444 "$db"
  keep=1 says=read-only damaged read-only-file 'read-only|readonly' 1 "${as_nobody[@]}"

  db=$(new_case read-only-folder)
  make_cache "$db"
  chmod 666 "$db"
  chmod 777 "$work/read-only-folder/out"
  chmod 555 "$work/read-only-folder"
  keep=1 says='not writable' damaged read-only-folder 'read-only|readonly' 1 "${as_nobody[@]}"
  chmod 755 "$work/read-only-folder"
  cowrap_bin=$COWRAP
else
  echo "note: not root and no setpriv: the read-only cases are skipped"
fi

# Busy past the timeout: another process holds the write lock for longer than cowrap waits.
if [[ "${COWRAP_SKIP_BUSY:-0}" != 1 ]] && command -v python3 >/dev/null; then
  cases=$((cases + 1))
  db=$(new_case busy)
  make_cache "$db"
  # A cold run of the output leaves its record pending: the next run of it opens the database
  # (its output is there) and must store that record before its lookups, so opening it writes.
  "$COWRAP" generate -o "$work/busy/out/s0.c" --cache "$db" src/s0.h
  python3 - "$db" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[1] + ".held", "w").close()
time.sleep(40)
EOF
  holder=$!
  for _ in $(seq 100); do [[ -e "$db.held" ]] && break; sleep 0.1; done
  t0=$(now_us)
  set +e
  "$COWRAP" generate -o "$work/busy/out/s0.c" --cache "$db" src/s0.h 2>"$work/busy/stderr"
  status=$?
  set -e
  t1=$(now_us)
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  ((status == 0)) || soft_fail "busy: exit status $status"
  cmp -s "$work/busy/out/s0.c" ref/s0.c || soft_fail "busy: wrong output"
  n=$(grep -ci warning "$work/busy/stderr" || true)
  ((n == 1)) || soft_fail "busy: $n warnings, expected 1"
  printf '  %-22s generate after %d ms: %s\n' busy $(((t1 - t0) / 1000)) "$(head -c 110 "$work/busy/stderr")"
fi

# A full disk under the cache: a small tmpfs when we may mount one, and `ulimit -f` always
# (with SIGXFSZ ignored, so writes fail with EFBIG like they would with ENOSPC).
mkdir -p "$work/small"
if mount -t tmpfs -o size=1m tmpfs "$work/small" 2>/dev/null; then
  cases=$((cases + 1))
  mkdir -p "$work/small/cache" "$work/disk-full/out"
  db=$work/small/cache/cache.db
  make_cache "$db"
  # Fill the disk to the last block.
  dd if=/dev/zero of="$work/small/filler" bs=4k status=none 2>/dev/null || true
  set +e
  "$COWRAP" generate -o "$work/disk-full/out/big.c" --cache "$db" src/big.h 2>"$work/disk-full/stderr"
  status=$?
  set -e
  ((status == 0)) || soft_fail "disk full (tmpfs): exit status $status"
  cmp -s "$work/disk-full/out/big.c" ref/big.c || soft_fail "disk full (tmpfs): wrong output"
  n=$(grep -ci warning "$work/disk-full/stderr" || true)
  ((n == 1)) || soft_fail "disk full (tmpfs): $n warnings, expected 1: $(head -c 300 "$work/disk-full/stderr")"
  printf '  %-22s generate: %s\n' "disk full (tmpfs)" "$(head -c 110 "$work/disk-full/stderr")"
  set +e
  "$COWRAP" cache verify --cache "$db" >"$work/disk-full/verify.txt" 2>&1
  status=$?
  set -e
  ((status <= 1)) || soft_fail "disk full (tmpfs): cache verify exited with $status"
  printf '  %-22s verify: %s\n' "" "$(tail -1 "$work/disk-full/verify.txt" | cut -c1-110)"

  # And the output on the full disk: a clear error, the old output intact, no temporary.
  cases=$((cases + 1))
  rm -f "$work/small/filler"
  mkdir -p "$work/small/out"
  printf 'old output, must survive\n' >"$work/small/out/big.c"
  dd if=/dev/zero of="$work/small/filler" bs=4k status=none 2>/dev/null || true
  set +e
  "$COWRAP" generate -o "$work/small/out/big.c" --no-cache src/big.h 2>"$work/disk-full/stderr2"
  status=$?
  set -e
  ((status == 1)) || soft_fail "output on a full disk: exit status $status, expected 1"
  grep -q 'must survive' "$work/small/out/big.c" || soft_fail "output on a full disk: old output lost"
  [[ -z "$(find "$work/small/out" -name '.*.tmp.*')" ]] || soft_fail "output on a full disk: temporary left"
  printf '  %-22s %s\n' "output on a full disk" "$(head -1 "$work/disk-full/stderr2" | cut -c1-110)"
  umount "$work/small"
else
  echo "note: cannot mount a tmpfs here; the disk-full case uses ulimit -f only"
fi

# A file size limit too small for the cache's first page, with the one-wrapper output under it.
# The output is in place, so that the run creates the database (a cold run would leave a small
# pending record instead).
cases=$((cases + 1))
mkdir -p "$work/file-limit/out"
printf 'int co_wrapper bdrv_one(BlockDriverState *bs);\n' >src/one.h
"$COWRAP" generate --no-cache -o ref/one.c src/one.h
cp ref/one.c "$work/file-limit/out/one.c"
set +e
(
  trap '' XFSZ
  ulimit -f 4
  exec "$COWRAP" generate -o "$work/file-limit/out/one.c" --cache "$work/file-limit/cache.db" src/one.h
) 2>"$work/file-limit/stderr"
status=$?
set -e
((status == 0)) || soft_fail "file size limit: exit status $status"
cmp -s "$work/file-limit/out/one.c" ref/one.c || soft_fail "file size limit: wrong output"
n=$(grep -ci warning "$work/file-limit/stderr" || true)
((n == 1)) || soft_fail "file size limit: $n warnings, expected 1: $(head -c 300 "$work/file-limit/stderr")"
printf '  %-22s generate: %s\n' "file size limit" "$(head -c 110 "$work/file-limit/stderr")"

echo "damaged-cache: $cases cases, $failures failures"
((failures == 0))
