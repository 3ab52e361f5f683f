#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/browser/**), which
# drive it with playwright-core. playwright-core never downloads a browser of
# its own here: the tests point it at /usr/bin/chromium.
# Safe to run more than once; does nothing when Chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: /usr/bin/chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: not root and no sudo: cannot install chromium; browser tests will skip" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core; }; then
  echo "install-chromium: apt-get could not install chromium; browser tests will skip" >&2
  exit 0
fi
echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
