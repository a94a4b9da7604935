#!/usr/bin/env bash
# `npm run test:e2e`: the package in real n8n (2.41.1 and 1.123.81), installed from its npm
# tarball, plus the editor in a real browser.
#
# 1. Chromium: installed from Debian when /usr/bin/chromium (or $CHROMIUM_PATH) is missing, but
#    only where this script may install system packages (root, or CI=true with sudo). Elsewhere
#    the browser test is skipped with a message; everything else still runs.
# 2. Runs the e2e jest suite. Its global setup builds dist/, checks the packed tarball and
#    installs Node 24 and both n8n versions into ${N8N_FINOUT_CACHE:-$HOME/.cache/n8n-nodes-finout},
#    where later runs reuse them.
#
# Duration on the reference machine (2 cores, 23 GB):
#   warm (cache present, Chromium installed): about 4 min
#   cold (empty cache and npm cache, no Chromium): about 16 min
#     (Chromium ~1 min, n8n 2.41.1 6.4 min + 1.123.81 4.2 min measured, tests ~4 min)
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		sudo=""
	elif [ "${CI:-}" = "true" ] && command -v sudo >/dev/null; then
		sudo="sudo"
	else
		sudo="none"
	fi
	if [ "$sudo" = "none" ]; then
		echo "[e2e] $chromium is missing and this is neither root nor CI: the browser test will be SKIPPED."
		echo "[e2e] To run it: sudo apt-get install -y chromium fonts-liberation (or set CHROMIUM_PATH)."
	else
		echo "[e2e] $chromium missing: installing Debian chromium + fonts-liberation"
		start=$(date +%s)
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation >/dev/null
		echo "[e2e] chromium installed in $(( $(date +%s) - start )) s"
	fi
fi

# A fresh clone has no node_modules yet (jest, tsx, playwright-core, undici).
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi

npm run test:e2e:jest -- "$@"
