#!/usr/bin/env bash
# The system programs the web service's tests drive: a real redis-server and headless
# Chromium, both from Debian. Idempotent: returns at once when both are on the PATH, so
# scripts/test.sh calls it on every run. Prints the binaries' paths when done.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  # Other jobs on a CI machine may hold the dpkg lock; wait for it instead of failing.
  apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
  echo "installing ${need[*]} (Debian packages for the web service tests)"
  if ! "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}"
  fi
fi
echo "redis-server: $(command -v redis-server)"
echo "chromium: $(command -v chromium)"
