#!/usr/bin/env bash
# eng/build-images.sh — the platform's OCI images, built into the local container engine without a registry:
#   fabriques/{directory,candidature,grants,notification,gateway}:<tag>
# Each is a self-contained .NET publish (the runtime packs come from NuGet) laid on a Debian 13 base built from
# Debian packages (fabriques/dotnet-deps:trixie): non-root (uid 10001), nothing written outside /tmp, port 8080,
# health at /alive and /health, labelled with the commit (org.opencontainers.image.revision).
#
#   eng/build-images.sh              build all five, tag = the commit's short hash (and :latest)
#   FABRIQUES_IMAGE_TAG=1.4.0 eng/build-images.sh
#
# The engine is docker where `docker info` works, else podman (eng/prerequisites.sh installs it). Prints the time
# taken and each image's size. See docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly APPS=(directory candidature grants notification gateway)
readonly BASE_IMAGE=localhost/fabriques/dotnet-deps:trixie
# Bump when the base's packages or users change.
readonly BASE_RECIPE=1
readonly BASE_TAR=/var/cache/fabriques-images/debian-trixie-minbase.tar
readonly OUT=${FABRIQUES_IMAGE_BUILD_DIR:-/tmp/fabriques-images}
readonly RUNTIME=linux-x64

say() { printf 'build-images: %s\n' "$*" >&2; }
started=$SECONDS

revision=$(git rev-parse HEAD)
tag=${FABRIQUES_IMAGE_TAG:-$(git rev-parse --short=12 HEAD)}
if [[ -n $(git status --porcelain) ]]; then
	say "WARNING: uncommitted changes; the images say $revision but hold more"
fi

if docker --version 2>/dev/null | grep -qvi podman && timeout 20 docker info >/dev/null 2>&1; then
	engine=docker
	pull_never=()
else
	eval "$(eng/prerequisites.sh)" # podman, configured for this kernel; the Debian base tarball
	engine=podman
	pull_never=(--pull=never)
fi
say "engine: $engine, tag: $tag, revision: $revision"

project_of() {
	case $1 in
	gateway) echo gateway/Fabriques.Gateway.csproj ;;
	*) echo "services/${1^}/Fabriques.${1^}.csproj" ;;
	esac
}

# The base: Debian minbase plus what a self-contained .NET app needs (ICU for fr-FR formatting, OpenSSL for TLS
# to PostgreSQL and RabbitMQ, CA certificates, time zones) and the unprivileged user the apps run as.
build_base() {
	local have root
	have=$($engine image inspect --format '{{ index .Labels "org.fabriques.recipe" }}' "$BASE_IMAGE" 2>/dev/null || true)
	if [[ $have == "dotnet-deps-$BASE_RECIPE" ]]; then
		return
	fi
	say "building $BASE_IMAGE from Debian packages..."
	root=$OUT/base-rootfs
	rm -rf --one-file-system "$root"
	mkdir -p "$root"
	if [[ -s $BASE_TAR ]]; then
		tar -C "$root" --numeric-owner -xf "$BASE_TAR"
	else
		command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap >&2
		debootstrap --variant=minbase trixie "$root" "${FABRIQUES_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >&2
	fi
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	local in_root=(chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive ${http_proxy:+http_proxy=$http_proxy})
	"${in_root[@]}" apt-get update >&2
	"${in_root[@]}" apt-get install -y --no-install-recommends libicu76 libssl3t64 ca-certificates tzdata >&2
	"${in_root[@]}" apt-get clean
	"${in_root[@]}" groupadd --gid 10001 app
	"${in_root[@]}" useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
	rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root/usr/sbin/policy-rc.d"
	find "$root/usr/share/doc" -type f ! -name copyright -delete
	: >"$root/etc/resolv.conf"
	tar -C "$root" --numeric-owner --exclude='./dev/*' -cf - . |
		$engine import --change 'LABEL org.fabriques.recipe=dotnet-deps-'"$BASE_RECIPE" \
			--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
			--change 'ENV LANG=C.UTF-8' - "$BASE_IMAGE" >/dev/null
	rm -rf --one-file-system "$root"
}

publish() { # publish APP
	local app=$1
	rm -rf "${OUT:?}/$app"
	dotnet publish "$(project_of "$app")" -c Release -r "$RUNTIME" --self-contained \
		-p:DebugType=none -p:GenerateDocumentationFile=false -o "$OUT/$app/app" -nologo -v quiet >&2
}

build_image() { # build_image APP
	local app=$1 entry
	entry=$(basename "$(project_of "$app")" .csproj)
	cat >"$OUT/$app/Containerfile" <<-EOF
		FROM $BASE_IMAGE
		LABEL org.opencontainers.image.title="fabriques-$app" \\
		      org.opencontainers.image.description="Fabriques de Territoire: $app" \\
		      org.opencontainers.image.source="https://github.com/anct/fabriques" \\
		      org.opencontainers.image.revision="$revision" \\
		      org.opencontainers.image.version="$tag" \\
		      org.opencontainers.image.created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		COPY app/ /app/
		WORKDIR /app
		# Unprivileged, on an unprivileged port; nothing is written but /tmp (an emptyDir on Kubernetes).
		USER 10001:10001
		ENV ASPNETCORE_ENVIRONMENT=Production \\
		    ASPNETCORE_HTTP_PORTS=8080 \\
		    DOTNET_NOLOGO=1 \\
		    TMPDIR=/tmp
		EXPOSE 8080
		ENTRYPOINT ["/app/$entry"]
	EOF
	$engine build "${pull_never[@]}" --quiet -t "fabriques/$app:$tag" -t "fabriques/$app:latest" "$OUT/$app" >/dev/null
}

# Each image starts read-only and unprivileged and answers /alive (the database and broker need not be there:
# nothing connects before the first request, and liveness does not depend on them).
smoke_test() { # smoke_test APP
	local app=$1 container ok=0
	container=$($engine run -d --read-only --tmpfs /tmp -p 127.0.0.1::8080 \
		-e "ConnectionStrings__${app}db=Host=127.0.0.1;Database=${app}db" -e ConnectionStrings__messaging=amqp://127.0.0.1:5672 \
		-e Jwt__Authority=https://identity.example.org -e DataProtection__KeyEncryptionKey=smoke-test-key-encryption-secret-of-44-chars \
		"fabriques/$app:$tag")
	local port
	port=$($engine port "$container" 8080 | head -n 1 | sed 's/.*://')
	for _ in {1..60}; do
		if curl -fsS --max-time 2 "http://127.0.0.1:$port/alive" >/dev/null 2>&1; then
			ok=1
			break
		fi
		sleep 0.5
	done
	if ((!ok)); then
		$engine logs "$container" 2>&1 | tail -n 30 >&2
	fi
	# A container that exits while being removed makes podman 4.3 fail the removal: the container is gone all the same.
	$engine rm -f "$container" >/dev/null 2>&1 || true
	((ok)) || { say "fabriques/$app:$tag did not answer /alive"; exit 1; }
}

mkdir -p "$OUT"
build_base
for app in "${APPS[@]}"; do
	t=$SECONDS
	publish "$app"
	build_image "$app"
	smoke_test "$app"
	say "fabriques/$app:$tag ($((SECONDS - t)) s)"
done

say "built ${#APPS[@]} images in $((SECONDS - started)) s:"
for app in "${APPS[@]}"; do
	$engine image inspect --format "{{.Size}}" "fabriques/$app:$tag" |
		awk -v name="fabriques/$app:$tag" '{ printf "  %-40s %4d MB\n", name, $1 / 1000000 }' >&2
done
