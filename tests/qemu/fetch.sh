#!/usr/bin/env bash
# Obtains QEMU's source from Debian's source packages (tests/qemu/README.md).
#
#   fetch.sh apt                 make sure the deb-src and backports apt entries exist
#   fetch.sh VERSION             ... and the orig tarball is in the cache
#   fetch.sh VERSION DEST        ... and extract a fresh tree into DEST (replaced)
#
# VERSION is 10.0.2 (bookworm-backports), 7.2 (bookworm) or 5.2 (bullseye).  Tarballs are
# cached in ${COWRAP_QEMU_CACHE:-/var/cache/cowrap-qemu} and downloaded only
# when missing.  Idempotent; safe to run concurrently (flock).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
QLOG_TAG=fetch

# Adds the apt entries that are missing: deb-src for bookworm, bookworm-backports
# and bullseye (QEMU 5.2), deb for bookworm-backports (meson, python3-pycotap).
ensure_apt_entries() {
  local have site keyring="" want=() stanza="" added=0
  have=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(SITE) $(RELEASE)' | sort -u)
  # The machine's Debian mirror: the site that serves "deb ... bookworm".
  site=$(awk -v s="$DEBIAN_SUITE" '$1 == "deb" && $3 == s { print $2; exit }' <<<"$have")
  [[ -n "$site" ]] || qdie "no 'deb ... $DEBIAN_SUITE' apt entry found to take the mirror from"
  keyring=$(signed_by_of "$site")
  local need_src=() need_bin=() suite
  for suite in "$DEBIAN_SUITE" "$DEBIAN_SUITE-backports" "$DEBIAN_OLD_SUITE"; do
    grep -qxF "deb-src $site $suite" <<<"$have" || need_src+=("$suite")
  done
  grep -qxF "deb $site $DEBIAN_SUITE-backports" <<<"$have" || need_bin+=("$DEBIAN_SUITE-backports")
  local file=/etc/apt/sources.list.d/cowrap-qemu.sources
  if ((${#need_src[@]})); then
    stanza+="Types: deb-src"$'\n'"URIs: $site"$'\n'"Suites: ${need_src[*]}"$'\n'"Components: main"$'\n'
    [[ -n "$keyring" ]] && stanza+="Signed-By: $keyring"$'\n'
    added=1
  fi
  if ((${#need_bin[@]})); then
    [[ -n "$stanza" ]] && stanza+=$'\n'
    stanza+="Types: deb"$'\n'"URIs: $site"$'\n'"Suites: ${need_bin[*]}"$'\n'"Components: main"$'\n'
    [[ -n "$keyring" ]] && stanza+="Signed-By: $keyring"$'\n'
    added=1
  fi
  if ((added)); then
    [[ -e "$file" ]] && stanza=$(cat "$file")$'\n\n'"$stanza"
    qlog "adding apt entries to $file: deb-src ${need_src[*]:-}; deb ${need_bin[*]:-}"
    printf '%s' "$stanza" | as_root tee "$file" >/dev/null
    qlog "apt-get update"
    as_root apt-get update -q >/dev/null
  else
    qlog "apt entries present (deb-src $DEBIAN_SUITE $DEBIAN_SUITE-backports $DEBIAN_OLD_SUITE, deb $DEBIAN_SUITE-backports)"
    # Entries present but never downloaded (fresh machine): update once.
    local versions
    versions=$(apt-cache showsrc qemu 2>/dev/null | grep '^Version:' || true)
    if [[ "$versions" != *~bpo* || "$versions" != *5.2+dfsg* ]]; then
      qlog "source index missing: apt-get update"
      as_root apt-get update -q >/dev/null
    fi
  fi
}

# The Signed-By keyring of the existing entry for SITE (deb822 or one-line form).
signed_by_of() {
  local site=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e "$f" ]] || continue
    python3 - "$f" "$site" <<'EOF' && return
import sys
path, site = sys.argv[1], sys.argv[2].rstrip("/")
for stanza in open(path).read().split("\n\n"):
    fields = {}
    for line in stanza.splitlines():
        if ":" in line and not line.startswith((" ", "#")):
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.strip()
    uris = [u.rstrip("/") for u in fields.get("uris", "").split()]
    if site in uris and "signed-by" in fields and "\n" not in fields["signed-by"]:
        print(fields["signed-by"]); sys.exit(0)
sys.exit(1)
EOF
  done
  local line
  line=$(grep -hsE "^deb .*signed-by=[^] ]+.*${site%/}/? " /etc/apt/sources.list /etc/apt/sources.list.d/*.list | head -1 || true)
  if [[ "$line" =~ signed-by=([^]\ ]+) ]]; then echo "${BASH_REMATCH[1]}"; return; fi
  [[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] && echo /usr/share/keyrings/debian-archive-keyring.gpg
  return 0
}

# Downloads the orig tarball of VERSION into the cache when missing; prints its path.
ensure_tarball() {
  local version=$1 suite tarball
  case $version in
    10.0.2) suite=$DEBIAN_SUITE-backports; tarball=qemu_10.0.2+ds.orig.tar.xz ;;
    7.2)    suite=$DEBIAN_SUITE;           tarball=qemu_7.2+dfsg.orig.tar.xz ;;
    5.2)    suite=$DEBIAN_OLD_SUITE;       tarball=qemu_5.2+dfsg.orig.tar.xz ;;
    *) qdie "unknown QEMU version '$version' (10.0.2, 7.2 or 5.2)" ;;
  esac
  local path=$COWRAP_QEMU_CACHE/$tarball
  if [[ -s "$path" ]]; then
    qlog "cached: $path" >&2
  else
    ensure_apt_entries >&2
    local tmp
    tmp=$(mktemp -d "$COWRAP_QEMU_CACHE/dl.XXXXXX")
    chmod 755 "$tmp"
    qlog "apt-get source --download-only qemu/$suite (in $tmp)" >&2
    # apt may fail on the .dsc or the Debian tarball; only the orig tarball counts.
    (cd "$tmp" && apt-get source -q --download-only "qemu/$suite") >"$tmp/apt.log" 2>&1 || true
    if [[ ! -s "$tmp/$tarball" ]]; then
      cat "$tmp/apt.log" >&2
      rm -rf "$tmp"
      qdie "apt-get source did not produce $tarball"
    fi
    mv "$tmp/$tarball" "$path"
    rm -rf "$tmp"
    qlog "downloaded: $path ($(du -h "$path" | cut -f1))" >&2
  fi
  echo "$path"
}

extract_tree() {
  local tarball=$1 dest=$2
  qlog "extracting $(basename "$tarball") into $dest"
  rm -rf "$dest"
  mkdir -p "$dest"
  tar --no-same-owner -xJf "$tarball" -C "$dest" --strip-components=1
}

main() {
  [[ $# -ge 1 ]] || qdie "usage: fetch.sh apt | VERSION [DEST]"
  as_root mkdir -p "$COWRAP_QEMU_CACHE"
  exec 9>"$COWRAP_QEMU_CACHE/.lock"
  flock 9
  if [[ $1 == apt ]]; then ensure_apt_entries; return; fi
  local tarball
  tarball=$(ensure_tarball "$1")
  flock -u 9
  if [[ $# -ge 2 ]]; then extract_tree "$tarball" "$2"; fi
}

main "$@"
