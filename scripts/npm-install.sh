#!/usr/bin/env bash
# npm ci in each folder given, when its node_modules is missing or older than its lock file.
set -euo pipefail
for dir in "$@"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
