#!/usr/bin/env bash
# build.sh: build what the kernel oracle boots, under the cache, only when an input changed.
#
#   build.sh [--force] [--kernel NAME]
#
# NAME: `debian` (default: Debian's packaged kernel, with modules) or one of the oracle's own
# kernels (build-kernel.sh: stock, v4.17, v5.10-keep-uptodate, v4.13, v8-posting, legacy-flags,
# no-check, v5.9-errseq, v2-workqueue; built into the user cache, everything built in, no modules).
# Needs install-deps.sh to have run (it records the kernel and busybox in the cache). Builds into
# $cache/build (cache: ${WBERR_KERNEL_CACHE:-trace-checker/target/kernel}):
#   wberr-guest      the static test program (gcc -static, glibc's libc.a);
#   initramfs.cpio   busybox-static with its applet links, /init, the test program, and the kernel
#                    modules for virtio-blk, ext4 and device-mapper with all their dependencies,
#                    resolved from the kernel's modules.dep and listed in load order in
#                    /lib/modules/load-order (uncompressed cpio: the guest unpacks it without
#                    decompressing, which is what costs time under emulation);
#   ext4.img         a 128 MiB ext4 file system (mkfs.ext4 with mke2fs.conf beside this script),
#                    internal journal: errors are injected into file data blocks only, so the
#                    journal and all metadata stay on working sectors (see README.md);
#   ext4-meta.img, ext4-meta-nocsum.img  32 MiB ext4 file systems WITHOUT a journal (the ext4
#                    metadata scenarios: one copy per scenario), with and without metadata_csum;
#   ext4-meta-journal.img  the same with a journal (4 MiB), for `fs meta-journal` scenarios;
#   initramfs-nomod.cpio  the same initramfs without modules, for the oracle's own kernels;
#   vmlinux          the uncompressed kernel taken out of Debian's bzImage. QEMU boots it directly
#                    through its PVH entry point (the kernel has CONFIG_PVH=y), which skips the
#                    bzImage's self-decompression: that alone took about 5.5 s under TCG. If no
#                    PVH entry note is found, the bzImage is booted instead;
#   build-NAME.env   paths and versions for kernel NAME, read by run-qemu.sh (build.env: debian's,
#                    as before).
# Each artifact has a .key file: a hash of its inputs (sources, tool versions, parameters); it is
# rebuilt only when that hash changes. Exit codes: 0 built or up to date; 3 environment problem.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${WBERR_KERNEL_CACHE:-$here/../../../target/kernel}"
force=0; kname=debian
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --kernel) [ $# -ge 2 ] || { echo "build.sh: --kernel needs a NAME" >&2; exit 2; }; kname="$2"; shift 2 ;;
    --kernel=*) kname="${1#*=}"; shift ;;
    -h|--help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument '$1' (expected --force, --kernel NAME or --help)" >&2; exit 2 ;;
  esac
done

log() { echo "build: $*" >&2; }
fail() { echo "build: ERROR: $*" >&2; exit 3; }

[ -f "$cache/kernel.env" ] && [ -f "$cache/busybox.env" ] \
  || fail "no kernel in $cache; run $here/install-deps.sh first"
cache="$(cd "$cache" && pwd)"
# shellcheck disable=SC1091
. "$cache/kernel.env"
# shellcheck disable=SC1091
. "$cache/busybox.env"
kdir="$cache/$KERNEL_DIR"
vmlinuz="$kdir/boot/vmlinuz-$KERNEL_RELEASE"
moddir="$kdir/lib/modules/$KERNEL_RELEASE"
[ -f "$vmlinuz" ] && [ -f "$moddir/modules.dep" ] || fail "kernel cache incomplete; run install-deps.sh --refresh-kernel"
[ -x "$BUSYBOX" ] || fail "$BUSYBOX missing; run install-deps.sh"
for c in gcc cpio mkfs.ext4 dumpe2fs sha256sum xz zstd grep; do
  command -v "$c" >/dev/null || fail "'$c' missing; run install-deps.sh"
done

out="$cache/build"
mkdir -p "$out"
# Several guests at once (wberr kernel --generate --guests) run this script at the same time: one builds,
# the others wait for it and then find everything up to date.
exec 8>"$out/.build.lock"
flock 8
mkdir -p "$out"

