# shellcheck shell=bash
# Shared by scripts/compose-images and scripts/compose-check (sourced, not run).
#
# Picks the container engine: Docker when `docker info` reaches an engine, else Podman (installed
# from Debian's packages when absent, with podman-compose 1.6.0 in a virtual environment: Debian's
# 1.0.3 mishandles array-form healthchecks and the top-level `name:`). Sets:
#   ENGINE      docker | podman
#   COMPOSE     the compose command as an array: (docker compose) or (.../podman-compose)
#   CACHE_DIR   where base images are saved between runs (OP_CONTAINER_CACHE, default
#               .cache/containers in the checkout; git-ignored)

CACHE_DIR=${OP_CONTAINER_CACHE:-$PWD/.cache/containers}
PODMAN_COMPOSE_VERSION=1.6.0

log() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Seconds since the epoch with a fraction, for the timings each script prints.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

install_podman() {
    [ "$(id -u)" = 0 ] || die "neither Docker nor Podman runs here; installing Podman needs root"
    command -v apt-get >/dev/null || die "neither Docker nor Podman runs here, and no apt-get"
    log "installing Podman (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        podman runc uidmap slirp4netns fuse-overlayfs containernetworking-plugins iptables \
        golang-github-containernetworking-plugin-dnsname catatonit >/dev/null
    configure_podman
}

# Without systemd, podman 4.3 works best with runc and explicit ulimits (an existing
# containers.conf is left as it is).
configure_podman() {
    local conf=/etc/containers/containers.conf
    if [ "$(id -u)" = 0 ] && [ ! -e "$conf" ]; then
        mkdir -p "${conf%/*}"
        printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n\n[engine]\nruntime = "runc"\n' \
            >"$conf"
    fi
}

install_podman_compose() {
    local venv=$CACHE_DIR/podman-compose
    if ! "$venv/bin/podman-compose" --version 2>/dev/null | grep -q "$PODMAN_COMPOSE_VERSION"; then
        log "installing podman-compose $PODMAN_COMPOSE_VERSION in $venv"
        python3 -m venv --clear "$venv"
        "$venv/bin/pip" install --quiet "podman-compose==$PODMAN_COMPOSE_VERSION"
    fi
    COMPOSE=("$venv/bin/podman-compose")
}

choose_engine() {
    if [ "${OP_CONTAINER_ENGINE:-}" != podman ] && command -v docker >/dev/null \
        && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
        ENGINE=docker
        COMPOSE=(docker compose)
    else
        command -v podman >/dev/null || install_podman
        configure_podman
        ENGINE=podman
        install_podman_compose
    fi
    mkdir -p "$CACHE_DIR"
    log "engine: $ENGINE ($("$ENGINE" --version | head -n 1)); compose: ${COMPOSE[*]}"
}

image_exists() {
    "$ENGINE" image inspect "$1" >/dev/null 2>&1
}
