#!/usr/bin/env bash
# eng/screenshot-dashboard.sh — what an operator sees after a fresh start: the Aspire dashboard's resources page.
# Starts the platform with the README's command, waits until the gateway's /health says Healthy, opens the
# dashboard through the login link the AppHost prints, in headless Chromium driven by eng/screenshot-page.mjs (which
# waits for the resource grid to be drawn), saves a screenshot and stops the
# platform (the processes this script started, nothing else).
#
#   eng/screenshot-dashboard.sh                  # docs/images/dashboard-fresh-start.png
#   eng/screenshot-dashboard.sh /tmp/board.png
#
# The platform binds fixed ports (15888, 5080, 5025, 2525): nothing else may run it meanwhile (on a shared machine,
# `flock /tmp/fabriques-e2e.lock eng/screenshot-dashboard.sh`). Chromium comes from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly OUT=${1:-docs/images/dashboard-fresh-start.png}
readonly GATEWAY_HEALTH=http://localhost:5080/health
readonly START_TIMEOUT=${FABRIQUES_START_TIMEOUT:-600}
readonly DEBUGGING_PORT=9229

say() { printf 'screenshot-dashboard: %s\n' "$*" >&2; }

if ! command -v chromium >/dev/null; then
	say "installing chromium (Debian package)..."
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

work=$(mktemp -d)
log=$work/apphost.log
apphost=
stop_platform() {
	[[ -n $apphost ]] || return 0
	# SIGTERM to the AppHost itself (a background AppHost ignores SIGINT): it stops the services and DCP removes
	# the containers. The process group is the one setsid made for this run, so only what this script started.
	local host
	host=$(pgrep -g "$apphost" -f 'Fabriques.AppHost' | head -n 1 || true)
	kill -TERM "${host:-$apphost}" 2>/dev/null || true
	for _ in $(seq 120); do
		pgrep -g "$apphost" >/dev/null || break
		sleep 0.5
	done
	kill -KILL -- "-$apphost" 2>/dev/null || true
	apphost=
}
trap 'stop_platform; rm -rf "$work"' EXIT

# Built first, so that the start's time limit measures the start only (the run's own build is then a no-op).
eng/prerequisites.sh dotnet build AppHost -nologo -v quiet >&2
started=$SECONDS
setsid eng/prerequisites.sh dotnet run --project AppHost --launch-profile http >"$log" 2>&1 &
apphost=$!
say "AppHost started (process group $apphost), log $log"

login=
healthy=
while ((SECONDS - started < START_TIMEOUT)); do
	if ! kill -0 "$apphost" 2>/dev/null; then
		tail -n 40 "$log" >&2
		say "the AppHost exited before the gateway was healthy"
		exit 1
	fi
	[[ -n $login ]] || login=$(grep -o 'http://localhost:15888/login?t=[0-9A-Za-z]*' "$log" | head -n 1 || true)
	if [[ -n $login ]] && curl -fsS --max-time 5 "$GATEWAY_HEALTH" 2>/dev/null | grep -q '"status": *"Healthy"'; then
		healthy=1
		break
	fi
	sleep 1
done
if [[ -z $healthy ]]; then
	tail -n 40 "$log" >&2
	say "the gateway was not Healthy within $START_TIMEOUT s"
	exit 1
fi
say "gateway Healthy $((SECONDS - started)) s after the start"

mkdir -p "$(dirname "$OUT")"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
	--window-size=1600,1000 --remote-debugging-port="$DEBUGGING_PORT" about:blank >"$work/chromium.log" 2>&1 &
chromium_pid=$!
for _ in $(seq 60); do
	curl -fsS "http://127.0.0.1:$DEBUGGING_PORT/json/version" >/dev/null 2>&1 && break
	sleep 0.5
done
# The resources page is drawn when its grid holds a row per resource (and its header): at least the gateway, the
# four services, PostgreSQL, RabbitMQ and the SMTP server.
node --experimental-websocket eng/screenshot-page.mjs "$DEBUGGING_PORT" "$login" "$OUT" '[role=row]' 9 >&2 ||
	{ cat "$work/chromium.log" >&2; kill "$chromium_pid"; exit 1; }
kill "$chromium_pid" 2>/dev/null || true
[[ -s $OUT ]] || { say "chromium wrote no screenshot"; exit 1; }
say "saved $OUT ($(stat -c %s "$OUT") bytes)"
