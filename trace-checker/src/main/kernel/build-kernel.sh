#!/usr/bin/env bash
# build-kernel.sh: build (or find in the cache) the oracle's own kernel for one variant.
#
#   build-kernel.sh [--print] VARIANT
#   build-kernel.sh --register-patch BASE FILE
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
# A user's patch (wberr kernel --patch FILE --base BASE): --register-patch copies FILE into the cache
# as user/KEY.patch (KEY hashes BASE and FILE) and prints the kernel's name, user-KEY; building
# user-KEY applies BASE's patch (none for stock) and then FILE in the shared tree, like a variant.
# Patches apply without fuzz (-F0: every context line must match; an offset is fine), so that a
# patch made against another tree fails rather than lands in the wrong place. A patch that does not
# apply fails with patch's output, which names the failing hunks (exit 3).
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

print_only=0; variant=""; register=()
while [ $# -gt 0 ]; do
  case "$1" in
    --print) print_only=1; shift ;;
    --register-patch) [ $# -ge 3 ] || usage; register=("$2" "$3"); shift 3 ;;
    -h|--help) sed -n '2,38p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) [ -z "$variant" ] || usage; variant="$1"; shift ;;
  esac
done
known_variant() {   # $1: a variant name: stock, v4.17 or a patch under patches/
  [ "$1" = stock ] || [ "$1" = v4.17 ] || { [[ "$1" =~ ^[A-Za-z0-9._-]+$ ]] && [ -f "$here/patches/$1.patch" ]; }
}
variants_list() { echo "stock v4.17 $(cd "$here/patches" && ls *.patch | sed 's/\.patch$//' | tr '\n' ' ')"; }
if [ ${#register[@]} -eq 2 ]; then
  [ -z "$variant" ] || usage
  base="${register[0]}"; file="${register[1]}"
  known_variant "$base" || { echo "build-kernel: unknown base variant '$base' (variants: $(variants_list))" >&2; exit 2; }
  [ -f "$file" ] && [ -r "$file" ] || { echo "build-kernel: $file: no such readable file" >&2; exit 2; }
  grep -qE '^\+\+\+ ' "$file" || { echo "build-kernel: $file: not a patch (no '+++ ' line of a unified diff)" >&2; exit 2; }
  [ "$base" = v4.17 ] && base=stock
  key="$( { echo "$base"; cat "$file"; } | sha256sum | cut -c1-12)"
  mkdir -p "$kcache/user"
  cp "$file" "$kcache/user/$key.patch.tmp" && mv "$kcache/user/$key.patch.tmp" "$kcache/user/$key.patch"
  echo "$base" > "$kcache/user/$key.base"
  echo "user-$key"; exit 0
fi
[ -n "$variant" ] || usage
patchfiles=()
case "$variant" in
  stock|v4.17) name=stock ;;
  user-*)
    key="${variant#user-}"
    [[ "$key" =~ ^[0-9a-f]{12}$ ]] && [ -f "$kcache/user/$key.patch" ] && [ -f "$kcache/user/$key.base" ] \
      || { echo "build-kernel: unknown user kernel '$variant' (register its patch with --register-patch BASE FILE)" >&2; exit 2; }
    base="$(cat "$kcache/user/$key.base")"
    [ "$base" = stock ] || patchfiles+=("$here/patches/$base.patch")
    patchfiles+=("$kcache/user/$key.patch")
    name="$variant" ;;
  *)
    known_variant "$variant" \
      || { echo "build-kernel: unknown variant '$variant' (variants: $(variants_list))" >&2; exit 2; }
    name="$variant"; patchfiles=("$here/patches/$variant.patch") ;;
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
[ ${#patchfiles[@]} -eq 0 ] || patchkey="$(cat "${patchfiles[@]}" | sha256sum | cut -c1-12)"
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
if [ ${#patchfiles[@]} -gt 0 ] && grep -qE '^\+\+\+ b/include/' "${patchfiles[@]}"; then own_tree=1; fi

src="$kcache/src/linux-$srcver"
obj="$kcache/obj/$srcver-$cfgkey"
if [ "$own_tree" -eq 1 ]; then obj="$kcache/obj/$srcver-$cfgkey-$name"; fi

mpid=""; applied_in=""
revert() {   # revert the recorded patches in tree $1 (source dir), last applied first: records $2.N
  local tree="$1" rec="$2" r
  [ -f "$rec" ] && mv "$rec" "$rec.1" && { [ -f "$rec.name" ] && mv "$rec.name" "$rec.1.name"; true; }  # older runs' one record
  for r in $(ls -1 "$rec".[0-9] 2>/dev/null | sort -r); do
    log "reverting $(head -1 "$r.name" 2>/dev/null || echo 'a patch') in $tree"
    if (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch --dry-run < "$r" >/dev/null 2>&1); then
      (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch < "$r") || fail "cannot revert the patch recorded in $r"
    else
      fail "the patch recorded in $r does not revert cleanly in $tree; delete $tree to start over"
    fi
    rm -f "$r" "$r.name"
  done
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
i=0
for pf in "${patchfiles[@]}"; do
  i=$((i + 1))
  label="$(basename "$pf")"; [[ "$pf" == "$kcache/user/"* ]] && label="the patch given to wberr kernel --patch"
  if ! (cd "$tree" && patch -p1 -N -F0 --dry-run --no-backup-if-mismatch < "$pf" > "$obj/patch.log" 2>&1); then
    echo "build-kernel: $label does not apply to $srcver$([ $i -gt 1 ] && echo " on top of $(basename "${patchfiles[0]}")"); patch says:" >&2
    head -30 "$obj/patch.log" >&2
    fail "$label does not apply (the failing hunks are named above)"
  fi
  cp "$pf" "$obj/.wberr-applied.$i"; echo "$label" > "$obj/.wberr-applied.$i.name"
  applied_in="$tree"
  (cd "$tree" && patch -p1 -s -N -F0 --no-backup-if-mismatch < "$pf") || fail "applying $label failed"
done
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
[ ${#patchfiles[@]} -eq 0 ] || cat "${patchfiles[@]}" > "$imgdir.tmp/variant.patch"
printf 'VARIANT=%s\nSOURCE_VERSION=%s\nCONFIG_KEY=%s\nPATCH_KEY=%s\nRELEASE=%s\nBUILD_SECONDS=%s\n' \
  "$name" "$srcver" "$cfgkey" "$patchkey" "$(cat "$obj/include/config/kernel.release" 2>/dev/null || echo unknown)" \
  "$((SECONDS - t0))" > "$imgdir.tmp/kernel.env"
rm -rf "$imgdir"; mv "$imgdir.tmp" "$imgdir"
log "$name built in $((SECONDS - t0)) s: $imgdir/vmlinux"
if [ -n "$applied_in" ]; then applied_in=""; revert "$tree" "$obj/.wberr-applied"; fi
echo "$imgdir/vmlinux"
