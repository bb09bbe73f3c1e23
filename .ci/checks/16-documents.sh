#!/usr/bin/env bash
# Issue 16: lints the published API documents with third-party tools (pinned): every docs/openapi/*.json with
# Redocly (no error), docs/asyncapi.yaml with @asyncapi/parser (no error).
set -euo pipefail
cd "$(dirname "$0")/16-documents"
npm ci --no-audit --no-fund --loglevel=error
root=../../..
npx --no-install redocly lint --config redocly.yaml "$root"/docs/openapi/*.json
node check.mjs "$root/docs/asyncapi.yaml"
