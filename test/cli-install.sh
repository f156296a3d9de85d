#!/usr/bin/env bash
# The README's set-up, as a new user follows it: `npm pack`, then `npm install -g` of the tarball
# (here into a temporary prefix, offline: the package has no dependencies, so the registry is
# never asked), `tapipkt --version` from that prefix, then every `$ tapipkt ...` example of
# README.md run verbatim with that prefix on PATH, its output compared with the README's; and
# `npm link` (the README's other way) into a second temporary prefix.
# Needs dist/ built (`npm run package` or `npm run build`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for f in dist/cli.js dist/lib.js; do
  [ -f "$f" ] || { echo "cli-install: $f is missing; run npm run package (or npm run build) first" >&2; exit 1; }
done
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

npm pack --silent --pack-destination "$TMP" >"$TMP/pack.out"
TGZ="$TMP/$(tail -n 1 "$TMP/pack.out")"
tar -tzf "$TGZ" | sort >"$TMP/files"
echo "cli-install: $(basename "$TGZ") ($(stat -c %s "$TGZ") bytes): $(tr '\n' ' ' <"$TMP/files")"
for f in package/package.json package/dist/cli.js package/dist/lib.js package/README.md; do
  grep -qx "$f" "$TMP/files" || { echo "cli-install: the tarball lacks $f" >&2; exit 1; }
done

npm install -g --prefix "$TMP/prefix" --offline --no-audit --no-fund "$TGZ"
want="$(node -p 'require("./package.json").version')"
got="$("$TMP/prefix/bin/tapipkt" --version)"
[ "$got" = "$want" ] || { echo "cli-install: tapipkt --version printed '$got', expected '$want'" >&2; exit 1; }
echo "cli-install: $TMP/prefix/bin/tapipkt --version -> $got"
# The library is reachable from the installed package too.
node -e 'const l = require(process.argv[1]); if (typeof l.encodeJson !== "function") process.exit(1)' "$TMP/prefix/lib/node_modules/tapipkt/dist/lib.js"

# The README's other way: `npm link` points a global tapipkt (here in another prefix) at this checkout.
npm_config_prefix="$TMP/linked" npm link --offline --no-audit --no-fund >/dev/null
got="$("$TMP/linked/bin/tapipkt" --version)"
[ "$got" = "$want" ] || { echo "cli-install: the npm link'ed tapipkt --version printed '$got'" >&2; exit 1; }
echo "cli-install: npm link -> $TMP/linked/bin/tapipkt --version -> $got"

node test/readme-examples.mjs "$TMP/prefix/bin"
