#!/usr/bin/env bash
# eng/prerequisites.sh — make real PostgreSQL and RabbitMQ containers usable on this machine,
# for Aspire (DCP) and Testcontainers, with or without a Docker daemon and container registry.
#
#   eng/prerequisites.sh                  ensure everything, print the `export` lines to use
#   eng/prerequisites.sh CMD [ARGS...]    ensure everything, export the variables, exec CMD
#   source eng/prerequisites.sh           ensure everything, export into the current bash
#   eval "$(eng/prerequisites.sh)"        same, from any POSIX shell
#
# Where `docker info` works, it does nothing. Otherwise (Debian/Ubuntu, root) it:
#   1. installs podman + runc (+ debootstrap) from apt and configures podman for this kernel;
#   2. builds docker.io/library/postgres:17 and docker.io/library/rabbitmq:4.0-management
#      locally from Debian trixie packages (no registry needed), unless already present;
#   3. runs podman's Docker-compatible API on unix:///run/podman/podman.sock (for Testcontainers);
#   4. writes ~/.testcontainers.properties, so a plain `dotnet test` (IDE) finds podman too;
#   5. exports DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED=true, TESTCONTAINERS_HOST_OVERRIDE,
#      ASPIRE_CONTAINER_RUNTIME=podman.
# A second run only checks, and takes a second or two. Long steps log to $FAB_LOG.
#
# Overrides: FABRIQUES_DEBIAN_MIRROR (mirror for the image build; default: the Debian mirror
# apt uses here, else deb.debian.org).

# --- Sourced: do the work in a child bash (strict mode and `exit` must not touch the caller's
# shell), then apply the export lines it prints. ---------------------------------------------
if (return 0 2>/dev/null); then
	if _fab_exports=$(bash "${BASH_SOURCE[0]}"); then
		eval "$_fab_exports"
		unset _fab_exports
		return 0
	else
		unset _fab_exports
		return 1
	fi
fi

set -euo pipefail
shopt -s inherit_errexit # errexit inside $(...) too

FAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly FAB_DIR
readonly FAB_SOCKET=/run/podman/podman.sock
readonly FAB_DOCKER_HOST=unix://$FAB_SOCKET
readonly FAB_CACHE=/var/cache/fabriques-images
readonly FAB_BUILD=$FAB_CACHE/build
readonly FAB_LOG=/var/log/fabriques-prerequisites.log
readonly FAB_SERVICE_LOG=/var/log/fabriques-podman-service.log
readonly FAB_SERVICE_PID=/run/podman/fabriques-service.pid
# Testcontainers would otherwise hand out podman's bridge gateway (10.88.0.1) as the host of
# published ports; ports are published on all host addresses, so keep test traffic on loopback.
readonly FAB_TC_HOST=127.0.0.1
readonly FAB_SUITE=trixie # Debian 13: PostgreSQL 17, RabbitMQ 4.0.5
readonly PG_IMAGE=docker.io/library/postgres:17
readonly RMQ_IMAGE=docker.io/library/rabbitmq:4.0-management
# Bump to force a rebuild of the images when the build steps below change (changes to the files
# in eng/containers/ are detected by themselves).
readonly FAB_RECIPE_VERSION=1
readonly FAB_RECIPE_LABEL=org.fabriques.recipe

say() { printf 'prerequisites: %s\n' "$*" >&2; }
die() {
	say "ERROR: $*"
	exit 1
}

usage() {
	sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
}

# --- Steps run with their output in $FAB_LOG; on failure the EXIT trap shows the tail. ------
FAB_STEP=""
FAB_STEP_LINE=0
step() { # step "description" command [args...]
	FAB_STEP=$1
	shift
	FAB_STEP_LINE=$(($(wc -l <"$FAB_LOG") + 1))
	printf '\n=== %s: %s\n' "$(date -Is)" "$FAB_STEP" >>"$FAB_LOG"
	"$@" >>"$FAB_LOG" 2>&1 </dev/null
	FAB_STEP=""
}
on_exit() {
	local rc=$?
	if ((rc != 0)) && [[ -n $FAB_STEP ]]; then
		say "FAILED while: $FAB_STEP (exit $rc). Last lines of $FAB_LOG:"
		tail -n +"$FAB_STEP_LINE" "$FAB_LOG" | tail -n 60 >&2
	fi
}

