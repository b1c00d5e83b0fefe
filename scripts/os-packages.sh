#!/usr/bin/env bash
# Installs Debian packages the project needs where they are missing: os-packages.sh <label> <package>...
# Needs apt and root or sudo; elsewhere it says what to install and fails.
set -euo pipefail
label=$1
shift
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[$label] install $* (Debian/Ubuntu package names)" >&2
  exit 1
fi
echo "[$label] installing $* from the OS packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
