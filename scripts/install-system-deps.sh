#!/usr/bin/env bash
# Installs the Debian packages Tandem's tests and tools use; skips the install when they are all present.
set -euo pipefail
packages=(espeak-ng flite sox ffmpeg chromium xvfb xauth python3-numpy python3-venv python3-torch libopenblas0-pthread fonts-dejavu-core fonts-liberation)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
