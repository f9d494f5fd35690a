#!/usr/bin/env bash
# Installs what the console's browser tests drive: Debian's chromium and chromium-driver (/usr/bin/chromium,
# /usr/bin/chromedriver). Without them `make test` skips the browser tests and says so.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    echo "browser: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1)"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "browser: no apt-get here; install chromium and chromedriver to run the browser tests" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
echo "browser: installed $(chromium --version 2>/dev/null | head -1)"
