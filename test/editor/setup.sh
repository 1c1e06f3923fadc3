#!/usr/bin/env bash
# Installs what the in-editor tests need on a Debian machine without access to
# VS Code's own downloads: Debian's Chromium, code-server 4.99.4 (VS Code 1.99.3)
# and playwright-core, in test/editor/node_modules (apart from the extension).
set -euo pipefail
cd "$(dirname "$0")"

need=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test/editor/setup.sh: please install: ${need[*]} (apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# @vscode/ripgrep's postinstall downloads a binary; hand it Debian's rg instead.
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d)
  cp /usr/bin/rg "$tmp/rg"
  tar czf "$tarball" -C "$tmp" rg
  rm -rf "$tmp"
fi

# code-server's postinstall refuses root without unsafe-perm, and node-pty's runs npx node-gyp.
if [ ! -f node_modules/code-server/out/node/entry.js ]; then
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund
fi
echo "in-editor test harness ready"