# --- Detection ---------------------------------------------------------------------------

# A real Docker engine answers `docker info`. Our own podman socket (DOCKER_HOST left over from
# an earlier run) and podman's `docker` shim don't count: they are podman.
docker_works() {
	command -v docker >/dev/null 2>&1 || return 1
	docker --version 2>/dev/null | grep -qi podman && return 1
	if [[ ${DOCKER_HOST:-} == "$FAB_DOCKER_HOST" ]]; then
		env -u DOCKER_HOST timeout 20 docker info >/dev/null 2>&1
	else
		timeout 20 docker info >/dev/null 2>&1
	fi
}

check_platform() {
	local what="No working Docker engine ('docker info' fails)."
	local fix="Install and start Docker (https://docs.docker.com/engine/install/), or run this script as root on Debian/Ubuntu, where it sets up podman with locally built images."
	[[ $(uname -s) == Linux ]] || die "$what $fix"
	[[ $(id -u) == 0 ]] || die "$what Not root. $fix"
	command -v apt-get >/dev/null 2>&1 || die "$what apt-get not found. $fix"
	local id_like
	id_like=$( (. /etc/os-release 2>/dev/null && echo "${ID:-} ${ID_LIKE:-}") || true)
	[[ $id_like =~ (debian|ubuntu) ]] || die "$what Not Debian/Ubuntu. $fix"
}

# --- 1. podman -----------------------------------------------------------------------------

