#!/usr/bin/env bash
# Rewrites the published documents from the code: docs/openapi/{service}.json (what each service serves) and
# docs/asyncapi.yaml (from services/Contracts), then the TypeScript client's types (clients/typescript/src/generated) from
# the OpenAPI documents. Run it after adding or changing a route or an event, then commit.
set -euo pipefail
cd "$(dirname "$0")/.."
export FABRIQUES_UPDATE_DOCUMENTS=1 UPDATE_ASYNCAPI=1
eng/prerequisites.sh true
for service in Directory Candidature Grants Notification; do
  eng/prerequisites.sh dotnet test "tests/Fabriques.$service.Tests" --filter "FullyQualifiedName~PublishedOpenApiTests.The_checked_in_document"
done
dotnet test tests/Fabriques.Architecture.Tests --filter "FullyQualifiedName~AsyncApiDocumentTests"
(cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error && npm run --silent generate)
