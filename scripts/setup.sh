#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes a fresh Debian 12 machine ready to build, test and run Kasane. Safe to run again: a second run only
# asks dpkg what is installed and compares two timestamps, so it takes well under a second.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
    build-essential cmake ninja-build ccache pkg-config g++ curl
    libboost-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev nlohmann-json3-dev libicu-dev liboath-dev
    libzip-dev libexpat1-dev  # reading XLSX files for the import (a zip archive of XML parts)
    libxlsxwriter-dev  # writing XLSX files (the 福祉行政報告例 counts of 民生委員 activity)
    libgtest-dev googletest
    postgresql postgresql-contrib
    chromium fonts-noto-cjk wrk nginx poppler-utils
    pgbouncer  # the connection pooler in front of PostgreSQL (tests/pooler, docs/deployment.md)
    clang-14 libclang-rt-14-dev clang-format clang-tidy
    unicode-data kanjidic-xml bzip2  # sources of the variant kanji table (src/base/kanji_variants.hpp)
)

# Node.js may come from outside Debian (NodeSource, nvm): a node of v18 or newer is used as it is. Debian's
# nodejs and npm are installed only when there is no node at all, because they would conflict with the others.
node_note=""
if command -v node >/dev/null 2>&1; then
    node_version="$(node --version 2>/dev/null || echo unknown)"
    node_major="${node_version#v}"
    node_major="${node_major%%.*}"
    if [[ "${node_major}" =~ ^[0-9]+$ ]] && ((node_major >= 18)); then
        node_note="node ${node_version} already present (not installing Debian's nodejs/npm)"
    else
        node_note="WARNING: node ${node_version} is older than v18; the browser tests need v18 or newer"
    fi
    if ! command -v npm >/dev/null 2>&1; then
        node_note="${node_note}; WARNING: npm not found next to node"
    fi
else
    packages+=(nodejs npm)
    node_note="node absent: installing Debian's nodejs and npm"
fi

# One dpkg-query call for all packages; a package dpkg has never heard of prints nothing on stdout.
installed="$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '$NF == "installed" && $(NF-1) == "ok" {print $1}' || true)"
missing=()
for package in "${packages[@]}"; do
    if ! grep -qxF "${package}" <<<"${installed}"; then
        missing+=("${package}")
    fi
done

if ((${#missing[@]} > 0)); then
    sudo_command=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "setup: missing packages (${missing[*]}) and not root, and sudo is not installed" >&2
            exit 1
        fi
        sudo_command=(sudo)
    fi
    echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
    "${sudo_command[@]}" apt-get update
    "${sudo_command[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "setup: all ${#packages[@]} Debian packages already installed"
fi
echo "setup: ${node_note}"

# JavaScript dependencies of the browser tests. Chromium comes from Debian, so the npm packages must not try to
# download their own browser (there is no internet here besides apt and the npm registry).
if [[ ! -f package.json ]]; then
    echo "setup: no package.json yet; skipping npm ci"
elif [[ ! -f package-lock.json ]]; then
    echo "setup: package.json has no package-lock.json beside it; skipping npm ci (run 'npm install' once to create it)"
elif [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
    echo "setup: running npm ci"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
else
    echo "setup: node_modules is up to date with package-lock.json"
fi
