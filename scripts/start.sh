#!/usr/bin/env bash
# `npm start`: the desktop app when Electron's binary and a display exist, otherwise the headless demo (and why).
set -euo pipefail
cd "$(dirname "$0")/.."
electron_ok=1
node -e "require('electron')" >/dev/null 2>&1 || electron_ok=0
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" = "Darwin" ] || electron_ok=0
if [ "$electron_ok" = "1" ] && [ -x "$(node -p "require('electron')" 2>/dev/null)" ]; then
  exec npx electron-vite preview
fi
echo "start: no Electron binary or no display here, so running the headless demo instead (tandem run on resources/demo)." >&2
npm run build --silent
exec node --max-semi-space-size=4 bin/tandem.js run resources/demo/demo.scenario.json --out out/demo
