#!/usr/bin/env bash
# run-qemu.sh: run scenarios on the real kernel, all in one boot of a QEMU guest.
#
#   run-qemu.sh [--kernel NAME] [--timeout SECONDS] [--trigger page|sync] [--log FILE] [--smp N]
#               [--keep-disks DIR] STEPS-FILE...
#
# Builds what is missing (build.sh, build-kernel.sh; install-deps.sh must have run), boots the
# kernel NAME under QEMU software emulation (TCG; KVM is never used), runs every STEPS-FILE in the
# order given, powers the guest off, and prints the guest's WBERR lines to stdout as they arrive;
# then, from the host, one `WBERR fsck` (e2fsck -fn) and one `WBERR disk` line per ext4 scenario
# disk, a `WBERR panic` line if the guest panicked, and last one `WBERR host ...` line (status,
# timings). README.md has the protocol.
#
# Disks (each a per-run copy in a temporary directory, deleted at the end unless --keep-disks):
# the fsync scenarios' ext4 image (first disk, serial wberr-main); a thin-pool disk (serial
# wberr-pool) when a step file has `writeback P ENOSPC`; one fresh no-journal ext4 image per
# `subject ext4` step file (serial wberr-sNNN, NNN its position; `fs meta-nocsum` in the file picks
# the image without metadata_csum, `fs meta-journal` the one with a journal). werror/rerror=report, cache=unsafe.
#
#   --kernel NAME      debian (default: Debian's packaged kernel) or one of the oracle's own:
#                      stock (= v4.17), v4.13, v8-posting, legacy-flags, no-check, v5.9-errseq,
#                      v2-workqueue, v5.10-keep-uptodate (build-kernel.sh builds it if missing);
#                      auto: the kernel of the files' `variant` line (all files must agree; no
#                      variant line means v4.17, i.e. stock)
#   --keep-disks DIR   copy the disk images there after the run (for e2fsck, debugfs, ...)
#
#   --timeout SECONDS  hard limit for the whole boot (default: 60 + 10 per scenario). On expiry
#                      QEMU is killed (TERM, then KILL after 3 s) and status=timeout is reported.
#   --trigger page|sync  how a `writeback` step starts the page's writeback (default page; see
#                      README.md): sync_file_range on that page only, or sync(2).
#   --log FILE         keep the full serial console log there (else it is kept only on failure,
#                      under $cache/logs/).
#   --smp N            virtual CPUs (default 1: steps are serial, one CPU is the most deterministic).
#
# QEMU never outlives this script: it is killed on timeout, on INT/TERM/HUP and on exit, and it
# runs with a parent-death signal (setpriv --pdeathsig KILL), so even a SIGKILL of this script
# takes QEMU with it.
# Exit codes: 0 the guest ran every scenario and said `WBERR done` (scenario results, good or bad,
# are in the lines); 2 usage error; 3 environment failure (nothing installed, QEMU failed, the
# guest crashed or the timeout expired); 128+N interrupted by signal N (INT 130, TERM 143, HUP 129),
# after stopping QEMU and printing the host line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${WBERR_KERNEL_CACHE:-$here/../../../target/kernel}"

usage() { echo "usage: run-qemu.sh [--kernel NAME] [--timeout SECONDS] [--trigger page|sync] [--log FILE] [--smp N] [--keep-disks DIR] STEPS-FILE..." >&2; exit 2; }
die() { echo "run-qemu: ERROR: $*" >&2; exit 3; }

timeout=""; trigger=page; keep_log=""; smp=1; files=(); kname=debian; keep_disks=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) [ $# -ge 2 ] || usage; kname="$2"; shift 2 ;;
    --kernel=*) kname="${1#*=}"; shift ;;
    --keep-disks) [ $# -ge 2 ] || usage; keep_disks="$2"; shift 2 ;;
    --keep-disks=*) keep_disks="${1#*=}"; shift ;;
    --timeout) [ $# -ge 2 ] || usage; timeout="$2"; shift 2 ;;
    --timeout=*) timeout="${1#*=}"; shift ;;
    --trigger) [ $# -ge 2 ] || usage; trigger="$2"; shift 2 ;;
    --trigger=*) trigger="${1#*=}"; shift ;;
    --log) [ $# -ge 2 ] || usage; keep_log="$2"; shift 2 ;;
    --log=*) keep_log="${1#*=}"; shift ;;
    --smp) [ $# -ge 2 ] || usage; smp="$2"; shift 2 ;;
    --smp=*) smp="${1#*=}"; shift ;;
    -h|--help) sed -n '2,45p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; files+=("$@"); break ;;
    -*) echo "run-qemu: unknown option $1" >&2; usage ;;
    *) files+=("$1"); shift ;;
  esac
