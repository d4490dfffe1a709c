#!/usr/bin/env bash
# What a distribution ships: the man page renders with `man -l` and lists every option of
# `cowrap --help-all`; the bash completion, sourced in bash, completes the subcommands and
# offers every option --help-all lists; an install (CMake or Meson, whichever built $COWRAP)
# puts the binary, man page, completion, licence, docs and the CMake package in the prefix.
# COWRAP_MAN names the built man page, COWRAP_BUILD_ROOT the build folder.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
: "${COWRAP_SOURCE_DIR:?}" "${COWRAP_MAN:?}" "${COWRAP_BUILD_ROOT:?}"
make_work_folder dist

help=$("$COWRAP" --help-all)
# Every option name --help-all prints (-o, --output, ...), and the subcommand names.
options=$(awk '/^ +-/{print $1}' <<<"$help" | tr ',' '\n' | sort -u)
subcommands=$(grep -E '^[a-z]+$' <<<"$help")
cache_subcommands=$(sed -n '/^cache$/,/^$/p' <<<"$help" | awk '/^    [a-z]+ /{print $1}')
[[ -n $options && $subcommands == *generate* && $subcommands == *cache* ]] ||
    fail "cannot read the options and subcommands from --help-all"

echo "== man -l renders the page"
page=$(MANWIDTH=100 man -l "$COWRAP_MAN" 2>"$WORK/man.err" | col -b)
[[ ! -s $WORK/man.err ]] || fail "man -l warned: $(cat "$WORK/man.err")"
for section in NAME SYNOPSIS DESCRIPTION "CACHE COMMANDS" "EXIT STATUS" ENVIRONMENT EXAMPLES; do
    grep -q "^$section" <<<"$page" || fail "the man page has no $section section"
done
for opt in $options; do
    grep -qe "$opt" <<<"$page" || fail "the man page does not list $opt"
done
grep -q "cowrap cache why" <<<"$page" || fail "the man page does not show the cache commands"

echo "== the bash completion"
complete_line() {  # complete_line WORD... : what completing the last word offers
    bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _cowrap cowrap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$COWRAP_SOURCE_DIR/dist/cowrap.bash" "$@"
}
offered=$(complete_line cowrap "")
for s in $subcommands; do
    grep -qx "$s" <<<"$offered" || fail "completing 'cowrap ' does not offer $s: $offered"
done
[[ $(complete_line cowrap ge) == generate ]] || fail "'cowrap ge' does not complete to generate"
[[ $(complete_line cowrap cache wh) == why ]] || fail "'cowrap cache wh' does not complete to why"
# Every option --help-all lists is offered after some subcommand.
all=""
for s in $subcommands; do
    all+=$(complete_line cowrap "$s" -)$'\n'
done
[[ -n $cache_subcommands ]] || fail "no cache subcommands in --help-all"
for c in $cache_subcommands; do
    [[ $(complete_line cowrap cache "${c:0:2}") == *$c* ]] || fail "'cowrap cache ${c:0:2}' does not offer $c"
    all+=$(complete_line cowrap cache "$c" -)$'\n'
done
all+=$(complete_line cowrap -)
for opt in $options; do
    grep -qx -e "$opt" <<<"$all" || fail "the completion never offers $opt"
done
echo "   | ok: $(wc -w <<<"$subcommands") subcommands, $(wc -w <<<"$options") options"

echo "== install"
prefix=$WORK/prefix
if [[ -f $COWRAP_BUILD_ROOT/CMakeCache.txt ]]; then
    cmake --install "$COWRAP_BUILD_ROOT" --prefix "$prefix" >"$WORK/install.log"
else
    meson install -C "$COWRAP_BUILD_ROOT" --no-rebuild --destdir "$prefix" >"$WORK/install.log"
    # `meson devenv` puts the build's cowrap on PATH.
    in_devenv=$(cd "$WORK" && meson devenv -C "$COWRAP_BUILD_ROOT" bash -c 'command -v cowrap')
    [[ $(realpath "$in_devenv") == "$(realpath "$COWRAP")" ]] ||
        fail "meson devenv gives cowrap '$in_devenv', not $COWRAP"
fi
find "$prefix" -type f -o -type l | sed "s|^$prefix/||" | sort >"$WORK/files"
for f in bin/cowrap share/man/man1/cowrap.1 share/bash-completion/completions/cowrap \
    share/doc/cowrap/LICENSE share/doc/cowrap/README.md share/doc/cowrap/docs/cache.md \
    cmake/cowrap/cowrapConfig.cmake cmake/cowrap/cowrapConfigVersion.cmake \
    cmake/cowrap/cowrapTargets.cmake cmake/cowrap/cowrap-functions.cmake; do
    grep -q -- "$f\$" "$WORK/files" || fail "not installed: $f (installed: $(cat "$WORK/files"))"
done
config=$(dirname "$(grep 'cmake/cowrap/cowrapConfig.cmake$' "$WORK/files")")
bin=$(grep 'bin/cowrap$' "$WORK/files")
mkdir "$WORK/consumer"
cat >"$WORK/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(consumer NONE)
find_package(cowrap CONFIG REQUIRED)
get_target_property(where cowrap::cowrap IMPORTED_LOCATION)
if(NOT where)  # CMake's own export: one location per configuration
  get_target_property(configs cowrap::cowrap IMPORTED_CONFIGURATIONS)
  list(GET configs 0 config)
  get_target_property(where cowrap::cowrap IMPORTED_LOCATION_${config})
endif()
message(STATUS "cowrap::cowrap is ${where}")
CMAKE
cmake -S "$WORK/consumer" -B "$WORK/consumer/build" -Dcowrap_DIR="$prefix/$config" \
    >"$WORK/consumer.log" 2>&1 || fail "find_package(cowrap) failed: $(cat "$WORK/consumer.log")"
found=$(sed -n 's/^-- cowrap::cowrap is //p' "$WORK/consumer.log")
[[ $(realpath "$found") == "$(realpath "$prefix/$bin")" ]] ||
    fail "cowrap::cowrap is '$found', not $prefix/$bin"
"$found" --version | grep -q '^cowrap ' || fail "the installed cowrap does not run"
echo "   | ok: $(wc -l <"$WORK/files") files; find_package(cowrap) gives $bin"
echo "dist: all checks passed"