# The modules the guest needs (file names without .ko): the virtio PCI transport and block driver,
# ext4 with the crc32c implementation its metadata checksums ask for (a softdep modprobe would
# resolve; there is no modprobe here), device-mapper core (its error and linear targets are
# built into dm-mod) and dm-thin-pool (ENOSPC: a full pool with error_if_no_space).
modules=(virtio_pci virtio_blk crc32c_generic ext4 dm-mod dm-thin-pool)
cflags=(-static -O2 -Wall -Wextra -o)
mkfs_size=128M
mkfs_args=(-q -F -t ext4 -T oracle -L wberr -U 3f1d6c2e-57a1-4c8e-9b0e-77b3c0a1e5e1
           -E lazy_itable_init=0,lazy_journal_init=0,nodiscard,hash_seed=9d0b3a52-1c55-4f7e-8f0a-2b6e3c4d5e6f)

sha() { sha256sum "$@" | cut -d' ' -f1; }
keyof() { printf '%s\n' "$@" | sha256sum | cut -d' ' -f1; }
fresh() {   # fresh ARTIFACT KEY: the artifact exists and was built from these inputs
  [ "$force" -eq 0 ] && [ -e "$1" ] && [ -f "$1.key" ] && [ "$(cat "$1.key")" = "$2" ]
}

# stage_guest DIR: a fresh initramfs tree in DIR (also left in $stage): busybox and its applets, /init and
# the guest program, an empty lib/modules/load-order (a kernel with modules lists them there).
stage_guest() {
  stage="$1"
  rm -rf "$stage"
  mkdir -p "$stage"/{bin,dev,proc,sys,mnt,tmp,scenarios,lib/modules}
  cp "$BUSYBOX" "$stage/bin/busybox"
  for a in sh mount umount insmod mkdir cat echo poweroff sleep sync tr ls dmesg; do
    ln -s busybox "$stage/bin/$a"
  done
  cp "$guest" "$stage/bin/wberr-guest"
  cp "$here/init" "$stage/init"
  chmod 755 "$stage/init" "$stage/bin/wberr-guest"
  : > "$stage/lib/modules/load-order"
}

# pack_cpio DIR TARGET KEY: DIR as an uncompressed, reproducible cpio archive at TARGET (written
# under a temporary name, then renamed), KEY in TARGET.key; DIR is removed.
pack_cpio() {
  local dir="$1" target="$2" k="$3"
  # The kernel opens /dev/console for init before init can mount devtmpfs.
  mknod -m 600 "$dir/dev/console" c 5 1 2>/dev/null || log "note: cannot mknod /dev/console (not root); init redirects after mounting devtmpfs"
  find "$dir" -exec touch -h -d @0 {} +
  (cd "$dir" && find . -print0 | LC_ALL=C sort -z | cpio --null --reproducible -o -H newc -R 0:0 --quiet) > "$target.tmp" \
    || fail "cpio failed"
  mv "$target.tmp" "$target"; echo "$k" > "$target.key"
  rm -rf "$dir"
}

# 0. The kernel to boot: the ELF vmlinux inside the bzImage, if it has a PVH entry point.
vmlinux="$out/vmlinux"
key="$(keyof "$(sha "$vmlinuz")" "$(sha "${BASH_SOURCE[0]}")")"
boot_kernel="$vmlinuz"
if fresh "$vmlinux" "$key"; then
  boot_kernel="$vmlinux"
  log "vmlinux up to date"
elif [ -f "$vmlinux.nopvh" ] && [ "$(cat "$vmlinux.nopvh")" = "$key" ]; then
  log "no PVH vmlinux for this kernel (checked before); booting the bzImage"
else
  rm -f "$vmlinux" "$vmlinux.key" "$vmlinux.nopvh"
  # The bzImage's payload is one compressed stream: find its magic, decompress from there.
  found=""
  for c in "xz:\\xfd7zXZ\\x00" "zstd:\\x28\\xb5\\x2f\\xfd" "gzip:\\x1f\\x8b\\x08"; do
    off="$(LC_ALL=C grep -obUaP "${c#*:}" "$vmlinuz" | head -1 | cut -d: -f1 || true)"
    [ -n "$off" ] || continue
    case "${c%%:*}" in
      xz) tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream > "$vmlinux.tmp" 2>/dev/null || true ;;
      zstd) tail -c +$((off + 1)) "$vmlinuz" | zstd -dcq > "$vmlinux.tmp" 2>/dev/null || true ;;
      gzip) tail -c +$((off + 1)) "$vmlinuz" | gzip -dc > "$vmlinux.tmp" 2>/dev/null || true ;;
    esac
    # An ELF file with the Xen PHYS32_ENTRY note (type 18, name "Xen"): QEMU's PVH boot needs it.
    if [ "$(head -c 4 "$vmlinux.tmp" 2>/dev/null | od -An -c | tr -d ' ')" = "177ELF" ] &&
       LC_ALL=C grep -qaP '\x04\x00\x00\x00[\x04\x08]\x00\x00\x00\x12\x00\x00\x00Xen\x00' "$vmlinux.tmp"; then
      found="${c%%:*}"; break
    fi
  done
  if [ -n "$found" ]; then
    mv "$vmlinux.tmp" "$vmlinux"; echo "$key" > "$vmlinux.key"; boot_kernel="$vmlinux"
    log "extracted vmlinux ($found payload) for PVH boot"
  else
    rm -f "$vmlinux.tmp"; echo "$key" > "$vmlinux.nopvh"
    log "note: no PVH-bootable vmlinux in $vmlinuz; booting the bzImage (about 5 s slower)"
  fi