done
[ "${#files[@]}" -gt 0 ] || usage
case "$trigger" in page|sync) ;; *) echo "run-qemu: --trigger must be page or sync, not '$trigger'" >&2; exit 2 ;; esac
[[ "$smp" =~ ^[1-8]$ ]] || { echo "run-qemu: --smp must be 1..8" >&2; exit 2; }
[ -n "$timeout" ] || timeout=$((60 + 10 * ${#files[@]}))
[[ "$timeout" =~ ^[0-9]+$ ]] && [ "$timeout" -gt 0 ] || { echo "run-qemu: --timeout must be a positive integer" >&2; exit 2; }
for f in "${files[@]}"; do
  [ -f "$f" ] && [ -r "$f" ] || { echo "run-qemu: cannot read step file '$f'" >&2; exit 2; }
done
[ "${#files[@]}" -le 999 ] || { echo "run-qemu: at most 999 scenarios per boot" >&2; exit 2; }
[[ "$kname" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "run-qemu: bad --kernel '$kname'" >&2; exit 2; }
if [ "$kname" = auto ]; then
  kname=""
  for f in "${files[@]}"; do
    v="$(awk '$1 == "variant" { print $2; exit }' "$f")"
    case "${v:-v4.17}" in v4.17) k=stock ;; *) k="$v" ;; esac
    [ -z "$kname" ] || [ "$kname" = "$k" ] || { echo "run-qemu: --kernel auto: $f needs kernel $k, an earlier file $kname" >&2; exit 2; }
    kname="$k"
  done
fi

# What each step file needs: its own ext4 disk (subject ext4), the thin pool (ENOSPC), a panic.
ext4_idx=(); need_pool=0; panic_idx=""
i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  if grep -qE '^[[:space:]]*subject[[:space:]]+ext4([[:space:]]|#|$)' "$f"; then
    ext4_idx+=("$i")
    if grep -qE '^[[:space:]]*errors[[:space:]]+panic([[:space:]]|#|$)' "$f"; then
      [ -z "$panic_idx" ] || { echo "run-qemu: two 'errors panic' scenarios in one boot ($f)" >&2; exit 2; }
      panic_idx="$i"
    fi
  fi
  grep -qE '^[[:space:]]*writeback[[:space:]]+[0-9]+[[:space:]]+ENOSPC' "$f" && need_pool=1
done
if [ -n "$panic_idx" ] && [ "$panic_idx" -ne "${#files[@]}" ]; then
  echo "run-qemu: a scenario with 'errors panic' stops the machine: it must be the last step file of its boot" >&2; exit 2
fi
[ "${#ext4_idx[@]}" -le 16 ] || { echo "run-qemu: at most 16 'subject ext4' scenarios per boot (one disk each)" >&2; exit 2; }

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found; run $here/install-deps.sh"
command -v setpriv >/dev/null || die "setpriv (util-linux) not found"
"$here/build.sh" --kernel "$kname" >&2 || exit 3
cache="$(cd "$cache" && pwd)"
# shellcheck disable=SC1090,SC1091
. "$cache/build/build-$kname.env"

# Milliseconds since the epoch into $NOW, without a subshell (no fork, and no place for a signal
# trap to run outside the main shell).
now() { local t="$EPOCHREALTIME"; NOW=$(( ${t%.*} * 1000 + 10#${t#*.} / 1000 )); }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/wberr-qemu.XXXXXX")"
qpid=""; rpid=""; status=""; sig=""; sig_code=0
kill_qemu() {
  [ -n "$qpid" ] || return 0
  if kill -0 "$qpid" 2>/dev/null; then
    kill -TERM "$qpid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$qpid" 2>/dev/null && ! grep -q '^State:.Z' "/proc/$qpid/status" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$qpid" 2>/dev/null || true
  fi
  wait "$qpid" 2>/dev/null || true
  qpid=""
}
cleanup() {
  kill_qemu
  if [ -n "$rpid" ]; then wait "$rpid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
# Signals: before QEMU runs, exit at once (the EXIT trap cleans up); while it runs, only note the
# signal: the watchdog loop sees it within 0.2 s, stops QEMU and reports. Bash may run a trap in a
# subshell (a command substitution); only the main shell acts on it.
on_signal() {
  [ "$BASHPID" = "$$" ] || return 0
  sig="$1"; sig_code="$2"
  echo "run-qemu: $1, stopping QEMU" >&2
  [ -n "$qpid" ] || exit "$sig_code"
}
trap cleanup EXIT
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP

# The scenarios travel as a second cpio archive appended to the cached initramfs (the kernel
# unpacks concatenated archives in order): nothing cached is rebuilt per run.
mkdir -p "$tmp/root/scenarios"
i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  base="$(basename "$f")"; base="${base%.*}"; base="$(printf '%s' "$base" | tr -c 'A-Za-z0-9._-' '_')"
  cp "$f" "$tmp/root/scenarios/$(printf '%03d' "$i")-$base.steps"
done
echo "--trigger=$trigger" > "$tmp/root/scenarios/args"
(cd "$tmp/root" && find scenarios | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$tmp/scenarios.cpio"
cat "$INITRAMFS" "$tmp/scenarios.cpio" > "$tmp/initrd.cpio"

# The disks: per-run copies (sparse), kept until the host has checked them.
drives=()
cp --sparse=always "$DISK" "$tmp/main.img"
drives+=(-drive "file=$tmp/main.img,format=raw,if=none,id=disk0,cache=unsafe,werror=report,rerror=report"
         -device "virtio-blk-pci,drive=disk0,serial=wberr-main")
if [ "$need_pool" -eq 1 ]; then
  truncate -s 136M "$tmp/pool.img"     # 8 MiB thin-pool metadata + 128 MiB of data blocks
  drives+=(-drive "file=$tmp/pool.img,format=raw,if=none,id=pool,cache=unsafe,werror=report,rerror=report"
           -device "virtio-blk-pci,drive=pool,serial=wberr-pool")
fi
for n in "${ext4_idx[@]}"; do
  f="${files[$((n - 1))]}"; img="$META_DISK"
  grep -qE '^[[:space:]]*fs[[:space:]]+meta-nocsum([[:space:]]|#|$)' "$f" && img="$META_NOCSUM_DISK"
  grep -qE '^[[:space:]]*fs[[:space:]]+meta-journal([[:space:]]|#|$)' "$f" && img="$META_JOURNAL_DISK"
  s="$(printf '%03d' "$n")"
  cp --sparse=always "$img" "$tmp/s$s.img"
  drives+=(-drive "file=$tmp/s$s.img,format=raw,if=none,id=s$s,cache=unsafe,werror=report,rerror=report"
           -device "virtio-blk-pci,drive=s$s,serial=wberr-s$s")
done

log="$tmp/console.log"
: > "$log"
: > "$tmp/times"
mkfifo "$tmp/serial"

# Reader: the serial console, line by line; everything goes to the log, WBERR lines also to stdout.
# It notes when the first lines of interest arrive, for the host line's timings.
now; start_ms=$NOW
(
  while IFS= read -r l || [ -n "$l" ]; do
    l="${l%$'\r'}"
    printf '%s\n' "$l" >> "$log"
    case "$l" in
      *"WBERR "*)
        l="WBERR ${l#*WBERR }"
        printf '%s\n' "$l"
        case "$l" in
          "WBERR hello "*) now; echo "hello $NOW" >> "$tmp/times" ;;
          "WBERR step "*) [ -n "${first_seen:-}" ] || { first_seen=1; now; echo "first_step $NOW" >> "$tmp/times"; } ;;
          "WBERR done "*) now; echo "done $NOW" >> "$tmp/times" ;;
        esac ;;
    esac
  done < "$tmp/serial"
) &
rpid=$!
exec 8> "$tmp/serial"    # hold the FIFO open until QEMU has it, so the reader cannot block forever

append="console=ttyS0 loglevel=1 panic=-1 rdinit=/init mitigations=off i8042.noaux i8042.nokbd i8042.nopnp"
TMPDIR="$tmp" setpriv --pdeathsig KILL -- qemu-system-x86_64 \
  -nodefaults -no-user-config -nographic -no-reboot \
  -accel tcg -m 512M -smp "$smp" \
  -kernel "$KERNEL" -initrd "$tmp/initrd.cpio" -append "$append" \
  "${drives[@]}" \
  -serial stdio -monitor none \
  < /dev/null >&8 2> "$tmp/qemu.err" &
qpid=$!
exec 8>&-

# Watchdog: poll without forking (read -t on a private FIFO) until QEMU has exited or time is up.
mkfifo "$tmp/tick"; exec 9<> "$tmp/tick"
deadline=$(( start_ms + timeout * 1000 ))
while :; do
  st=""
  { read -r _ _ st _ < "/proc/$qpid/stat"; } 2>/dev/null || st=""
  if [ -z "$st" ] || [ "$st" = Z ]; then break; fi
  if [ -n "$sig" ]; then status=interrupted; break; fi
  now
  if [ "$NOW" -ge "$deadline" ]; then status=timeout; echo "run-qemu: timeout after ${timeout}s, killing QEMU" >&2; break; fi
  read -r -t 0.2 -u 9 _ || true
done
exec 9>&-
[ -z "$sig" ] || status=interrupted   # also when QEMU got the terminal's SIGINT itself and exited first
qemu_rc=0
if [ -n "$status" ]; then kill_qemu; qemu_rc=killed; else wait "$qpid" || qemu_rc=$?; qpid=""; fi
wait "$rpid" || true; rpid=""
now; end_ms=$NOW

# Quote a value for key="..." (the guest's escapes: \" \\ and \xHH for control characters).
q() { printf '%s' "$1" | tr '\n\t' '  ' | tr -d '\000-\037\177' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
# The updates' bits in the bitmap block of an image: "{1,2}" and the lost ones.
bits_of() {   # IMG BITMAP_BLOCK GROUP_FIRST "1:X1,2:X2": prints "disk={..} lost={..}"
  local img="$1" bb="$2" gf="$3" ups="$4"
  dd if="$img" bs=4096 skip="$bb" count=1 status=none 2>/dev/null | od -An -v -tu1 | tr -s ' \n' ' ' |
    awk -v gf="$gf" -v ups="$ups" '{ for (i = 1; i <= NF; i++) byte[i - 1] = $i }
      END { n = split(ups, u, ","); made = 0
        for (i = 1; i <= n; i++) { split(u[i], kv, ":"); k = kv[1] + 0; bit = kv[2] - gf
          in_[k] = (bit >= 0 && bit < 32768 && int(byte[int(bit / 8)] / 2 ^ (bit % 8)) % 2 == 1); if (k > made) made = k }
        d = ""; l = ""
        for (k = 1; k <= made; k++) { if (in_[k]) d = d (d == "" ? "" : ",") k
          later = 0; for (j = k + 1; j <= made; j++) if (in_[j]) later = 1
          if (!in_[k] && later) l = l (l == "" ? "" : ",") k }
        printf "disk={%s} lost={%s}", d, l }'
}
post_lines=()
# A panic: the guest printed nothing more; the console has the kernel's last words.
panic_text="$(grep -a -m1 -o 'Kernel panic - not syncing: .*' "$log" 2>/dev/null | tr -d '\r' || true)"
panic_scn=""
if [ -n "$panic_text" ]; then
  last_doing="$(grep -a 'WBERR doing ' "$log" | tail -1 | tr -d '\r' || true)"
  panic_scn="$(printf '%s' "$last_doing" | sed -n 's/.* scenario=\([^ ]*\).*/\1/p')"
  panic_n="$(printf '%s' "$last_doing" | sed -n 's/.* n=\([0-9]*\).*/\1/p')"
  post_lines+=("WBERR panic scenario=${panic_scn:-unknown} n=${panic_n:-unknown} text=\"$(q "$panic_text")\"")
fi
# The ext4 scenarios' disks: e2fsck -fn, and the updates' bits in the bitmap block as the disk has them.
for n in "${ext4_idx[@]}"; do
  s="$(printf '%03d' "$n")"
  scn="$(grep -a -o "WBERR begin scenario=$s-[^ ]*" "$log" | head -1 | sed 's/.*scenario=//' | tr -d '\r' || true)"
  [ -n "$scn" ] || continue
  # e2fsck as a mount after a crash would see it: on a copy, the journal (if any) replayed first
  # (e2fsck -E journal_only), then a read-only full check. The image itself stays as the guest
  # left it (the WBERR disk line reads the bitmap's home location there).
  cp --sparse=always "$tmp/s$s.img" "$tmp/fsck.img"
  replay=none
  if dumpe2fs -h "$tmp/fsck.img" 2>/dev/null | grep -q '^Filesystem features:.*has_journal'; then
    replay=done; e2fsck -y -E journal_only "$tmp/fsck.img" >/dev/null 2>&1 || true
  fi
  rc=0; out="$(e2fsck -fn "$tmp/fsck.img" 2>&1)" || rc=$?
  rm -f "$tmp/fsck.img"
  bmd="$(printf '%s\n' "$out" | grep -a -E '^ *Block bitmap differences:' | sed 's/^ *Block bitmap differences: *//' | tr '\n' ' ' | sed 's/ *$//' || true)"
  probs="$(printf '%s\n' "$out" | grep -a -E 'differences|wrong|Fix\?|contains a file system with errors|is in use|multiply-claimed|should be' | head -12 | tr '\n' ';' || true)"
  post_lines+=("WBERR fsck scenario=$scn disk=s$s journal_replay=$replay rc=$rc bitmap_differences=\"$(q "$bmd")\" problems=\"$(q "$probs")\"")
  bb="$(grep -a "WBERR begin scenario=$scn " "$log" | sed -n 's/.* bitmap_block=\([0-9]*\).*/\1/p' | head -1 || true)"
  gf="$(grep -a "WBERR begin scenario=$scn " "$log" | sed -n 's/.* group_first=\([0-9]*\).*/\1/p' | head -1 || true)"
  ups="$(grep -a "WBERR step scenario=$scn .* op=modify " "$log" | sed -n 's/.* update=\([0-9]*\) alloc=\([0-9]*\).*/\1:\2/p' | tr -d '\r' | paste -sd, - || true)"
  if [ -n "$bb" ] && [ -n "$gf" ]; then
    # the superblock as the guest left it: EXT4_ERROR_FS ("with errors"), ext4's error count, and
    # the journal superblock's errno (jbd2_journal_abort records it): what a panicked guest
    # could not report any more
    hdr="$(dumpe2fs -h "$tmp/s$s.img" 2>/dev/null || true)"
    st="$(printf '%s\n' "$hdr" | sed -n 's/^Filesystem state: *//p' | head -1 | tr ' ' '-')"
    ec="$(printf '%s\n' "$hdr" | sed -n 's/^FS Error count: *//p' | head -1)"
    je="$(printf '%s\n' "$hdr" | sed -n 's/^Journal errno: *//p' | head -1)"
    post_lines+=("WBERR disk scenario=$scn bitmap_block=$bb group_first=$gf updates=${ups:-none} $(bits_of "$tmp/s$s.img" "$bb" "$gf" "$ups") fs_state=${st:-unknown} error_count=${ec:-0} journal_errno=${je:-none}")
  fi
done
if [ -n "$keep_disks" ]; then
  mkdir -p "$keep_disks" && cp --sparse=always "$tmp"/*.img "$keep_disks"/ \
    && echo "run-qemu: disk images kept in $keep_disks" >&2
fi
for l in "${post_lines[@]}"; do printf '%s\n' "$l"; printf '%s\n' "$l" >> "$log"; done

t_of() { awk -v k="$1" '$1 == k {print $2; exit}' "$tmp/times" 2>/dev/null || true; }
hello="$(t_of hello)"; first="$(t_of first_step)"; done_t="$(t_of done)"
if [ -z "$status" ]; then
  if [ -n "$done_t" ]; then status=ok
  elif [ -n "$panic_text" ]; then status=panic
  elif [ -z "$hello" ] && [ "$qemu_rc" != 0 ]; then status=qemu-error
  else status=incomplete; fi
fi
line="WBERR host status=$status qemu_exit=$qemu_rc wall_ms=$(( end_ms - start_ms ))"
[ -n "$hello" ] && line="$line hello_ms=$(( hello - start_ms ))"
[ -n "$first" ] && line="$line first_step_ms=$(( first - start_ms ))"
[ -n "$done_t" ] && line="$line done_ms=$(( done_t - start_ms ))"
line="$line scenarios=${#files[@]} trigger=$trigger kernel=$KERNEL_RELEASE kernel_name=$KERNEL_NAME kernel_package=$KERNEL_PACKAGE"
if [ -n "$keep_log" ]; then
  cp "$log" "$keep_log"; line="$line log=$keep_log"
elif [ "$status" != ok ]; then
  mkdir -p "$cache/logs"; kept="$cache/logs/console-$(date +%Y%m%dT%H%M%S)-$$.log"
  cp "$log" "$kept"; line="$line log=$kept"
fi
echo "$line"
if [ "$status" = panic ] && [ -n "$panic_idx" ] && [ "${panic_scn%%-*}" = "$(printf '%03d' "$panic_idx")" ]; then
  echo "run-qemu: the guest panicked in ${panic_scn} (errors=panic: expected)" >&2
  exit 0
fi
if [ "$status" != ok ]; then
  [ -s "$tmp/qemu.err" ] && sed 's/^/run-qemu: qemu: /' "$tmp/qemu.err" >&2
  echo "run-qemu: the guest did not finish (status=$status); the console's last lines:" >&2
  grep -av 'WBERR ' "$log" | tail -25 | sed 's/^/run-qemu: console: /' >&2
  echo "run-qemu: console log: ${kept:-$keep_log}" >&2
  [ -n "$sig" ] && exit "$sig_code"
  exit 3
fi
exit 0
