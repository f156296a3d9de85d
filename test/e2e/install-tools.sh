#!/usr/bin/env bash
# Installs what the e2e UI check needs to run a real VS Code here (see shared/vscode-host.md):
# Debian packages (chromium, ripgrep, native build deps), a pre-filled ripgrep download cache,
# and code-server + playwright-core in a tools folder that is NOT part of the project's package.json.
#
#   TAPIPKT_E2E_TOOLS  tools folder (default: <repo>/.e2e-tools, git-ignored)
#
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${TAPIPKT_E2E_TOOLS:-$REPO/.e2e-tools}"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
RG_CACHE_DIR="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TGZ="$RG_CACHE_DIR/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
APT_PKGS=(build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
  chromium ripgrep curl)

t0=$SECONDS
log() { echo "[install-tools +$((SECONDS - t0))s] $*"; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

# 1. Debian packages (apt-get update only when something is missing).
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
else
  log "apt: all packages present"
fi

# 2. Ripgrep cache for @vscode/ripgrep@1.15.11 (it cannot download from GitHub here).
if [ ! -s "$RG_TGZ" ]; then
  log "ripgrep cache: $RG_TGZ"
  mkdir -p "$RG_CACHE_DIR"
  tmp="$(mktemp -d)"
  cp /usr/bin/rg "$tmp/rg"
  tar -czf "$RG_TGZ.tmp" -C "$tmp" rg
  mv "$RG_TGZ.tmp" "$RG_TGZ"
  rm -rf "$tmp"
else
  log "ripgrep cache: present"
fi

# 3. code-server + playwright-core in the tools folder.
pkg_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }
MARKER="$TOOLS/.installed-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"
if [ -f "$MARKER" ] &&
  [ "$(pkg_version "$TOOLS/node_modules/code-server")" = "$CODE_SERVER_VERSION" ] &&
  [ "$(pkg_version "$TOOLS/node_modules/playwright-core")" = "$PLAYWRIGHT_VERSION" ] &&
  [ -x "$TOOLS/node_modules/.bin/code-server" ]; then
  log "npm: code-server@$CODE_SERVER_VERSION and playwright-core@$PLAYWRIGHT_VERSION present in $TOOLS"
else
  log "npm: installing code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $TOOLS"
  mkdir -p "$TOOLS"
  rm -f "$TOOLS"/.installed-*
  # Its own package.json so npm never walks up into the project's.
  if [ ! -f "$TOOLS/package.json" ]; then
    printf '{\n  "name": "tapipkt-e2e-tools",\n  "private": true\n}\n' >"$TOOLS/package.json"
  fi
  (
    cd "$TOOLS"
    export npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr
    npm install --no-audit --no-fund --save-exact \
      "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
  )
  "$TOOLS/node_modules/.bin/code-server" --version >/dev/null
  touch "$MARKER"
fi
log "done: $("$TOOLS/node_modules/.bin/code-server" --version | head -1)"
