#!/usr/bin/env bash
# build-kernel.sh: build (or find in the cache) the oracle's own kernel for one variant.
#
#   build-kernel.sh [--print] VARIANT
#
# VARIANT is a patch under patches/ (v4.13, v8-posting, legacy-flags, no-check, v5.9-errseq,
# v2-workqueue, v5.10-keep-uptodate) or the unpatched kernel: stock, also named v4.17 (the stock
# 6.1 semantics of fsync). v5.10-keep-uptodate is 6.1's ext4 but for one later change: its
# errors=remount-ro sets SB_RDONLY again, as ext4 did from v5.9 to v6.11 (the patch says why). The source is Debian's linux-source-6.1 package
# (/usr/src/linux-source-6.1.tar.xz, installed by install-deps.sh), the configuration `make
# tinyconfig` plus config/wberr.config (everything built in, no modules).
#
# Cache: ${WBERR_KERNELS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wberr/kernels} (outside the
# repository: `mvn clean` does not delete it):
#   src/linux-SRCVER/                the extracted source (SRCVER: the package version)
#   obj/SRCVER-CFGKEY/               the one shared build tree (make O=...); CFGKEY hashes the
#                                    config fragment, the package version and gcc's version
#   obj/SRCVER-CFGKEY-VARIANT/       own trees (hard-linked source copy + own O=) for patches that
#                                    touch a header under include/ (v2-workqueue): reverting such a
#                                    patch in the shared tree would make the next build recompile
#                                    nearly everything
#   images/SRCVER-CFGKEY/VARIANT-PATCHKEY/vmlinux   the result (PATCHKEY hashes the patch; the
#                                    stock kernel's is "none"), with its .config, System.map and
#                                    the tail of its build log
# One full build, then per variant: apply its patch in the shared tree, make (only the touched
# files recompile), copy vmlinux out under its key, revert the patch. A run killed while a patch
# is applied leaves a record (.wberr-applied) and the next run reverts it first. Builds are
# serialised with flock on the cache; make runs under `nice -n ${WBERR_BUILD_NICE:-10}` with
# -j${WBERR_BUILD_JOBS:-nproc}.
#
# Prints progress on stderr and, last, the vmlinux path on stdout (--print: only look it up,
# exit 1 if not built). Exit codes: 0 ready; 1 (--print) not built; 2 usage; 3 environment or
# build failure (the compiler's error, the tail of the build log, is printed); 130/143 signal.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kcache="${WBERR_KERNELS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wberr/kernels}"
tarball="${WBERR_KERNEL_SOURCE:-/usr/src/linux-source-6.1.tar.xz}"
fragment="$here/config/wberr.config"

usage() { echo "usage: build-kernel.sh [--print] stock|v4.17|v5.10-keep-uptodate|v4.13|v8-posting|legacy-flags|no-check|v5.9-errseq|v2-workqueue" >&2; exit 2; }
log() { echo "build-kernel: $*" >&2; }
fail() { echo "build-kernel: ERROR: $*" >&2; exit 3; }

print_only=0; variant=""
for arg in "$@"; do
  case "$arg" in
    --print) print_only=1 ;;
    -h|--help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) [ -z "$variant" ] || usage; variant="$arg" ;;
  esac
done
[ -n "$variant" ] || usage
case "$variant" in
  stock|v4.17) name=stock; patchfile="" ;;
  *)
    [[ "$variant" =~ ^[A-Za-z0-9._-]+$ ]] && [ -f "$here/patches/$variant.patch" ] \
      || { echo "build-kernel: unknown variant '$variant' (patches: $(cd "$here/patches" && ls *.patch | sed 's/\.patch$//' | tr '\n' ' '))" >&2; exit 2; }
    name="$variant"; patchfile="$here/patches/$variant.patch" ;;
esac

for c in make gcc flex bison bc patch tar xz flock setsid sha256sum nice; do
  command -v "$c" >/dev/null || fail "'$c' missing; run $here/install-deps.sh"
done
[ -f /usr/include/gelf.h ] || fail "libelf headers missing (package libelf-dev); run $here/install-deps.sh"
[ -f "$tarball" ] || fail "$tarball missing (package linux-source-6.1); run $here/install-deps.sh"
[ -f "$fragment" ] || fail "$fragment missing"

