#!/usr/bin/env bash
# The Prometheus side of deploy/observability/: the alerting rules are valid and behave as their unit tests say
# (each fires on what needs action, stays silent on what is normal), and the Prometheus configuration loads them.
# Which metric names exist is checked against a real run by the end-to-end test MetricNamesTests.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian 12's package (promtool 2.42), pinned.
version="2.42.0+ds-5+deb12u1"
if [ "$(dpkg-query -W -f='${Version}' prometheus 2>/dev/null || true)" != "$version" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "prometheus=$version" >/dev/null
fi

cd deploy/observability
promtool check rules alerts.rules.yml
promtool test rules alerts.tests.yml
promtool check config prometheus.yml
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' grafana-dashboard.json
echo "21-alert-rules: rules, their unit tests, the Prometheus configuration and the Grafana dashboard are valid"