fi

# 1. The guest program.
guest="$out/wberr-guest"
key="$(keyof "$(sha "$here/wberr-guest.c")" "${cflags[*]}" "$(gcc --version | head -1)" \
             "$(dpkg-query -W -f='${Version}' libc6-dev linux-libc-dev 2>/dev/null || true)")"
if fresh "$guest" "$key"; then
  log "wberr-guest up to date"
else
  log "compiling wberr-guest (static)"
  gcc "${cflags[@]}" "$guest.tmp" "$here/wberr-guest.c" || fail "compiling wberr-guest.c failed"
  mv "$guest.tmp" "$guest"; echo "$key" > "$guest.key"
fi

# 2. The initramfs. Load order: a depth-first walk of modules.dep from the wanted modules, each
# module after everything it depends on.
walk="$(awk -v want="${modules[*]}" '
  function base(p,   b) { b = p; sub(/.*\//, "", b); sub(/\.ko.*/, "", b); return b }
  function visit(n,   a, k, c) {
    if (n in seen) return
    seen[n] = 1
    if (!(n in file)) { print "missing\t" n; return }
    c = split(deps[n], a, " ")
    for (k = 1; k <= c; k++) visit(a[k])
    print "load\t" n "\t" file[n]
  }
  { f = $1; sub(/:$/, "", f); n = base(f); file[n] = f; deps[n] = ""
    for (i = 2; i <= NF; i++) deps[n] = deps[n] " " base($i) }
  END { c = split(want, w, " "); for (k = 1; k <= c; k++) visit(w[k]) }
' "$moddir/modules.dep")"
order=(); declare -A file=()
while IFS=$'\t' read -r kind n f; do
  if [ "$kind" = missing ]; then
    grep -q "/$n.ko" "$moddir/modules.builtin" 2>/dev/null \
      || fail "module $n is neither in modules.dep nor built in ($KERNEL_RELEASE)"
    continue                 # built in: nothing to load
  fi
  order+=("$n"); file[$n]="$f"
done <<< "$walk"

initrd="$out/initramfs.cpio"
modpaths=()
for n in "${order[@]}"; do modpaths+=("$moddir/${file[$n]}"); done
key="$(keyof "$(sha256sum "$guest" "$here/init" "$BUSYBOX" "${BASH_SOURCE[0]}" "${modpaths[@]}")" \
             "$KERNEL_RELEASE" "$KERNEL_DEB_SHA256" "${order[*]}")"
if fresh "$initrd" "$key"; then
  log "initramfs up to date (modules: ${order[*]})"
else
  log "building the initramfs (modules in load order: ${order[*]})"
  stage_guest "$out/initramfs.d"
  for n in "${order[@]}"; do
    src="$moddir/${file[$n]}"
    case "$src" in
      *.ko) cp "$src" "$stage/lib/modules/$n.ko" ;;
      *.ko.xz) xz -dc "$src" > "$stage/lib/modules/$n.ko" ;;
      *.ko.zst) zstd -qdc "$src" > "$stage/lib/modules/$n.ko" ;;
      *.ko.gz) gzip -dc "$src" > "$stage/lib/modules/$n.ko" ;;
      *) fail "unknown module file type: $src" ;;
    esac
    echo "$n.ko" >> "$stage/lib/modules/load-order"
  done
  pack_cpio "$stage" "$initrd" "$key"
fi

# 3. The disk image.
disk="$out/ext4.img"
key="$(keyof "$(sha "$here/mke2fs.conf")" "$mkfs_size" "${mkfs_args[*]}" "$(mkfs.ext4 -V 2>&1 | head -1)")"
if fresh "$disk" "$key"; then
  log "ext4.img up to date"
else
  log "making ext4.img ($mkfs_size)"
  rm -f "$disk.tmp"
  truncate -s "$mkfs_size" "$disk.tmp"
  MKE2FS_CONFIG="$here/mke2fs.conf" mkfs.ext4 "${mkfs_args[@]}" "$disk.tmp" || fail "mkfs.ext4 failed"
  dumpe2fs "$disk.tmp" > "$out/ext4.img.dumpe2fs" 2>/dev/null || fail "dumpe2fs failed"
  mv "$disk.tmp" "$disk"; echo "$key" > "$disk.key"
