#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests where they are missing
# (web pages are tested in a real headless Chromium).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "[browser] chromium and chromedriver present"
  exit 0
fi
"$(dirname "$0")/os-packages.sh" browser chromium chromium-driver
