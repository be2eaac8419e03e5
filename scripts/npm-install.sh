#!/usr/bin/env bash
# npm ci in each folder given, when its node_modules is missing or older than its lock file.
set -euo pipefail
for dir in "$@"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "npm ci in $dir"
    # one retry: npm ci has failed here once with a transient ENOENT inside node_modules
    (cd "$dir" && { npm ci --no-audit --no-fund --loglevel=error ||
      { rm -rf node_modules && npm ci --no-audit --no-fund --loglevel=error; }; })
    [ -f "$dir/node_modules/.package-lock.json" ] || { echo "npm ci in $dir did not complete" >&2; exit 1; }
  fi
done
