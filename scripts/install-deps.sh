#!/usr/bin/env bash
# Installs what fleetkam needs from Debian packages, only what is missing.
# Called by `make deps` (and so by `make run` and `make test`).
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
  libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  libopencc-dev opencc libutf8proc-dev libicu-dev libxlsxwriter-dev libzip-dev libpugixml-dev
  libssl-dev ca-certificates zlib1g-dev libbrotli-dev
  clang-format clang-tidy
  # make fuzz-build: clang, and its libFuzzer and sanitizer runtimes (only a Recommends of clang-14,
  # which --no-install-recommends leaves out)
  clang libclang-rt-14-dev
  postgresql
  wrk chromium fonts-noto-cjk
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js 20 with npm: any install that provides the commands will do (Debian's or another).
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
