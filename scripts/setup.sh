#!/usr/bin/env bash
# One-step setup on a fresh machine: system packages, then npm ci with the variables this toolchain needs.
#   scripts/setup.sh          headless use and tests (no Electron binary, onnxruntime CPU)
#   scripts/setup.sh --app    also fetch Electron's binary for the desktop app, where the network allows it
set -euo pipefail
cd "$(dirname "$0")/.."

"$(dirname "$0")/install-system-deps.sh"

# onnxruntime-node's install step downloads CUDA libraries; skipped unless asked (TANDEM_ORT_CUDA=1),
# which keeps the bundled CPU build (and the CPU execution provider) everywhere else.
if [ "${TANDEM_ORT_CUDA:-0}" != "1" ]; then export ONNXRUNTIME_NODE_INSTALL=skip; fi

if [ "${1:-}" = "--app" ] && [ -z "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; then
  if npm ci --no-audit --no-fund; then exit 0; fi
  echo "setup: Electron's binary could not be downloaded here; installing without it (the headless modes work, the desktop app does not)." >&2
fi
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
