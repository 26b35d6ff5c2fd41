#!/usr/bin/env bash
# check.sh: run step files on the kernel and compare each result with the file's expectation.
#
#   check.sh [run-qemu.sh options] STEPS-FILE...
#
# Runs run-qemu.sh (one boot for all files), then, per scenario: PASS when every step with an
# expectation (`=> 0|EIO|ENOSPC`) was performed and returned it, FAIL (with the step, line,
# expected and actual result) when one differs, NOT-JUDGED when a step could not be performed
# (unsupported, precondition-failed, invalid, harness-error: the reason is printed) or the
# scenario was skipped. Ends with "N of M passed". The WBERR lines are kept in a file named on
# stderr. Exit codes: 0 all passed; 1 a result differs or a scenario was not judged; 2 usage;
# 3 the run failed (see run-qemu.sh).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -gt 0 ] || { echo "usage: check.sh [run-qemu.sh options] STEPS-FILE..." >&2; exit 2; }
out="$(mktemp "${TMPDIR:-/tmp}/wberr-check.XXXXXX")"
"$here/run-qemu.sh" "$@" > "$out"
rc=$?
[ "$rc" -eq 2 ] && exit 2
awk '
  function field(k,   i, n, a) {        # value of key k in the current line ("" if absent)
    n = split($0, a, " ")
    for (i = 1; i <= n; i++) if (index(a[i], k "=") == 1) return substr(a[i], length(k) + 2)
    return ""
  }
  function reason(   r) {                # the quoted reason="..." value
    if (match($0, /reason="([^"\\]|\\.)*"/)) return substr($0, RSTART + 7, RLENGTH - 7)
    return ""
  }
  $1 != "WBERR" { next }
  $2 == "begin" { sc = field("scenario"); order[++n] = sc; verdict[sc] = "PASS"; detail[sc] = "" }
  $2 == "step" {
    sc = field("scenario"); st = field("status"); ex = field("expect")
    if (st != "done") {
      if (verdict[sc] == "PASS") { verdict[sc] = "NOT-JUDGED"; detail[sc] = "step " field("n") " (line " field("line") ", " field("op") "): " st " " reason() }
    } else if (ex != "" && field("errno") != ex && verdict[sc] == "PASS") {
      verdict[sc] = "FAIL"
      detail[sc] = "step " field("n") " (line " field("line") ", " field("op") " " field("fd") "): expected " ex ", kernel returned " field("errno")
    }
  }
  $2 == "end" {
    sc = field("scenario"); st = field("status")
    if ((st == "invalid" || st == "skipped" || st == "harness-error") && verdict[sc] == "PASS") { verdict[sc] = "NOT-JUDGED"; detail[sc] = st " " reason() }
    ended[sc] = 1
  }
  END {
    passed = 0
    for (i = 1; i <= n; i++) {
      sc = order[i]
      if (!ended[sc] && verdict[sc] == "PASS") { verdict[sc] = "NOT-JUDGED"; detail[sc] = "no end line (the guest stopped)" }
      printf "%-10s %s%s\n", verdict[sc], sc, detail[sc] == "" ? "" : ": " detail[sc]
      if (verdict[sc] == "PASS") passed++
    }
    printf "%d of %d passed\n", passed, n
    exit passed == n ? 0 : 1
  }' "$out"
verdict=$?
echo "check: WBERR lines in $out" >&2
[ "$rc" -ne 0 ] && exit 3
exit "$verdict"
