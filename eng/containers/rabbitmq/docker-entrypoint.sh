#!/bin/bash
# Entrypoint of the locally built docker.io/library/rabbitmq:4.0-management image (built by
# eng/prerequisites.sh from Debian packages, for machines without a container registry).
#
# RabbitMQ itself reads RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS (and _VHOST) on first boot,
# so all this has to do is fix ownership and drop root, like the official image.
set -Eeuo pipefail

# `run rabbitmq:4.0-management -some-erl-arg` means `rabbitmq-server -some-erl-arg`.
if [[ $# -eq 0 || ${1} == -* ]]; then
	set -- rabbitmq-server "$@"
fi

if [[ $(id -u) == 0 && $1 == rabbitmq-server ]]; then
	# A freshly mounted volume belongs to root: give it to rabbitmq.
	mkdir -p /var/lib/rabbitmq /var/log/rabbitmq
	find /var/lib/rabbitmq /var/log/rabbitmq \! -user rabbitmq -exec chown rabbitmq:rabbitmq '{}' +
	# setpriv exec()s in place (unlike su/runuser), so the server script stays PID 1 and gets the
	# stop signal; it then shuts the broker down cleanly.
	exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# The CLI tools find the Erlang cookie through $HOME (the image also sets it for `exec`).
export HOME=/var/lib/rabbitmq
cd "$HOME"

# `rabbitmq-server` is /usr/local/bin/rabbitmq-server, the upstream script (logs to stdout),
# not Debian's /usr/sbin wrapper (which redirects everything to /var/log/rabbitmq).
exec "$@"
