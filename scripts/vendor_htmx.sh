#!/bin/sh
# Vendor htmx from the npm registry into the web package's static files.
set -eu
version="${1:-2.0.11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "htmx.org@$version" --silent >/dev/null && tar xzf htmx.org-*.tgz)
cp "$work/package/dist/htmx.min.js" src/prospects/web/static/htmx.min.js
echo "htmx $version vendored; update src/prospects/web/static/PROVENANCE.md"
