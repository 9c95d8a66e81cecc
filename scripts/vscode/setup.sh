#!/usr/bin/env bash
# Installs the real VS Code that the in-editor and browser tests run in (DESIGN.md §7):
# code-server 4.100.3's bundled VS Code 1.100.3 in test/host/node_modules, plus Debian's Chromium.
# Only the npm registry and Debian's mirrors are used. Idempotent: a stamp in test/host/node_modules
# makes a second run take well under a second.
#
#   bash scripts/vscode/setup.sh          # as root: installs missing Debian packages too
#
# code-server's own postinstall (and some of its dependencies' install scripts) download prebuilt
# binaries, so everything is installed with --ignore-scripts and its postinstall is done by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HOST="$ROOT/test/host"
CS="$HOST/node_modules/code-server"
VS="$CS/lib/vscode"
STAMP="$HOST/node_modules/.costlens-setup-ok"
export DEBIAN_FRONTEND=noninteractive npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
t0=$(date +%s)
step() { printf '[setup %ss] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }
die() { printf 'scripts/vscode/setup.sh: %s\n' "$*" >&2; exit 1; }

# One setup at a time (test:editor and test:browser may start it together).
exec 9>"$HOST/.setup.lock"
flock 9

# --- Debian packages ---------------------------------------------------------------------------
# Build deps of VS Code's native modules (kerberos, native-keymap, node-pty, spdlog...), ripgrep (in
# place of @vscode/ripgrep's download; the workbench's search and workspaceContains use it), the
# browser and its fonts. Checked on every run, with one dpkg-query call.
APT_PKGS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep python3 make g++
  chromium fonts-liberation fonts-dejavu-core)
missing=()
if command -v dpkg-query >/dev/null; then
  # Exits 1 when a package is unknown to dpkg: that one is simply missing.
  installed=" $(dpkg-query -W -f='${Package}=${Status}\n' "${APT_PKGS[@]}" 2>/dev/null | sed -n 's/=install ok installed$//p' | tr '\n' ' ' || true) "
  for p in "${APT_PKGS[@]}"; do [[ $installed == *" $p "* ]] || missing+=("$p"); done
else
  step "no dpkg: not Debian; make sure the equivalents of these are installed: ${APT_PKGS[*]}"
fi
if (( ${#missing[@]} )); then
  if [[ $(id -u) == 0 ]]; then
    step "apt-get install ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing Debian packages. Install them as root, then run this again:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  fi
fi

# --- VS Code ------------------------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]')
[[ $node_major == 20 ]] || die "code-server 4.100.3 needs Node 20; this is Node $(node --version)"
# The stamp records what was installed with what; anything else means install again.
want="$(sha256sum "$HOST/package-lock.json" | cut -d' ' -f1) node-$(node --version)"
if [[ -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
  step "VS Code $(node -p "require('$VS/package.json').version") already set up in test/host"
  exit 0
fi

# node-gyp builds against Node's own headers; without them it would download them from nodejs.org.
if [[ -z ${npm_config_nodedir:-} ]]; then
  prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  [[ -f $prefix/include/node/node.h ]] || die "no Node headers at $prefix/include/node (node-gyp would download them); set npm_config_nodedir"
  export npm_config_nodedir="$prefix"
fi

step "npm ci --ignore-scripts in test/host (code-server $(node -p "require('$HOST/package.json').dependencies['code-server']"))"
(cd "$HOST" && npm ci --ignore-scripts --loglevel=error)

# npm install, not ci: VS Code's shrinkwrap lacks tslib, which npm ci refuses.
step "npm install --omit=dev --ignore-scripts in lib/vscode (VS Code's own dependencies)"
(cd "$VS" && npm install --omit=dev --ignore-scripts --loglevel=error)

# @vscode/ripgrep's postinstall downloads rg from GitHub and skips when bin/ exists.
step "ripgrep: Debian's $(command -v rg) in place of @vscode/ripgrep's download"
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp -f "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"

# Native modules from source. build_from_source=kerberos stops kerberos's prebuild-install from
# trying GitHub first (a "true" would also make @parcel/watcher skip its prebuilt npm package);
# npm_config_yes lets node-pty's `npx node-gyp` proceed without a prompt; JOBS=max runs make on all
# cores (30 s -> 25 s on 2).
step "npm rebuild in lib/vscode (native modules with node-gyp)"
(cd "$VS" && JOBS=max npm_config_build_from_source=kerberos npm_config_yes=true npm rebuild --loglevel=error >/dev/null)

step "symlinks that code-server's postinstall.sh makes"
ln -sfn node_modules "$VS/node_modules.asar"
ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"

# The built-in extensions share TypeScript from here (the TS/JS language features need it); its
# postinstall only trims TypeScript.
step "npm install --omit=dev in lib/vscode/extensions (built-in extensions' shared dependencies)"
(cd "$VS/extensions" && npm install --omit=dev --loglevel=error >/dev/null)

# code-server's own CLI (out/node/entry.js) is not used: the scripts start lib/vscode's server
# directly, so argon2 (its password hashing, whose install downloads a prebuilt binary) stays unbuilt.

step "checks"
node -e "require('$VS/node_modules/node-pty'); require('$VS/node_modules/@vscode/spdlog'); require('$VS/node_modules/kerberos')"
"$VS/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x $chromium ]] || die "no Chromium at $chromium (set CHROMIUM_PATH)"
printf '%s' "$want" > "$STAMP"
step "set up VS Code $(node -p "require('$VS/package.json').version"), $("$chromium" --version 2>/dev/null)"
