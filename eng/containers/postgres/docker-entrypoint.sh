#!/bin/bash
# Entrypoint of the locally built docker.io/library/postgres:17 image (built by eng/prerequisites.sh
# from Debian packages, for machines without a container registry).
#
# It mimics the official image's entrypoint for everything this project relies on:
#   POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB (and their *_FILE variants),
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, /docker-entrypoint-initdb.d/*,
#   and CMD `postgres -c name=value ...` (or just `-c name=value ...`).
set -Eeuo pipefail

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# VAR or VAR_FILE (Docker-secrets style), like the official image.
file_env() {
	local var=$1 default=${2:-} file_var="${1}_FILE" value
	if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
		echo >&2 "error: both $var and $file_var are set (they are exclusive)"
		exit 1
	fi
	value=$default
	if [[ -n ${!var:-} ]]; then
		value=${!var}
	elif [[ -n ${!file_var:-} ]]; then
		value=$(<"${!file_var}")
	fi
	export "$var=$value"
	unset "$file_var"
}

# `run postgres:17 -c max_connections=200` means `postgres -c max_connections=200`.
if [[ $# -eq 0 || ${1} == -* ]]; then
	set -- postgres "$@"
fi

# Anything else (bash, psql, pg_dump, ...) runs as asked.
if [[ $1 != postgres ]]; then
	exec "$@"
fi

if [[ $(id -u) == 0 ]]; then
	# A freshly mounted volume belongs to root: give it to postgres.
	mkdir -p "$PGDATA" /var/run/postgresql
	find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
	chmod 700 "$PGDATA"
	chown postgres:postgres /var/run/postgresql
	chmod 2775 /var/run/postgresql
	# setpriv exec()s in place (unlike su/runuser, which fork): the server ends up as PID 1 and
	# receives the container's stop signal itself, so `podman stop` takes well under a second.
	exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

export HOME=/var/lib/postgresql

if [[ ! -s $PGDATA/PG_VERSION ]]; then
	file_env POSTGRES_USER postgres
	file_env POSTGRES_PASSWORD
	file_env POSTGRES_DB "$POSTGRES_USER"
	file_env POSTGRES_INITDB_ARGS
	: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"

	if [[ -z $POSTGRES_PASSWORD && $POSTGRES_HOST_AUTH_METHOD != trust ]]; then
		cat >&2 <<-'EOM'
			Error: Database is uninitialized and superuser password is not specified.
			       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow all
			       connections without a password; not recommended).
		EOM
		exit 1
	fi

	echo "Initializing database in $PGDATA (user '$POSTGRES_USER', database '$POSTGRES_DB')"
	# Unix-socket connections inside the container are trusted (init scripts, pg_isready);
	# every TCP connection, loopback included, needs the password.
	# The password goes through a pipe so it never shows in `ps`. --pwfile needs a trailing
	# newline even for an empty password. POSTGRES_INITDB_ARGS is eval'ed, like upstream, so
	# it may hold quoted values; it comes last so it can override our --auth-* defaults.
	eval 'initdb --username="$POSTGRES_USER" --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD") \
		--auth-local=trust --auth-host="$POSTGRES_HOST_AUTH_METHOD" '"$POSTGRES_INITDB_ARGS"

	# Accept connections from other containers and from the host's published port.
	printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
	printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

	# Temporary server on the Unix socket only, so clients can't connect half-way through init.
	pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start

	psql_init=(psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER")
	if [[ $POSTGRES_DB != postgres ]]; then
		"${psql_init[@]}" --dbname postgres --set db="$POSTGRES_DB" <<-'EOSQL'
			SELECT format('CREATE DATABASE %I', :'db')
			WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
		EOSQL
	fi

	shopt -s nullglob
	for f in /docker-entrypoint-initdb.d/*; do
		case $f in
		*.sh)
			echo "running $f"
			# shellcheck disable=SC1090 # sourced on purpose, like upstream (non-executable .sh)
			if [[ -x $f ]]; then "$f"; else . "$f"; fi
			;;
		*.sql) echo "running $f"; "${psql_init[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
		*.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql_init[@]}" --dbname "$POSTGRES_DB" ;;
		*.sql.xz) echo "running $f"; xzcat "$f" | "${psql_init[@]}" --dbname "$POSTGRES_DB" ;;
		*.sql.zst) echo "running $f"; zstd -dc "$f" | "${psql_init[@]}" --dbname "$POSTGRES_DB" ;;
		*) echo "ignoring $f" ;;
		esac
	done
	shopt -u nullglob

	pg_ctl -D "$PGDATA" -m fast -w stop
	echo "PostgreSQL init process complete; ready for start up."
fi

# `postgres` resolves to /usr/local/bin/postgres -> /usr/lib/postgresql/17/bin/postgres.
exec "$@"
