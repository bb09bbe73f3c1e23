#!/usr/bin/env bash
# Issue 16: the TypeScript client of clients/typescript (openapi-typescript + openapi-fetch, pinned in its
# package-lock.json): its generated types are those of docs/openapi/*.json (no drift), and it builds and type-checks
# with the strict compiler, end-to-end flow included. The flow itself runs against a real platform in the end-to-end
# test TypeScriptClientTests.
set -euo pipefail
cd "$(dirname "$0")/../../clients/typescript"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent check:generated
npm run --silent build
echo "16-typescript-client: generated types match docs/openapi, the client and its flow type-check and build"