srcver="$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)"
[ -n "$srcver" ] || srcver="$(sha256sum "$tarball" | cut -c1-12)"
sha() { sha256sum "$@" | cut -d' ' -f1; }
cfgkey="$(printf '%s\n' "$(sha "$fragment")" "$srcver" "$(gcc --version | head -1)" | sha256sum | cut -c1-12)"
patchkey=none
[ -z "$patchfile" ] || patchkey="$(sha "$patchfile" | cut -c1-12)"
imgdir="$kcache/images/$srcver-$cfgkey/$name-$patchkey"

if [ -s "$imgdir/vmlinux" ]; then
  log "$name: cached ($imgdir)"
  echo "$imgdir/vmlinux"; exit 0
fi
[ "$print_only" -eq 0 ] || exit 1

mkdir -p "$kcache"
kcache="$(cd "$kcache" && pwd)"
imgdir="$kcache/images/$srcver-$cfgkey/$name-$patchkey"
exec 7> "$kcache/.lock"
if ! flock -n 7; then
  log "another kernel build holds $kcache/.lock; waiting"
  flock 7
fi
if [ -s "$imgdir/vmlinux" ]; then   # built by the run we waited for
  log "$name: cached ($imgdir)"; echo "$imgdir/vmlinux"; exit 0
fi

# Does the patch touch a header under include/? Then it gets its own tree (see above).
own_tree=0
if [ -n "$patchfile" ] && grep -qE '^\+\+\+ b/include/' "$patchfile"; then own_tree=1; fi

src="$kcache/src/linux-$srcver"
obj="$kcache/obj/$srcver-$cfgkey"
if [ "$own_tree" -eq 1 ]; then obj="$kcache/obj/$srcver-$cfgkey-$name"; fi

mpid=""; applied_in=""
revert() {   # revert the recorded patch in tree $1 (source dir), if any
  local tree="$1" rec="$2"
  [ -f "$rec" ] || return 0
  log "reverting $(head -1 "$rec.name" 2>/dev/null || echo 'a patch') in $tree"
  if (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch --dry-run < "$rec" >/dev/null 2>&1); then
    (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch < "$rec") || fail "cannot revert the patch recorded in $rec"
  else
    fail "the patch recorded in $rec does not revert cleanly in $tree; delete $tree to start over"
  fi
  rm -f "$rec" "$rec.name"
}
on_exit() {
  local rc=$?
  if [ -n "$mpid" ]; then kill -TERM -- "-$mpid" 2>/dev/null || true; wait "$mpid" 2>/dev/null || true; mpid=""; fi
  if [ -n "$applied_in" ]; then local t="$applied_in"; applied_in=""; revert "$t" "$obj/.wberr-applied" || true; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
trap 'exit 129' HUP

# 1. The source, extracted once.
if [ ! -f "$src/.wberr-extracted" ]; then
  log "extracting $tarball ($srcver) into $src"
  rm -rf "$src" "$src.tmp"; mkdir -p "$src.tmp"
  tar -xf "$tarball" -C "$src.tmp" || fail "tar -xf $tarball failed"
  top="$(ls "$src.tmp")"
  [ "$(echo "$top" | wc -l)" -eq 1 ] && [ -f "$src.tmp/$top/Makefile" ] || fail "unexpected layout in $tarball"
  mv "$src.tmp/$top" "$src"; rmdir "$src.tmp"
  echo "$srcver" > "$src/.wberr-extracted"
fi
tree="$src"
if [ "$own_tree" -eq 1 ]; then
  tree="$obj/src"
  mkdir -p "$obj"
  if [ ! -f "$obj/.wberr-own-tree" ]; then
    log "$name touches include/: its own tree, a hard-linked copy of the source ($tree)"
    rm -rf "$tree"; cp -al "$src" "$tree" || fail "cp -al $src $tree failed"
    touch "$obj/.wberr-own-tree"
  fi
fi
revert "$tree" "$obj/.wberr-applied"   # left applied by a killed run

# 2. The configuration of this tree.
mkdir -p "$obj"
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.wberr-config-key" 2>/dev/null)" != "$cfgkey" ]; then
  log "configuring $obj: tinyconfig + $(basename "$fragment")"
  rm -f "$obj/.wberr-config-key"
  { make -C "$tree" O="$obj" tinyconfig &&
    "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" &&
    make -C "$tree" O="$obj" olddefconfig; } > "$obj/config.log" 2>&1 \
    || { tail -20 "$obj/config.log" >&2; fail "configuring the kernel failed (log: $obj/config.log)"; }
  missing=""
  for o in $(grep -oE '^CONFIG_[A-Za-z0-9_]+=y' "$fragment" | cut -d= -f1); do
    grep -qx "$o=y" "$obj/.config" || missing="$missing $o"
  done
  for o in $(grep -oE '^# CONFIG_[A-Za-z0-9_]+ is not set' "$fragment" | cut -d' ' -f2); do
    grep -qx "$o=y" "$obj/.config" && missing="$missing $o(should be off)"
  done
  [ -z "$missing" ] || fail "options of $(basename "$fragment") did not survive olddefconfig:$missing"
  echo "$cfgkey" > "$obj/.wberr-config-key"
