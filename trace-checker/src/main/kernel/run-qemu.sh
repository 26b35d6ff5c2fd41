#!/usr/bin/env bash
# run-qemu.sh: run scenarios on the real kernel, all in one boot of a QEMU guest.
#
#   run-qemu.sh [--timeout SECONDS] [--trigger page|sync] [--log FILE] [--smp N] STEPS-FILE...
#
# Builds what is missing (build.sh; install-deps.sh must have run), boots the cached Debian kernel
# under QEMU software emulation (TCG; KVM is never used) with the ext4 image as a virtio disk
# (snapshot=on: the cached image is never modified; werror/rerror=report), runs every STEPS-FILE
# in the order given, powers the guest off, and prints the guest's WBERR lines to stdout as they
# arrive, then one `WBERR host ...` line of its own (status, timings). README.md has the protocol.
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

usage() { echo "usage: run-qemu.sh [--timeout SECONDS] [--trigger page|sync] [--log FILE] [--smp N] STEPS-FILE..." >&2; exit 2; }
die() { echo "run-qemu: ERROR: $*" >&2; exit 3; }

timeout=""; trigger=page; keep_log=""; smp=1; files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) [ $# -ge 2 ] || usage; timeout="$2"; shift 2 ;;
    --timeout=*) timeout="${1#*=}"; shift ;;
    --trigger) [ $# -ge 2 ] || usage; trigger="$2"; shift 2 ;;
    --trigger=*) trigger="${1#*=}"; shift ;;
    --log) [ $# -ge 2 ] || usage; keep_log="$2"; shift 2 ;;
    --log=*) keep_log="${1#*=}"; shift ;;
    --smp) [ $# -ge 2 ] || usage; smp="$2"; shift 2 ;;
    --smp=*) smp="${1#*=}"; shift ;;
    -h|--help) sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found; run $here/install-deps.sh"
command -v setpriv >/dev/null || die "setpriv (util-linux) not found"
"$here/build.sh" >&2 || exit 3
cache="$(cd "$cache" && pwd)"
# shellcheck disable=SC1091
. "$cache/build/build.env"

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
  -drive "file=$DISK,format=raw,if=none,id=disk0,snapshot=on,cache=unsafe,werror=report,rerror=report" \
  -device virtio-blk-pci,drive=disk0 \
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

t_of() { awk -v k="$1" '$1 == k {print $2; exit}' "$tmp/times" 2>/dev/null || true; }
hello="$(t_of hello)"; first="$(t_of first_step)"; done_t="$(t_of done)"
if [ -z "$status" ]; then
  if [ -n "$done_t" ]; then status=ok
  elif [ -z "$hello" ] && [ "$qemu_rc" != 0 ]; then status=qemu-error
  else status=incomplete; fi
fi
line="WBERR host status=$status qemu_exit=$qemu_rc wall_ms=$(( end_ms - start_ms ))"
[ -n "$hello" ] && line="$line hello_ms=$(( hello - start_ms ))"
[ -n "$first" ] && line="$line first_step_ms=$(( first - start_ms ))"
[ -n "$done_t" ] && line="$line done_ms=$(( done_t - start_ms ))"
line="$line scenarios=${#files[@]} trigger=$trigger kernel=$KERNEL_RELEASE"
if [ -n "$keep_log" ]; then
  cp "$log" "$keep_log"; line="$line log=$keep_log"
elif [ "$status" != ok ]; then
  mkdir -p "$cache/logs"; kept="$cache/logs/console-$(date +%Y%m%dT%H%M%S)-$$.log"
  cp "$log" "$kept"; line="$line log=$kept"
fi
echo "$line"
if [ "$status" != ok ]; then
  [ -s "$tmp/qemu.err" ] && sed 's/^/run-qemu: qemu: /' "$tmp/qemu.err" >&2
  echo "run-qemu: the guest did not finish (status=$status); console log: ${kept:-$keep_log}" >&2
  [ -n "$sig" ] && exit "$sig_code"
  exit 3
fi
exit 0
