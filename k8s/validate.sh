#!/usr/bin/env bash
# Renders k8s/base and every overlay with kustomize and checks the result offline (no cluster needed):
# Kubernetes objects against their schemas, the Strimzi / CloudNativePG / MinIO resources and ChatPro's own
# rules by hand (validate/validate.mjs). Needs kubectl (or kustomize) and Node.js 18+; installs the checker's
# pinned npm packages into validate/node_modules on first use.
#   bash k8s/validate.sh                 # base + overlays/*
#   bash k8s/validate.sh DIR...          # just these kustomization directories
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if command -v kubectl > /dev/null; then
  render=(kubectl kustomize)
elif command -v kustomize > /dev/null; then
  render=(kustomize build)
else
  echo "validate.sh needs kubectl or kustomize on the PATH" >&2
  exit 2
fi
command -v node > /dev/null || { echo "validate.sh needs Node.js 18+ (node) on the PATH" >&2; exit 2; }

checker="$here/validate"
if [ ! -f "$checker/node_modules/.package-lock.json" ] ||
   [ "$checker/package-lock.json" -nt "$checker/node_modules/.package-lock.json" ]; then
  (cd "$checker" && npm ci --no-audit --no-fund --loglevel=error < /dev/null)
fi

if [ "$#" -gt 0 ]; then
  dirs=("$@")
else
  dirs=("$here/base")
  for overlay in "$here"/overlays/*/; do
    dirs+=("${overlay%/}")
  done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for dir in "${dirs[@]}"; do
  label=${dir#"$here"/}
  out="$tmp/rendered.yaml"
  if ! "${render[@]}" "$dir" > "$out" 2> "$tmp/render.err"; then
    echo "$label: kustomize failed:" >&2
    sed 's/^/  /' "$tmp/render.err" >&2
    failed=1
    continue
  fi
  node "$checker/validate.mjs" "$label" "$out" || failed=1
done
exit "$failed"
