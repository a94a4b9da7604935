#!/usr/bin/env bash
# End-to-end tests against real n8n (2.41.1 and 1.123.81) and a real browser, for CI.
#
# 1. Installs Debian Chromium when /usr/bin/chromium is missing (root or sudo + apt).
# 2. Runs `npm run test:e2e`. Its global setup builds dist/ and installs Node 24 and both n8n
#    versions into ${N8N_FINOUT_CACHE:-$HOME/.cache/n8n-nodes-finout}, where later runs reuse them.
#
# Duration on the reference machine (2 cores, 23 GB):
#   warm (cache present, Chromium installed): about 4 min (measured 3.5 min)
#   cold (empty cache and npm cache, no Chromium): about 16 min
#     (Chromium ~1 min, n8n 2.41.1 6.4 min + 1.123.81 4.2 min measured, tests ~4 min)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
	echo "[ci-e2e] /usr/bin/chromium missing: installing Debian chromium + fonts-liberation"
	start=$(date +%s)
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation >/dev/null
	echo "[ci-e2e] chromium installed in $(( $(date +%s) - start )) s"
fi

# A fresh clone has no node_modules yet (jest, tsx, playwright-core, undici).
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi

npm run test:e2e
