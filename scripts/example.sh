#!/usr/bin/env bash
# Sets up a fresh machine, builds cowrap, and runs it on the bundled example headers:
# one shard per header with a depfile and a cache, then shows what it generated.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B out/example -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build out/example --target cowrap
cowrap=out/example/cli/cowrap
gen=out/example/generated
mkdir -p "$gen"

for header in examples/include/block/*.h; do
  name=$(basename "$header" .h)
  "$cowrap" generate --cache "$gen/cowrap-cache.db" --depfile "$gen/$name-gen.c.d" \
    -o "$gen/$name-gen.c" "$header"
done

echo "== wrappers found =="
"$cowrap" list examples/include/block/*.h
for shard in "$gen"/*-gen.c; do
  echo
  echo "== $shard =="
  cat "$shard"
done

# The cache remembers what each run did; these commands read it.
export COWRAP_CACHE=$gen/cowrap-cache.db
first=$(ls examples/include/block/*.h | head -n 1)
first_shard=$gen/$(basename "$first" .h)-gen.c
wrapper=$("$cowrap" list --format json "$first" | python3 -c 'import json,sys; print(json.load(sys.stdin)["wrappers"][0]["wrapper"])')
echo
echo "== cowrap cache stats =="
"$cowrap" cache stats
echo
echo "== cowrap cache ls =="
"$cowrap" cache ls
echo
echo "== cowrap show $wrapper =="
"$cowrap" show "$wrapper"
echo
echo "== cowrap cache why $first_shard =="
"$cowrap" cache why "$first_shard"
