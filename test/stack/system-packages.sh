#!/usr/bin/env bash
# Installs the Debian packages the local stack needs when they are missing, on first run only:
# Java (DynamoDB Local), Go (builds the S3 gateway) and, with --browser, Chromium (browser tests).
# `npm start` and `npm test` run it first, so a fresh Debian machine needs nothing typed beforehand.
set -euo pipefail

missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
command -v go >/dev/null || [ -x .tools/bin/versitygw ] || missing+=(golang-go)
if [ "${1:-}" = --browser ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing ${missing[*]} from Debian's packages (first run only; apt shows its progress)..."
started=$SECONDS
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
echo "  done in $((SECONDS - started)) s"