fi

# 3b. The metadata scenarios' images: no journal (ext4's metadata buffers then go home through the
# block device's own writeback, and no journal head pins them; see README.md), one with and one
# without metadata_csum. Same geometry otherwise (4 KiB blocks, 32768 blocks per group).
meta_size=32M
for flavour in meta meta-nocsum meta-journal; do
  img="$out/ext4-$flavour.img"
  feats="^has_journal"
  [ "$flavour" = meta-nocsum ] && feats="^has_journal,^metadata_csum"
  [ "$flavour" = meta-journal ] && feats="has_journal"
  margs=(-q -F -t ext4 -T oracle -O "$feats" -L wberr-meta -U 5b0e2a9c-7d4f-4e1a-8c3b-1f2e3d4c5b6a
         -E lazy_itable_init=0,nodiscard,hash_seed=2c1d0e9f-8a7b-4c6d-9e5f-0a1b2c3d4e5f)
  key="$(keyof "$(sha "$here/mke2fs.conf")" "$meta_size" "${margs[*]}" "$(mkfs.ext4 -V 2>&1 | head -1)")"
  if fresh "$img" "$key"; then
    log "ext4-$flavour.img up to date"
  else
    log "making ext4-$flavour.img ($meta_size, -O $feats)"
    rm -f "$img.tmp"
    truncate -s "$meta_size" "$img.tmp"
    MKE2FS_CONFIG="$here/mke2fs.conf" mkfs.ext4 "${margs[@]}" "$img.tmp" || fail "mkfs.ext4 (ext4-$flavour) failed"
    dumpe2fs "$img.tmp" > "$img.dumpe2fs" 2>/dev/null || fail "dumpe2fs failed"
    mv "$img.tmp" "$img"; echo "$key" > "$img.key"
  fi
done

cat > "$out/build.env.tmp" <<ENV
KERNEL=$boot_kernel
BZIMAGE=$vmlinuz
KERNEL_NAME=debian
KERNEL_RELEASE=$KERNEL_RELEASE
KERNEL_PACKAGE=$KERNEL_PACKAGE
KERNEL_PACKAGE_VERSION=$KERNEL_PACKAGE_VERSION
INITRAMFS=$initrd
DISK=$disk
META_DISK=$out/ext4-meta.img
META_NOCSUM_DISK=$out/ext4-meta-nocsum.img
META_JOURNAL_DISK=$out/ext4-meta-journal.img
MODULES="${order[*]}"
ENV
mv "$out/build.env.tmp" "$out/build.env"
cp "$out/build.env" "$out/build-debian.env"

# 4. One of the oracle's own kernels: build-kernel.sh builds it (or finds it in its cache); the
# initramfs is the same minus the modules (everything is built in).
if [ "$kname" != debian ]; then
  own="$("$here/build-kernel.sh" "$kname")" || exit $?
  # shellcheck disable=SC1090,SC1091
  own_release="$(. "$(dirname "$own")/kernel.env" && echo "$RELEASE")"
  own_patch="$(. "$(dirname "$own")/kernel.env" && echo "$VARIANT-$PATCH_KEY")"
  own_src="$(. "$(dirname "$own")/kernel.env" && echo "$SOURCE_VERSION")"
  initrd_nm="$out/initramfs-nomod.cpio"
  key="$(keyof "$(sha256sum "$guest" "$here/init" "$BUSYBOX" "${BASH_SOURCE[0]}")" nomod)"
  if fresh "$initrd_nm" "$key"; then
    log "initramfs-nomod up to date"
  else
    log "building the initramfs without modules"
    stage_guest "$out/initramfs-nomod.d"
    pack_cpio "$stage" "$initrd_nm" "$key"
  fi
  cat > "$out/build-$kname.env.tmp" <<ENV
KERNEL=$own
BZIMAGE=
KERNEL_NAME=$kname
KERNEL_RELEASE=$own_release
KERNEL_PACKAGE=linux-source-6.1+$own_patch
KERNEL_PACKAGE_VERSION=$own_src
INITRAMFS=$initrd_nm
DISK=$disk
META_DISK=$out/ext4-meta.img
META_NOCSUM_DISK=$out/ext4-meta-nocsum.img
META_JOURNAL_DISK=$out/ext4-meta-journal.img
MODULES=""
ENV
  mv "$out/build-$kname.env.tmp" "$out/build-$kname.env"
fi
log "ready: $out (kernel $kname)"
