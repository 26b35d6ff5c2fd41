#!/usr/bin/env bash
# install-chromium.sh: make sure Debian's chromium is installed, for the browser test of the HTML report
# (profile browser, ReportInBrowserTest). Idempotent: installs with apt-get only when chromium is missing.
#
# Prints the browser's path on stdout. Exit codes: 0 ready; 3 the environment cannot be prepared (not root
# while chromium is missing, apt-get failed): the message says which command to run.
set -euo pipefail

log() { echo "install-chromium: $*" >&2; }
fail() { echo "install-chromium: ERROR: $*" >&2; exit 3; }

installed() { [ "$(dpkg-query -W -f='${Status}' chromium 2>/dev/null)" = "install ok installed" ]; }

if ! installed; then
  command -v apt-get >/dev/null || fail "chromium is missing and this host has no apt-get (Debian 12 expected)"
  if [ "$(id -u)" -ne 0 ]; then
    fail "chromium is missing; install it as root: sudo apt-get install -y chromium"
  fi
  log "apt-get install chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q chromium >&2; } \
    || fail "apt-get install chromium failed (network or apt sources?)"
fi
command -v chromium || fail "the chromium package is installed but no chromium is on PATH"
