#!/usr/bin/env bash
# Adds an EF Core migration to one service: eng/add-migration.sh Directory AddLabels
# Design time builds the service's host, which wants its connection strings; no server is contacted.
set -euo pipefail
service=${1:?usage: eng/add-migration.sh <Directory|Candidature|Grants|Notification> <MigrationName>}
name=${2:?usage: eng/add-migration.sh <Service> <MigrationName>}
cd "$(dirname "$0")/.."
db=$(echo "$service" | tr '[:upper:]' '[:lower:]')db
dotnet tool restore >/dev/null
env "ConnectionStrings__${db}=Host=localhost;Database=${db}" "ConnectionStrings__messaging=amqp://design:design@localhost:5672" \
  dotnet ef migrations add "$name" --project "services/$service" --output-dir Data/Migrations
