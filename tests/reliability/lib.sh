# The reliability tests' own helpers (sourced): marked headers of every kind, and a meter of
# the time spent waiting for the cache's lock. tests/lib.sh has the rest; $work is its $WORK.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
reliability_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
make_work_folder reliability
work=$WORK

# header SHARD VERSION COUNT: COUNT marked prototypes of every kind, named after SHARD so
# that no two shards share a wrapper. VERSION (A or B) changes some parameters, drops a few
# wrappers and adds others, as an edit of the header would.
header() {
  awk -v k="$1" -v v="$2" -v n="$3" 'BEGIN {
    printf "/* shard %s, version %s */\n#ifndef SHARD_%s_H\n#define SHARD_%s_H\n\n", k, v, k, k
    for (i = 0; i < n; i++) {
      if (v == "B" && i % 11 == 5) continue
      extra = (v == "B" && i % 7 == 3) ? ", int64_t added" : ""
      m = i % 7
      if (m == 0) printf "int coroutine_fn co_wrapper bdrv_s%sw%d(BlockDriverState *bs, int64_t offset%s);\n", k, i, extra
      else if (m == 1) printf "int co_wrapper_mixed\nbdrv_s%sw%d(BdrvChild *child,\n        QEMUIOVector *qiov%s);\n", k, i, extra
      else if (m == 2) printf "/* doc */\nint64_t co_wrapper_bdrv_rdlock bdrv_s%sw%d(BlockDriverState *bs%s);\n", k, i, extra
      else if (m == 3) printf "void co_wrapper_mixed_bdrv_rdlock blk_s%sw%d(BlockBackend *blk, void *buf%s);\n", k, i, extra
      else if (m == 4) printf "int no_co_wrapper bdrv_co_s%sn%d(BlockDriverState *bs, const char *name%s);\n", k, i, extra
      else if (m == 5) printf "BlockDriverState * no_co_wrapper_bdrv_rdlock bdrv_co_s%sn%d(BdrvChild *c%s);\n", k, i, extra
      else printf "void no_co_wrapper_bdrv_wrlock bdrv_co_s%sn%d(BlockDriverState *bs%s);\n", k, i, extra
    }
    if (v == "B") for (i = 0; i < 5; i++)
      printf "int co_wrapper bdrv_s%snew%d(BlockDriverState *bs);\n", k, i
    printf "\n#endif\n"
  }'
}

# build_busy_meter: compiles busy_meter.c into $work/busy_meter.so and sets $busy_meter_env
# (the environment that preloads it, for `env`). Empty when it cannot be built (no $CC or
# no sqlite3.h): the tests then report the whole run time instead of the wait.
busy_meter_env=()
build_busy_meter() {
  local cc=${CC:-cc}
  if "$cc" -shared -fPIC -O2 -o "$work/busy_meter.so" "$reliability_dir/busy_meter.c" -ldl \
    2>"$work/busy_meter.log"; then
    local asan_opts=${ASAN_OPTIONS:-}
    busy_meter_env=("LD_PRELOAD=$work/busy_meter.so"
      "ASAN_OPTIONS=${asan_opts:+$asan_opts:}verify_asan_link_order=0")
  else
    echo "note: cannot build the busy-wait meter ($(head -1 "$work/busy_meter.log"))"
  fi
}
