#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests where they are missing
# (web pages are tested in a real headless Chromium). Needs apt and root or sudo.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "[browser] chromium and chromedriver present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[browser] install Chromium and ChromeDriver (Debian: chromium chromium-driver) or set CHROMIUM/CHROMEDRIVER" >&2
  exit 1
fi
echo "[browser] installing chromium and chromium-driver from the OS packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
