#!/usr/bin/env bash
# Sets up a fresh machine for development and tests: the system tools the tests use, then the
# exact npm dependencies from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# AWS CLI v2 (Debian's awscli) is the independent client that proves the local AWS endpoint
# speaks the real wire protocol; Debian's Chromium is the browser the end-to-end tests drive
# (playwright-core downloads no browser).
missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Cypress (a shell dependency) would download a binary we neither need nor can fetch.
CYPRESS_INSTALL_BINARY=0 npm ci --no-audit --no-fund
