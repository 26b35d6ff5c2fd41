#!/usr/bin/env bash
# install-deps.sh: make this machine able to run the kernel oracle (Debian 12 host).
#
#   install-deps.sh [--refresh-kernel]
#
# Idempotent. Checks what is present and installs only what is missing:
#   - host packages, with apt-get (needs root): qemu-system-x86 (the emulator), cpio (initramfs),
#     e2fsprogs (mkfs.ext4), gcc + libc6-dev + linux-libc-dev (the static guest program and the
#     <linux/dm-ioctl.h>, <linux/fiemap.h> headers), xz-utils and zstd (compressed kernel modules),
#     kmod (depmod: the kernel package does not ship modules.dep, its postinst generates it);
#   - the oracle's own kernels (build-kernel.sh): linux-source-6.1 (Debian's kernel source, a
#     tarball under /usr/src) and what a minimal build needs: make, bc, flex, bison, libelf-dev
#     (objtool), patch (the variant patches); gcc and libc6-dev are already listed above;
#   - busybox-static: installed with apt-get, unless the dynamic `busybox` package is installed (the
#     two conflict and removing busybox could take initramfs-tools with it): then its .deb is fetched
#     with `apt-get download` and unpacked into the cache instead;
#   - the kernel: the package linux-image-amd64 currently depends on is fetched with `apt-get download`
#     and unpacked with dpkg-deb into the cache. It is never installed. Once cached it is kept (the
#     oracle's answers should not change under our feet); --refresh-kernel fetches the current one.
#
# Cache: ${WBERR_KERNEL_CACHE:-trace-checker/target/kernel}. What was obtained is recorded in
# $cache/kernel.env (release, package, version, sha256 of the .deb) and $cache/busybox.env.
#
# Exit codes: 0 ready; 3 the environment cannot be prepared (not root while something is missing,
# apt-get failed, no network): the message says what to do.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${WBERR_KERNEL_CACHE:-$here/../../../target/kernel}"
refresh_kernel=0
for arg in "$@"; do
  case "$arg" in
    --refresh-kernel) refresh_kernel=1 ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown argument '$arg' (expected --refresh-kernel or --help)" >&2; exit 2 ;;
  esac
done

log() { echo "install-deps: $*" >&2; }
fail() { echo "install-deps: ERROR: $*" >&2; exit 3; }

# Packages whose files the scripts use (a package is "present" when dpkg says it is installed).
host_pkgs=(qemu-system-x86 cpio e2fsprogs gcc libc6-dev linux-libc-dev xz-utils zstd kmod
           linux-source-6.1 make bc flex bison libelf-dev patch)

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
is_root() { [ "$(id -u)" -eq 0 ]; }

command -v dpkg-query >/dev/null && command -v apt-get >/dev/null \
  || fail "this script needs a Debian-like host with dpkg and apt-get (Debian 12 expected)"

apt_updated=0
apt_update() {
  [ "$apt_updated" -eq 1 ] && return 0
  log "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || fail "apt-get update failed (network or apt sources?)"
  apt_updated=1
}

# apt-get install, retried once after an update (stale package lists are the usual cause of failure).
apt_install() {
  is_root || fail "missing packages: $*. Run as root: apt-get install --no-install-recommends $*"
  log "apt-get install $*"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2; then
    apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 \
      || fail "apt-get install $* failed"
  fi
}

# apt-get download PKG into DIR, retried once after an update (a superseded version is no longer
# in the archive when the package lists are old).
apt_download() {
  local pkg="$1" dir="$2"
  mkdir -p "$dir"
  # apt's download sandbox runs as _apt, which must be able to write there (else apt warns and
  # downloads unsandboxed, which also works).
  if is_root && id _apt >/dev/null 2>&1; then chown _apt "$dir"; fi
  if ! (cd "$dir" && apt-get download -q "$pkg" >&2); then
    is_root || fail "apt-get download $pkg failed; as root, run apt-get update and try again"
    apt_update
    (cd "$dir" && apt-get download -q "$pkg" >&2) || fail "apt-get download $pkg failed"
  fi
}

mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

# 1. Host packages.
missing=()
for p in "${host_pkgs[@]}"; do installed "$p" || missing+=("$p"); done
busybox_mode=installed
if ! installed busybox-static; then
  if installed busybox; then busybox_mode=cache; else missing+=(busybox-static); fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
else
  log "host packages present: ${host_pkgs[*]} busybox-static"
fi
for c in qemu-system-x86_64 cpio mkfs.ext4 dumpe2fs e2fsck debugfs gcc xz zstd dpkg-deb depmod make bc flex bison patch; do
  command -v "$c" >/dev/null || fail "'$c' is still missing after installing the packages"
done
[ -f /usr/src/linux-source-6.1.tar.xz ] || fail "/usr/src/linux-source-6.1.tar.xz missing (package linux-source-6.1)"
[ -f /usr/include/gelf.h ] || fail "/usr/include/gelf.h missing (package libelf-dev)"
[ -f /usr/include/linux/dm-ioctl.h ] || fail "/usr/include/linux/dm-ioctl.h missing (package linux-libc-dev)"
[ -n "$(gcc -print-file-name=libc.a | grep /)" ] && [ -f "$(gcc -print-file-name=libc.a)" ] \
  || fail "libc.a missing: static linking impossible (package libc6-dev)"

