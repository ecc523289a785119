#!/usr/bin/env bash
# Make sure a local Docker engine with built-in BuildKit is running.
#
# Idempotent: exits at once when `/usr/bin/docker info` already works. Otherwise installs
# Debian's docker.io (dockerd + containerd + runc + the 20.10 client), starts dockerd in the
# background (log: /var/log/dockerd.log) and waits for it to answer.
#
# Always use /usr/bin/docker with DOCKER_BUILDKIT=1: a `docker` found earlier on PATH may be
# a newer client that refuses BuildKit without the buildx plugin; Debian's client talks to
# dockerd's built-in BuildKit directly.
#
# Runs unattended (CI): needs root (or sudo without a password), never reads stdin.
set -euo pipefail

DOCKER=/usr/bin/docker
LOG=/var/log/dockerd.log
WAIT_SECONDS=${DOCKER_WAIT_SECONDS:-60}
export DEBIAN_FRONTEND=noninteractive
export DOCKER_BUILDKIT=1

log() { printf 'docker-engine: %s\n' "$*" >&2; }

engine_up() { [ -x "$DOCKER" ] && "$DOCKER" info >/dev/null 2>&1; }

if engine_up; then
  log "engine already running ($("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    log "not root and no passwordless sudo: cannot install or start dockerd"
    exit 1
  fi
fi

if [ ! -x "$DOCKER" ] || ! command -v dockerd >/dev/null 2>&1; then
  # apt-get update only when the package is unknown to the local index (fresh machine).
  if ! apt-cache show docker.io >/dev/null 2>&1; then
    log "apt-get update"
    "${SUDO[@]}" apt-get update -qq </dev/null
  fi
  log "apt-get install docker.io"
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends docker.io </dev/null >/dev/null; then
    # Stale index (404 on a package): refresh once and retry.
    "${SUDO[@]}" apt-get update -qq </dev/null
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends docker.io </dev/null >/dev/null
  fi
fi

DOCKERD=$(command -v dockerd || echo /usr/sbin/dockerd)

# Start dockerd unless one is already starting (pid file present and alive).
if pid=$(cat /var/run/docker.pid 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  log "dockerd (pid $pid) already started, waiting for it"
else
  log "starting $DOCKERD (log: $LOG)"
  # setsid + nohup: detach from this shell/CI step so the daemon outlives the script. The
  # redirections run inside the (possibly sudo'ed) shell so the log can be written.
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner sh
  "${SUDO[@]}" sh -c 'setsid nohup "$1" </dev/null >>"$2" 2>&1 &' sh "$DOCKERD" "$LOG"
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  if engine_up; then
    log "engine ready: $("$DOCKER" version --format 'server {{.Server.Version}}, client {{.Client.Version}}')"
    exit 0
  fi
  sleep 1
done

log "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1