fi

# 3. Apply, make, copy out, revert.
if [ -n "$patchfile" ]; then
  (cd "$tree" && patch -p1 -s -N --dry-run --no-backup-if-mismatch < "$patchfile" > "$obj/patch.log" 2>&1) \
    || { cat "$obj/patch.log" >&2; fail "patches/$name.patch does not apply to $srcver"; }
  cp "$patchfile" "$obj/.wberr-applied"; echo "$name" > "$obj/.wberr-applied.name"
  applied_in="$tree"
  (cd "$tree" && patch -p1 -s -N --no-backup-if-mismatch < "$patchfile") || fail "applying patches/$name.patch failed"
fi
jobs="${WBERR_BUILD_JOBS:-$(nproc)}"
blog="$obj/build-$name.log"
log "building $name ($srcver, config $cfgkey, patch $patchkey) in $obj: nice -n ${WBERR_BUILD_NICE:-10} make -j$jobs vmlinux (log: $blog)"
t0=$SECONDS
setsid nice -n "${WBERR_BUILD_NICE:-10}" make -C "$tree" O="$obj" -j"$jobs" vmlinux > "$blog" 2>&1 &
mpid=$!
rc=0; wait "$mpid" || rc=$?
mpid=""
if [ "$rc" -ne 0 ]; then
  echo "build-kernel: make failed for $name (exit $rc); the errors, then the end of $blog:" >&2
  grep -E '(error|Error|ERROR)[: ]' "$blog" | head -20 >&2 || true
  echo "----" >&2
  tail -25 "$blog" >&2
  fail "building $name failed"
fi
[ -s "$obj/vmlinux" ] || fail "make succeeded but $obj/vmlinux is missing"
LC_ALL=C grep -qaP '\x04\x00\x00\x00[\x04\x08]\x00\x00\x00\x12\x00\x00\x00Xen\x00' "$obj/vmlinux" \
  || fail "$obj/vmlinux has no PVH entry note (CONFIG_PVH)"
mkdir -p "$imgdir.tmp"
cp "$obj/vmlinux" "$imgdir.tmp/vmlinux"
cp "$obj/.config" "$imgdir.tmp/config"
cp "$obj/System.map" "$imgdir.tmp/System.map" 2>/dev/null || true
tail -50 "$blog" > "$imgdir.tmp/build.log.tail"
[ -z "$patchfile" ] || cp "$patchfile" "$imgdir.tmp/variant.patch"
printf 'VARIANT=%s\nSOURCE_VERSION=%s\nCONFIG_KEY=%s\nPATCH_KEY=%s\nRELEASE=%s\nBUILD_SECONDS=%s\n' \
  "$name" "$srcver" "$cfgkey" "$patchkey" "$(cat "$obj/include/config/kernel.release" 2>/dev/null || echo unknown)" \
  "$((SECONDS - t0))" > "$imgdir.tmp/kernel.env"
rm -rf "$imgdir"; mv "$imgdir.tmp" "$imgdir"
log "$name built in $((SECONDS - t0)) s: $imgdir/vmlinux"
if [ -n "$applied_in" ]; then applied_in=""; revert "$tree" "$obj/.wberr-applied"; fi
echo "$imgdir/vmlinux"
