#!/usr/bin/env bash
# check.sh: run step files on the kernel and compare each result with the file's expectation.
#
#   check.sh [run-qemu.sh options] STEPS-FILE...
#
# Runs run-qemu.sh (one boot for all files), then, per scenario: PASS when every step with an
# expectation (`=> 0|EIO|ENOSPC|EROFS`) was performed and returned it and every key of every
# `expect` line that the kernel can observe has the stated value, FAIL (with the step, line,
# expected and actual result) when one differs, NOT-JUDGED when a step could not be performed
# (unsupported, precondition-failed, invalid, harness-error: the reason is printed) or the
# scenario was skipped. `internal` steps and `unknown` keys are counted, not judged. A scenario
# cut short by a kernel panic is judged on the steps before it (the panic is named). Ends with "N of M passed". The WBERR lines are kept in a file named on
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
    n = split(L, a, " ")
    for (i = 1; i <= n; i++) if (index(a[i], k "=") == 1) return substr(a[i], length(k) + 2)
    return ""
  }
  function quoted(k,   r) {              # the quoted k="..." value
    if (match($0, k "=\"([^\"\\\\]|\\\\.)*\"")) return substr($0, RSTART + length(k) + 2, RLENGTH - length(k) - 3)
    return ""
  }
  function fail(sc, msg) { if (verdict[sc] == "PASS") { verdict[sc] = "FAIL"; detail[sc] = msg } else if (verdict[sc] == "FAIL") detail[sc] = detail[sc] "; " msg }
  $1 != "WBERR" { next }
  { L = $0 }
  $2 == "step" && / asked="/ {           # the observed values only: the asked keys removed
    if (match(L, " asked=\"[^\"]*\"")) L = substr(L, 1, RSTART - 1) substr(L, RSTART + RLENGTH)
  }
  $2 == "begin" { sc = field("scenario"); order[++n] = sc; verdict[sc] = "PASS"; detail[sc] = ""; nj[sc] = 0 }
  $2 == "step" {
    sc = field("scenario"); st = field("status"); ex = field("expect")
    if (st == "internal") { nj[sc]++; next }
    if (st != "done") {
      if (verdict[sc] == "PASS") { verdict[sc] = "NOT-JUDGED"; detail[sc] = "step " field("n") " (line " field("line") ", " field("op") "): " st " " quoted("reason") }
      next
    }
    if (ex != "" && field("errno") != ex)
      fail(sc, "line " field("line") " " field("op") " " field("fd") ": expected " ex ", kernel returned " field("errno"))
    if (field("op") == "expect") {
      c = split(quoted("asked"), kv, " ")
      for (i = 1; i <= c; i++) {
        k = substr(kv[i], 1, index(kv[i], "=") - 1); v = substr(kv[i], index(kv[i], "=") + 1); got = field(k)
        if (got == "" || got == "unknown") nj[sc]++
        else if (got != v) fail(sc, "line " field("line") " expect " field("block") " " k "=" v ": kernel " got)
      }
    }
  }
  $2 == "panic" { sc = field("scenario"); panicked[sc] = field("n") }
  $2 == "end" {
    sc = field("scenario"); st = field("status")
    if ((st == "invalid" || st == "skipped" || st == "harness-error") && verdict[sc] == "PASS") { verdict[sc] = "NOT-JUDGED"; detail[sc] = st " " quoted("reason") }
    ended[sc] = 1
  }
  END {
    passed = 0
    for (i = 1; i <= n; i++) {
      sc = order[i]
      if (!ended[sc] && sc in panicked) detail[sc] = detail[sc] (detail[sc] == "" ? "" : "; ") "the kernel panicked at step " panicked[sc] " (see the WBERR panic and disk lines)"
      else if (!ended[sc] && verdict[sc] == "PASS") { verdict[sc] = "NOT-JUDGED"; detail[sc] = "no end line (the guest stopped)" }
      if (nj[sc]) detail[sc] = detail[sc] (detail[sc] == "" ? "" : "; ") nj[sc] " not observable (internal steps, unknown keys)"
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