# 2. busybox-static.
if [ "$busybox_mode" = installed ]; then
  bb=/bin/busybox
  bbver="$(dpkg-query -W -f='${Version}' busybox-static)"
else
  bbver="$(apt-cache policy busybox-static | awk '/Candidate:/{print $2}')"
  bbdir="$cache/busybox-static"
  if [ ! -x "$bbdir/bin/busybox" ] || ! grep -qx "BUSYBOX_VERSION=$bbver" "$cache/busybox.env" 2>/dev/null; then
    log "the dynamic busybox package is installed; unpacking busybox-static $bbver into the cache"
    tmp="$(mktemp -d "$cache/.busybox.XXXXXX")"
    apt_download busybox-static "$tmp"
    dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/root"
    rm -rf "$bbdir"; mv "$tmp/root" "$bbdir"; rm -rf "$tmp"
  fi
  bb="$bbdir/bin/busybox"
fi
"$bb" --help >/dev/null 2>&1 || [ $? -eq 1 ] || fail "$bb does not run"
if ldd "$bb" >/dev/null 2>&1; then fail "$bb is dynamically linked; busybox-static expected"; fi
printf 'BUSYBOX=%s\nBUSYBOX_VERSION=%s\n' "$bb" "$bbver" > "$cache/busybox.env.tmp"
mv "$cache/busybox.env.tmp" "$cache/busybox.env"

# 3. The kernel: the image package behind the linux-image-amd64 metapackage, unpacked, not installed.
have_kernel() {
  [ -f "$cache/kernel.env" ] || return 1
  # shellcheck disable=SC1091
  ( . "$cache/kernel.env" && [ -f "$cache/$KERNEL_DIR/boot/vmlinuz-$KERNEL_RELEASE" ] \
      && [ -f "$cache/$KERNEL_DIR/lib/modules/$KERNEL_RELEASE/modules.dep" ] )
}
if [ "$refresh_kernel" -eq 0 ] && have_kernel; then
  # shellcheck disable=SC1091
  . "$cache/kernel.env"
  log "kernel cached: $KERNEL_PACKAGE $KERNEL_PACKAGE_VERSION ($KERNEL_RELEASE)"
else
  kpkg="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}')"
  if [ -z "$kpkg" ]; then
    is_root && apt_update
    kpkg="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}')"
  fi
  [ -n "$kpkg" ] || fail "cannot resolve the image package of linux-image-amd64 (apt-cache depends linux-image-amd64)"
  log "fetching $kpkg (the image package of linux-image-amd64)"
  tmp="$(mktemp -d "$cache/.kernel.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT

  apt_download "$kpkg" "$tmp"
  deb="$(ls "$tmp"/"$kpkg"_*.deb)"
  version="$(dpkg-deb -f "$deb" Version)"
  sha="$(sha256sum "$deb" | cut -d' ' -f1)"
  release="${kpkg#linux-image-}"
  release="${release%-unsigned}"
  log "unpacking $kpkg $version with dpkg-deb (not installing it)"
  dpkg-deb -x "$deb" "$tmp/root"
  [ -f "$tmp/root/boot/vmlinuz-$release" ] || fail "$deb has no boot/vmlinuz-$release"
  if [ ! -d "$tmp/root/lib/modules/$release" ] && [ -d "$tmp/root/usr/lib/modules/$release" ]; then
    mkdir -p "$tmp/root/lib/modules"; mv "$tmp/root/usr/lib/modules/$release" "$tmp/root/lib/modules/"
  fi
  # The package does not ship modules.dep (its postinst runs depmod): generate it, as the
  # postinst would, inside the unpacked tree.
  [ -d "$tmp/root/lib/modules/$release/kernel" ] || fail "$deb has no lib/modules/$release/kernel"
  depmod -b "$tmp/root" "$release" || fail "depmod -b $tmp/root $release failed"
  [ -s "$tmp/root/lib/modules/$release/modules.dep" ] || fail "depmod wrote no modules.dep"
  mkdir -p "$cache/linux"
  rm -rf "$cache/linux/$release"
  mv "$tmp/root" "$cache/linux/$release"
  mkdir -p "$cache/deb"; mv "$deb" "$cache/deb/"
  rm -rf "$tmp"; trap - EXIT
  cat > "$cache/kernel.env.tmp" <<ENV
KERNEL_RELEASE=$release
KERNEL_PACKAGE=$kpkg
KERNEL_PACKAGE_VERSION=$version
KERNEL_DEB_SHA256=$sha
KERNEL_DIR=linux/$release
ENV
  mv "$cache/kernel.env.tmp" "$cache/kernel.env"
  log "kernel cached: $kpkg $version ($release), sha256 $sha"
fi
log "ready (cache: $cache)"