install_packages() {
	local missing=() pkg
	for pkg in podman runc debootstrap debian-archive-keyring curl; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
	done
	((${#missing[@]} == 0)) && return 0
	say "installing ${missing[*]} (apt)..."
	local t=$SECONDS
	step "apt-get update" apt-get update
	# With recommends: netavark + aardvark-dns (container DNS), catatonit, etc., the setup that
	# was measured to work with Aspire's DCP.
	step "apt-get install ${missing[*]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -o DPkg::Lock::Timeout=300 "${missing[@]}"
	say "installed ${missing[*]} ($((SECONDS - t)) s)"
}

# Writes $1 with the content on stdin unless it already has exactly that content.
# Returns 0 if the file changed, 1 if not.
write_if_changed() {
	local file=$1 new
	new=$(cat)
	if [[ -f $file && $(cat "$file") == "$new" ]]; then
		return 1
	fi
	mkdir -p "$(dirname "$file")"
	if [[ -f $file && ! -f $file.before-fabriques ]]; then
		cp -p "$file" "$file.before-fabriques" # keep whatever was there before us
	fi
	printf '%s\n' "$new" >"$file"
	return 0
}

FAB_CONFIG_CHANGED=0
configure_podman() {
	# crun fails here ("cgroups in hybrid mode not supported"): runc with cgroupfs works.
	# No journald in containers/CI: log events to a file. Podman's default open-files ulimit
	# (1048576) is refused by this kernel setup: use one that is accepted and plenty.
	if write_if_changed /etc/containers/containers.conf <<-'EOF'; then
		# Managed by eng/prerequisites.sh (Fabriques): podman without Docker.
		[containers]
		default_ulimits = ["nofile=20000:20000", "nproc=10000:10000"]

		[engine]
		runtime = "runc"
		cgroup_manager = "cgroupfs"
		events_logger = "file"
	EOF
		FAB_CONFIG_CHANGED=1
		say "configured /etc/containers/containers.conf (runc, cgroupfs, file events, ulimits)"
	fi
	# Short names (`postgres:17`) mean Docker Hub, as with Docker, so they find the local images.
	if write_if_changed /etc/containers/registries.conf.d/50-fabriques.conf <<-'EOF'; then
		# Managed by eng/prerequisites.sh (Fabriques): short image names mean docker.io, like Docker.
		unqualified-search-registries = ["docker.io"]
	EOF
		FAB_CONFIG_CHANGED=1
		say "configured short image names to resolve to docker.io"
	fi
	step "check that podman works (podman info)" podman info
	remove_stale_cni_bridge
}

# A CNI-era bridge (left by podman with the CNI backend, e.g. before netavark was installed)
# holds podman's subnet 10.88.0.0/16 too, and its route shadows netavark's podman0: published
# ports then fail with "No route to host". Remove it when netavark is in use and it is unused.
remove_stale_cni_bridge() {
	local bridge=cni-podman0
	[[ -d /sys/class/net/$bridge ]] || return 0
	[[ $(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null) == netavark ]] || return 0
	[[ -z $(ls -A "/sys/class/net/$bridge/brif" 2>/dev/null) ]] || return 0
	ip link delete "$bridge"
	say "removed the stale $bridge bridge (it shadowed podman0's route)"
}

# --- 2. images -----------------------------------------------------------------------------

# Identifies an image's recipe: the build code version plus the files copied into the image.
recipe_hash() { # recipe_hash postgres|rabbitmq
	{
		echo "$FAB_RECIPE_VERSION $FAB_SUITE"
		cat "$FAB_DIR/containers/$1"/*
	} | sha256sum | cut -c1-16
}

# True if the image exists and was built from the current recipe. An image without our label
# (e.g. the real one, pulled from Docker Hub some other way) is fine as it is.
image_current() {
	local ref=$1 want=$2 have
	podman image exists "$ref" || return 1
	have=$(podman image inspect --format "{{ index .Labels \"$FAB_RECIPE_LABEL\" }}" "$ref" 2>/dev/null || true)
	[[ -z $have || $have == '<no value>' || $have == "$want" ]]
}

# The Debian mirror apt already uses (one-line or deb822 sources), else deb.debian.org.
debian_mirror() {
	if [[ -n ${FABRIQUES_DEBIAN_MIRROR:-} ]]; then
		echo "$FABRIQUES_DEBIAN_MIRROR"
		return
	fi
	local uri
	uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -nE -e 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' \
			-e 's/^[[:space:]]*URIs:[[:space:]]*//p' |
		tr ' ' '\n' | grep -E '^https?://[^[:space:]]+/debian/?$' | head -n 1 || true)
	echo "${uri:-http://deb.debian.org/debian}"
}

# apt may be configured with a proxy that debootstrap and the chroot's apt don't know about.
export_apt_proxy() {
	local proxy=""
	eval "$(apt-config shell proxy Acquire::http::Proxy)"
	if [[ -n $proxy && -z ${http_proxy:-} ]]; then
		export http_proxy=$proxy
	fi
}

# A minimal Debian root filesystem, built once and cached as a tarball for both images.
FAB_BASE_TAR=$FAB_CACHE/debian-$FAB_SUITE-minbase.tar
ensure_base_tarball() {
	[[ -s $FAB_BASE_TAR ]] && return 0
	local mirror dir keyring=() t=$SECONDS
	mirror=$(debian_mirror)
	say "building a Debian $FAB_SUITE base (debootstrap from $mirror)..."
	dir=$FAB_BUILD/base
	[[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] &&
		keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
	step "debootstrap $FAB_SUITE" debootstrap --variant=minbase "${keyring[@]}" "$FAB_SUITE" "$dir" "$mirror"
	tar -C "$dir" --numeric-owner -cf "$FAB_BASE_TAR.tmp" .
	mv "$FAB_BASE_TAR.tmp" "$FAB_BASE_TAR"
	rm -rf --one-file-system "$dir"
	say "base ready ($((SECONDS - t)) s, cached in $FAB_BASE_TAR)"
}

chroot_run() { # chroot_run ROOTFS command... : runs with a clean environment inside the chroot
	local root=$1
	shift
	chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive ${http_proxy:+http_proxy=$http_proxy} "$@"
}

# Unpacks the base into $FAB_BUILD/NAME and makes it ready for apt (services must not start).
new_rootfs() { # new_rootfs NAME : sets FAB_ROOTFS
	FAB_ROOTFS=$FAB_BUILD/$1
	mkdir -p "$FAB_ROOTFS"
	tar -C "$FAB_ROOTFS" --numeric-owner -xf "$FAB_BASE_TAR"
	printf '#!/bin/sh\nexit 101\n' >"$FAB_ROOTFS/usr/sbin/policy-rc.d"
	chmod 755 "$FAB_ROOTFS/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$FAB_ROOTFS/etc/resolv.conf"
	# Reuse .debs from earlier builds (hard links: same filesystem).
	mkdir -p "$FAB_CACHE/debs"
	find "$FAB_CACHE/debs" -name '*.deb' -exec cp -l -f -t "$FAB_ROOTFS/var/cache/apt/archives/" '{}' +
}

apt_install_in() { # apt_install_in ROOTFS PACKAGES...
	local root=$1
	shift
	chroot_run "$root" apt-get update
	chroot_run "$root" apt-get install -y --no-install-recommends "$@"
	# Keep the downloaded .debs for the next build, then trim the image.
	find "$root/var/cache/apt/archives" -name '*.deb' -exec cp -l -f -t "$FAB_CACHE/debs/" '{}' +
	chroot_run "$root" apt-get clean
	rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/info/*
	find "$root/usr/share/doc" -type f ! -name copyright -delete
}

# Imports a rootfs as an image: IMAGE plus extra tags, with Dockerfile-like --change options.
import_image() { # import_image NAME ROOTFS "IMAGE TAG..." [podman import options...]
	local name=$1 root=$2 tags old_id new_id tag
	read -ra tags <<<"$3"
	shift 3
	: >"$root/etc/resolv.conf" # the container engine provides its own
	old_id=$(podman image inspect --format '{{.Id}}' "${tags[0]}" 2>/dev/null || true)
	new_id=$(tar -C "$root" --numeric-owner --exclude='./dev/*' -cf - . |
		podman import --change "LABEL $FAB_RECIPE_LABEL=$(recipe_hash "$name")" "$@" - "${tags[0]}")
	for tag in "${tags[@]:1}"; do
		podman tag "$new_id" "$tag"
	done
	# Drop the image this one replaces, unless a container still uses it.
	if [[ -n $old_id && $old_id != "$new_id"* ]]; then
		podman rmi "$old_id" || true
	fi
	rm -rf --one-file-system "$root"
}

# Starts a freshly built image once and waits until it is ready, so a broken recipe fails here
# rather than in the tests. On failure the image is removed (the next run rebuilds it).
smoke_test() { # smoke_test IMAGE READY_FUNCTION podman-run-args... (READY_FUNCTION CONTAINER)
	local image=$1 ready=$2 c ok=0
	shift 2
	c=$(podman run -d "$@" "$image")
	for _ in {1..120}; do
		if "$ready" "$c" >/dev/null 2>&1; then
			ok=1
			break
		fi
		sleep 0.5
	done
	podman logs "$c" 2>&1 | tail -n 40 || true
	podman rm -f "$c" >/dev/null
	if ((!ok)); then
		podman rmi -f "$image" >/dev/null 2>&1 || true
		echo "$image did not become ready"
		return 1
	fi
}

pg_ready() { podman exec "$1" pg_isready --host localhost --username smoke; }
rmq_ready() { podman logs "$1" 2>&1 | grep -q "Server startup complete"; }

pkg_version() { # pkg_version ROOTFS PACKAGE : upstream version, e.g. 17.12 or 4.0.5
	# shellcheck disable=SC2016 # ${Version} is dpkg-query's, not ours
	chroot_run "$1" dpkg-query -W -f='${Version}' "$2" | sed -E 's/^([0-9.]+[0-9]).*/\1/'
}

build_postgres() {
	local root version t=$SECONDS
	say "building $PG_IMAGE from Debian packages..."
	new_rootfs postgres
	root=$FAB_ROOTFS
	# Debian would create and start a "main" cluster; the entrypoint runs initdb itself.
	mkdir -p "$root/etc/postgresql-common"
	echo 'create_main_cluster = false' >"$root/etc/postgresql-common/createcluster.conf"
	step "install PostgreSQL 17 in the image" apt_install_in "$root" postgresql-17 xz-utils zstd
	# pg_isready (Testcontainers' readiness check), psql, initdb, postgres... on PATH.
	chroot_run "$root" sh -c 'ln -sf /usr/lib/postgresql/17/bin/* /usr/local/bin/'
	install -m 755 "$FAB_DIR/containers/postgres/docker-entrypoint.sh" "$root/usr/local/bin/"
	mkdir -p "$root/docker-entrypoint-initdb.d" "$root/var/lib/postgresql/data"
	chroot_run "$root" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
	chmod 700 "$root/var/lib/postgresql/data"
	version=$(pkg_version "$root" postgresql-17)
	# No VOLUME (unlike upstream): podman would leave an anonymous volume behind per container.
	# STOPSIGNAL SIGINT (as upstream): fast shutdown, even with pooled client connections open.
	step "import $PG_IMAGE" import_image postgres "$root" "$PG_IMAGE docker.io/library/postgres:$version" \
		--change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
		--change 'CMD ["postgres"]' \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV LANG=C.UTF-8' \
		--change 'ENV PGDATA=/var/lib/postgresql/data' \
		--change "ENV PG_VERSION=$version" \
		--change 'EXPOSE 5432' \
		--change 'STOPSIGNAL SIGINT'
	step "smoke-test $PG_IMAGE" smoke_test "$PG_IMAGE" pg_ready \
		-e POSTGRES_USER=smoke -e POSTGRES_PASSWORD=smoke
	say "built $PG_IMAGE: PostgreSQL $version, also tagged postgres:$version ($((SECONDS - t)) s)"
}

build_rabbitmq() {
	local root version t=$SECONDS
	say "building $RMQ_IMAGE from Debian packages..."
	new_rootfs rabbitmq
	root=$FAB_ROOTFS
	step "install RabbitMQ in the image" apt_install_in "$root" rabbitmq-server
	# The upstream scripts go first on PATH: Debian's /usr/sbin wrappers send the server's
	# output to /var/log/rabbitmq instead of the container log, and use su.
	chroot_run "$root" sh -c 'ln -sf /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin/* /usr/local/bin/'
	install -m 644 "$FAB_DIR/containers/rabbitmq/rabbitmq.conf" "$root/etc/rabbitmq/"
	install -m 755 "$FAB_DIR/containers/rabbitmq/docker-entrypoint.sh" "$root/usr/local/bin/"
	version=$(pkg_version "$root" rabbitmq-server)
	local minor=${version%.*} # 4.0
	# Debian's wrapper passes the plugins directory to rabbitmq-plugins; without it, we must.
	local plugins_dir=/usr/lib/rabbitmq/lib/rabbitmq_server-$version/plugins
	step "enable the management plugin" chroot_run "$root" env HOME=/var/lib/rabbitmq \
		RABBITMQ_PLUGINS_DIR="$plugins_dir" rabbitmq-plugins --offline enable rabbitmq_management
	chroot_run "$root" chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq /etc/rabbitmq
	step "import $RMQ_IMAGE" import_image rabbitmq "$root" \
		"$RMQ_IMAGE docker.io/library/rabbitmq:$version-management docker.io/library/rabbitmq:$minor docker.io/library/rabbitmq:$version" \
		--change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
		--change 'CMD ["rabbitmq-server"]' \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV LANG=C.UTF-8' \
		--change 'ENV HOME=/var/lib/rabbitmq' \
		--change "ENV RABBITMQ_VERSION=$version" \
		--change "ENV RABBITMQ_PLUGINS_DIR=$plugins_dir" \
		--change 'EXPOSE 4369' --change 'EXPOSE 5671' --change 'EXPOSE 5672' \
		--change 'EXPOSE 15671' --change 'EXPOSE 15672' --change 'EXPOSE 15691' \
		--change 'EXPOSE 15692' --change 'EXPOSE 25672'
	step "smoke-test $RMQ_IMAGE" smoke_test "$RMQ_IMAGE" rmq_ready
	say "built $RMQ_IMAGE: RabbitMQ $version with the management plugin, also tagged rabbitmq:$version-management, :$minor, :$version ($((SECONDS - t)) s)"
}

ensure_images() {
	local pg_ok=1 rmq_ok=1
	image_current "$PG_IMAGE" "$(recipe_hash postgres)" || pg_ok=0
	image_current "$RMQ_IMAGE" "$(recipe_hash rabbitmq)" || rmq_ok=0
	if ((pg_ok && rmq_ok)); then
		say "images present: $PG_IMAGE, $RMQ_IMAGE"
		return
	fi
	export_apt_proxy
	# Build directories live under $FAB_BUILD; we hold the lock, so leftovers are ours to remove.
	rm -rf --one-file-system "$FAB_BUILD"
	mkdir -p "$FAB_BUILD"
	ensure_base_tarball
	# (`if`, not `||`: a function called on the left of || runs without errexit.)
	if ((!pg_ok)); then build_postgres; fi
	if ((!rmq_ok)); then build_rabbitmq; fi
	rm -rf --one-file-system "$FAB_BUILD"
}

# --- 3. Docker-compatible API socket ----------------------------------------------------

socket_answers() {
	[[ -S $FAB_SOCKET ]] &&
		[[ $(curl -fsS --max-time 5 --unix-socket "$FAB_SOCKET" http://d/_ping 2>/dev/null) == OK ]]
}

stop_our_service() {
	local pid
	pid=$(cat "$FAB_SERVICE_PID" 2>/dev/null || true)
	# Only the process this script started (its pid file), and only if it still is podman.
	if [[ -n $pid ]] && grep -q podman "/proc/$pid/cmdline" 2>/dev/null; then
		kill "$pid"
		for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
	rm -f "$FAB_SERVICE_PID"
}

ensure_socket() {
	if socket_answers; then
		if ((FAB_CONFIG_CHANGED)); then
			if [[ -f $FAB_SERVICE_PID ]]; then
				say "podman configuration changed: restarting the API service"
				stop_our_service
			else
				say "WARNING: podman configuration changed, but the API service on $FAB_SOCKET was not started by this script: restart it yourself"
				return
			fi
		else
			say "podman API answering on $FAB_DOCKER_HOST"
			return
		fi
	fi
	mkdir -p "$(dirname "$FAB_SOCKET")"
	rm -f "$FAB_SOCKET" # a stale socket file from a previous boot
	# setsid + nohup: the service outlives this script and its terminal. --time=0: never idle-exit.
	# Every fd above 2 closed (fd 9 is our lock, and a caller's `flock LOCKFILE eng/prerequisites.sh ...` lends its
	# own): a service holding one would keep that lock for ever. The rest redirected, so `$(eng/prerequisites.sh)`
	# does not wait for it.
	(
		for fd in /proc/self/fd/*; do
			fd=${fd##*/}
			((fd > 2)) && eval "exec $fd>&-"
		done
		exec setsid nohup podman system service --time=0 "$FAB_DOCKER_HOST" </dev/null >>"$FAB_SERVICE_LOG" 2>&1
	) &
	echo $! >"$FAB_SERVICE_PID"
	for _ in {1..100}; do
		socket_answers && break
		sleep 0.1
	done
	if ! socket_answers; then
		tail -n 20 "$FAB_SERVICE_LOG" >&2 || true
		die "podman API service did not answer on $FAB_SOCKET (log: $FAB_SERVICE_LOG)"
	fi
	say "started podman API service on $FAB_DOCKER_HOST (pid $(cat "$FAB_SERVICE_PID"), log $FAB_SERVICE_LOG)"
}

# --- 4. ~/.testcontainers.properties -----------------------------------------------------

# Testcontainers for .NET reads these keys from this file too, so tests started without our
# environment (IDE, plain `dotnet test`) still find podman. Other keys in the file are kept.
write_testcontainers_properties() {
	local file=${HOME:-/root}/.testcontainers.properties content
	content=$(
		grep -vE '^[[:space:]]*(docker\.host|ryuk\.disabled|host\.override)[[:space:]]*[=:]' "$file" 2>/dev/null || true
		echo "docker.host=$FAB_DOCKER_HOST"
		echo "ryuk.disabled=true"
		echo "host.override=$FAB_TC_HOST"
	)
	if [[ ! -f $file || $(cat "$file") != "$content" ]]; then
		printf '%s\n' "$content" >"$file"
		say "wrote $file (docker.host, ryuk.disabled, host.override)"
	fi
}

# --- Main ----------------------------------------------------------------------------------

ensure_podman() {
	check_platform
	mkdir -p "$(dirname "$FAB_LOG")" /run/lock "$FAB_CACHE"
	touch "$FAB_LOG"
	# One run at a time (e.g. CI and a developer): the second waits, then finds all done.
	exec 9>/run/lock/fabriques-prerequisites.lock
	if ! flock -n 9; then
		say "another run is in progress: waiting for it..."
		flock 9
	fi
	install_packages
	configure_podman
	ensure_images
	ensure_socket
	write_testcontainers_properties
}

# The repository's .NET tools (dotnet-ef, smtp4dev that the AppHost runs as the local SMTP server).
restore_dotnet_tools() {
	if command -v dotnet >/dev/null 2>&1; then
		local out
		out=$(cd "$FAB_DIR/.." && dotnet tool restore 2>&1) || die "dotnet tool restore failed: $out"
	fi
}

# The ASP.NET Core development certificate, trusted: the Aspire dashboard shows a red "No trusted development
# certificate" banner on every start without it (an operator who learns to ignore red misses the real one). On
# Linux `dotnet dev-certs https --trust` trusts it for .NET and writes it for OpenSSL in ~/.aspnet/dev-certs/trust,
# which OpenSSL reads only when SSL_CERT_DIR lists it (beside the system's certificates).
trust_development_certificate() {
	command -v dotnet >/dev/null 2>&1 || return 0
	local system_certs
	system_certs=$(openssl version -d 2>/dev/null | sed -n 's/^OPENSSLDIR: "\(.*\)"$/\1\/certs/p')
	export SSL_CERT_DIR="${HOME:-/root}/.aspnet/dev-certs/trust:${system_certs:-/etc/ssl/certs}"
	if ! dotnet dev-certs https --check --trust >/dev/null 2>&1; then
		# Exit code 4 is "trusted by some clients only", which SSL_CERT_DIR above completes.
		dotnet dev-certs https --trust >>"$FAB_LOG" 2>&1 || true
		dotnet dev-certs https --check --trust >/dev/null 2>&1 ||
			say "WARNING: the development certificate could not be trusted (see $FAB_LOG): the dashboard will say so"
	fi
}

print_exports() {
	printf 'export DOCKER_HOST=%q\n' "$FAB_DOCKER_HOST"
	printf 'export TESTCONTAINERS_RYUK_DISABLED=true\n'
	printf 'export TESTCONTAINERS_HOST_OVERRIDE=%q\n' "$FAB_TC_HOST"
	printf 'export ASPIRE_CONTAINER_RUNTIME=podman\n'
	printf 'export SSL_CERT_DIR=%q\n' "$SSL_CERT_DIR"
}

main() {
	case ${1:-} in
	-h | --help)
		usage
		exit 0
		;;
	esac
	trap on_exit EXIT

	restore_dotnet_tools
	trust_development_certificate

	local use_podman=0
	if docker_works; then
		say "Docker works ('docker info'): nothing to do."
	else
		ensure_podman
		use_podman=1
		say "ready: podman with $PG_IMAGE and $RMQ_IMAGE"
	fi

	if (($# == 0)); then
		if ((use_podman)); then
			say "use these in your shell (or: source eng/prerequisites.sh / eval \"\$(eng/prerequisites.sh)\"):"
			print_exports
		fi
		exit 0
	fi

	if ((use_podman)); then
		eval "$(print_exports)"
	fi
	trap - EXIT
	exec 9>&- # don't hand the lock to the command
	exec "$@"
}

main "$@"
