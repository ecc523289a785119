#!/usr/bin/env bash
# Build local stand-ins for the base images the generated Dockerfiles name, so that
# `docker build` works on an offline / air-gapped machine (only Debian's mirror needed,
# and only on the first run):
#
#   golang:<minor>-trixie                       Debian trixie (debootstrap) + the local Go toolchain,
#                                               laid out like the official image
#   gcr.io/distroless/static-debian13:nonroot   files of distroless "static" taken from Debian trixie
#                                               packages: no shell, no libc
#
# alpine:* cannot be reproduced offline (neither its image nor its apk repository is
# reachable, and Debian packages are no faithful stand-in): it is reported, not built.
#
# Usage: scripts/base-images.sh [--force] [--refresh] [--only golang|distroless]
#   --force     rebuild the images even when they are up to date (reuses the cached rootfs)
#   --refresh   also re-run debootstrap (picks up new Debian package versions); implies --force
#   --only X    build just one of the two images
# Environment:
#   GO_MINOR      image tag minor (default: major.minor of the local `go version`)
#   GOROOT_SRC    Go toolchain copied into the golang image (default: `go env GOROOT`)
#   DEBIAN_MIRROR (default http://deb.debian.org/debian)
#   BASE_IMAGES_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/go-minimal-base-images)
#   BASE_IMAGES_HOST_CAS=0  do not add this machine's site CAs (see below)
#
# Site CAs: certificates in /usr/local/share/ca-certificates/ (Debian's place for local CAs,
# e.g. of a TLS-inspecting proxy) are made visible to Go in the golang stand-in, so that
# `go mod download` in a RUN step works where the host's own `go` does. They go in as separate
# files under /etc/ssl/certs (Go reads that directory too), NOT into ca-certificates.crt: the
# bundle a scratch image copies from the builder stays Debian's. Generated Dockerfiles know
# nothing about it.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export DOCKER_BUILDKIT=1
export LC_ALL=C

DOCKER=/usr/bin/docker
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUITE=trixie
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${BASE_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/go-minimal-base-images}
LABEL_KEY=io.go-minimal.base-images.key

# Packages of the golang stand-in, close to golang:<v>-trixie (buildpack-deps:trixie-scm +
# the C toolchain the official image adds for cgo). tzdata/tzdata-legacy/netbase/media-types
# are also the packages distroless static is made of.
PACKAGES=ca-certificates,curl,wget,git,openssh-client,procps,xz-utils,netbase,tzdata,tzdata-legacy,media-types,gcc,g++,libc6-dev,make,pkg-config

FORCE=0
REFRESH=0
ONLY=
while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1 ;;
    --refresh) REFRESH=1; FORCE=1 ;;
    --only) ONLY=${2:?--only needs golang or distroless}; shift ;;
    --only=*) ONLY=${1#--only=} ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "base-images: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in ''|golang|distroless) ;; *) echo "base-images: --only golang|distroless" >&2; exit 2 ;; esac

log() { printf 'base-images: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chown of the image files)"

# ---- engine -----------------------------------------------------------------------------
if ! "$DOCKER" info >/dev/null 2>&1; then
  log "docker engine not answering: running scripts/docker-engine.sh"
  bash "$HERE/docker-engine.sh"
fi

# ---- Go toolchain -----------------------------------------------------------------------
GO_BIN=$(command -v go || echo /usr/local/go/bin/go)
[ -x "$GO_BIN" ] || die "no local Go toolchain (looked for go on PATH and /usr/local/go/bin/go)"
GOROOT_SRC=${GOROOT_SRC:-$("$GO_BIN" env GOROOT)}
GO_VERSION=$("$GOROOT_SRC/bin/go" env GOVERSION)   # e.g. go1.26.8
GO_VERSION=${GO_VERSION#go}
[[ "$GO_VERSION" =~ ^([0-9]+)\.([0-9]+) ]] || die "cannot parse Go version '$GO_VERSION'"
GO_MINOR=${GO_MINOR:-${BASH_REMATCH[1]}.${BASH_REMATCH[2]}}
GOARCH_HOST=$("$GOROOT_SRC/bin/go" env GOARCH)
DEB_ARCH=$(dpkg --print-architecture)
[ "$GOARCH_HOST" = "$DEB_ARCH" ] || die "Go toolchain is $GOARCH_HOST but Debian arch is $DEB_ARCH"

GOLANG_IMAGE="golang:${GO_MINOR}-${SUITE}"
DISTROLESS_IMAGE="gcr.io/distroless/static-debian13:nonroot"

HOST_CAS=()
if [ "${BASE_IMAGES_HOST_CAS:-1}" != 0 ] && [ -d /usr/local/share/ca-certificates ]; then
  mapfile -t HOST_CAS < <(find /usr/local/share/ca-certificates -type f -name '*.crt' | sort)
fi
HOST_CA_HASH=none
if [ "${#HOST_CAS[@]}" -gt 0 ]; then
  HOST_CA_HASH=$(cat "${HOST_CAS[@]}" | sha256sum | cut -c1-16)
fi

SCRIPT_HASH=$(sha256sum "$0" | cut -c1-16)
ROOTFS_KEY=$(printf '%s|%s|%s|%s' "$SUITE" "$MIRROR" "$PACKAGES" "$DEB_ARCH" | sha256sum | cut -c1-16)
ROOTFS_TAR="$CACHE/rootfs-$SUITE-$DEB_ARCH-$ROOTFS_KEY.tar"
GOLANG_KEY="script=$SCRIPT_HASH,rootfs=$ROOTFS_KEY,cas=$HOST_CA_HASH,go=$GO_VERSION,tag=$GO_MINOR"
DISTROLESS_KEY="script=$SCRIPT_HASH,rootfs=$ROOTFS_KEY"

mkdir -p "$CACHE"
# One run at a time per cache (parallel test jobs may call this script).
exec 9>"$CACHE/.lock"
flock 9

image_key() { "$DOCKER" image inspect -f "{{ index .Config.Labels \"$LABEL_KEY\" }}" "$1" 2>/dev/null || true; }
up_to_date() { [ "$FORCE" -eq 0 ] && [ "$(image_key "$1")" = "$2" ]; }
human() { numfmt --to=iec-i --suffix=B "$1" 2>/dev/null || echo "$1 B"; }
image_size() { human "$("$DOCKER" image inspect -f '{{.Size}}' "$1")"; }
image_id() { "$DOCKER" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
# After re-tagging, drop the previous stand-in unless something still uses it.
drop_old() { # $1 = old id, $2 = name
  if [ -n "$1" ] && [ "$1" != "$(image_id "$2")" ]; then "$DOCKER" rmi "$1" >/dev/null 2>&1 || true; fi
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/base-images.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

BUILT=()
SKIPPED=()

# ---- rootfs (debootstrap, cached) ----------------------------------------------------------
ensure_rootfs_tar() {
  if [ "$REFRESH" -eq 0 ] && [ -s "$ROOTFS_TAR" ]; then
    log "using cached rootfs $ROOTFS_TAR"
    return
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-cache show debootstrap >/dev/null 2>&1 || apt-get update -qq </dev/null
    apt-get install -y -qq --no-install-recommends debootstrap debian-archive-keyring </dev/null >/dev/null
  fi
  local dir="$WORK/debootstrap" t0=$SECONDS
  log "debootstrap --variant=minbase $SUITE from $MIRROR (about a minute)"
  if ! debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$dir" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 30 "$WORK/debootstrap.log" >&2
    [ -f "$dir/debootstrap/debootstrap.log" ] && tail -n 30 "$dir/debootstrap/debootstrap.log" >&2
    die "debootstrap failed"
  fi
  # Leave no host state and no package caches in the tarball.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* \
    "$dir"/var/log/* "$dir"/root/.bash_history "$dir"/etc/machine-id "$dir"/var/lib/dbus/machine-id
  : >"$dir/etc/resolv.conf"
  rm -f "$dir/etc/hostname"
  rm -f "$CACHE"/rootfs-"$SUITE"-"$DEB_ARCH"-*.tar  # older package lists
  tar --numeric-owner --xattrs -C "$dir" \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' \
    -cf "$ROOTFS_TAR.part" .
  mv "$ROOTFS_TAR.part" "$ROOTFS_TAR"
  rm -rf "$dir"
  log "rootfs cached: $ROOTFS_TAR ($(human "$(stat -c %s "$ROOTFS_TAR")"), $((SECONDS - t0)) s)"
}

extract_rootfs() { # $1 = destination
  mkdir -p "$1"
  tar --numeric-owner --xattrs -C "$1" -xf "$ROOTFS_TAR"
}

# Make the host's site CAs visible to Go (and to later update-ca-certificates runs) without
# touching the Debian bundle: Go reads every file in /etc/ssl/certs besides the bundle.
add_host_cas() { # $1 = root with ca-certificates installed
  [ "${#HOST_CAS[@]}" -gt 0 ] || return 0
  local root=$1 f name
  install -d -m 0755 "$root/usr/local/share/ca-certificates/host"
  for f in "${HOST_CAS[@]}"; do
    name=$(basename "$f" .crt)
    install -m 0644 "$f" "$root/usr/local/share/ca-certificates/host/$name.crt"
    ln -sf "/usr/local/share/ca-certificates/host/$name.crt" "$root/etc/ssl/certs/host-$name.pem"
  done
  log "golang: ${#HOST_CAS[@]} site CA(s) from /usr/local/share/ca-certificates made visible to Go (BASE_IMAGES_HOST_CAS=0 to skip)"
}

# ---- golang:<minor>-trixie ---------------------------------------------------------------
build_golang() {
  if up_to_date "$GOLANG_IMAGE" "$GOLANG_KEY"; then
    SKIPPED+=("$GOLANG_IMAGE (up to date, $(image_size "$GOLANG_IMAGE"))")
    return
  fi
  ensure_rootfs_tar
  local t0=$SECONDS root="$WORK/golang" old
  old=$(image_id "$GOLANG_IMAGE")
  log "assembling $GOLANG_IMAGE (Go $GO_VERSION from $GOROOT_SRC)"
  extract_rootfs "$root"

  # apt sources like the official debian:trixie image (deb822), so that
  # `apt-get update && apt-get install ...` works in RUN steps.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: ${MIRROR}
Suites: ${SUITE} ${SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: ${SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # The apt hygiene config of the official debian images: no .deb / pkgcache left in layers.
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'Acquire::Languages "none";\n' >"$root/etc/apt/apt.conf.d/docker-no-languages"

  add_host_cas "$root"

  # Go toolchain at /usr/local/go, GOPATH=/go with src/ and bin/ world-writable (sticky),
  # exactly like the official Dockerfile: mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"
  mkdir -p "$root/usr/local"
  cp -a "$GOROOT_SRC" "$root/usr/local/go"
  chown -R 0:0 "$root/usr/local/go"
  mkdir -p "$root/go/src" "$root/go/bin"
  chmod -R 1777 "$root/go"

  tar --numeric-owner --xattrs -C "$root" -cf - . | "$DOCKER" import \
    -c "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    -c "ENV GOLANG_VERSION=$GO_VERSION" \
    -c "ENV GOTOOLCHAIN=local" \
    -c "ENV GOPATH=/go" \
    -c "WORKDIR /go" \
    -c 'CMD ["bash"]' \
    -c "LABEL $LABEL_KEY=$GOLANG_KEY" \
    -c "LABEL org.opencontainers.image.description=\"local stand-in for the official golang image (Debian $SUITE + Go $GO_VERSION)\"" \
    -m "go-minimal base-images: Debian $SUITE + Go $GO_VERSION" \
    - "$GOLANG_IMAGE" >/dev/null
  rm -rf "$root"
  drop_old "$old" "$GOLANG_IMAGE"

  # Smoke test: the toolchain runs and reports the expected version.
  local got
  got=$("$DOCKER" run --rm --network none "$GOLANG_IMAGE" go version)
  case "$got" in *"go$GO_VERSION "*) ;; *) die "$GOLANG_IMAGE: unexpected 'go version': $got" ;; esac
  BUILT+=("$GOLANG_IMAGE ($(image_size "$GOLANG_IMAGE"), $((SECONDS - t0)) s)")
}

# ---- gcr.io/distroless/static-debian13:nonroot ------------------------------------------
build_distroless() {
  if up_to_date "$DISTROLESS_IMAGE" "$DISTROLESS_KEY"; then
    SKIPPED+=("$DISTROLESS_IMAGE (up to date, $(image_size "$DISTROLESS_IMAGE"))")
    return
  fi
  ensure_rootfs_tar
  local t0=$SECONDS src="$WORK/distroless-src" root="$WORK/distroless" p old
  old=$(image_id "$DISTROLESS_IMAGE")
  log "assembling $DISTROLESS_IMAGE from Debian $SUITE packages"
  # Only the few files distroless static is made of (members missing from a release are
  # tolerated here and the essential ones checked below).
  mkdir -p "$src"
  tar --numeric-owner -C "$src" -xf "$ROOTFS_TAR" --wildcards \
    './etc/ssl/certs/*' './usr/share/ca-certificates/*' './usr/share/zoneinfo/*' './etc/services' \
    './etc/protocols' './etc/ethertypes' './etc/mime.types' './etc/debian_version' './usr/lib/os-release' \
    './usr/share/doc/*' './var/lib/dpkg/status' 2>/dev/null || true
  for p in etc/ssl/certs/ca-certificates.crt usr/share/zoneinfo/Asia/Tokyo etc/services usr/lib/os-release var/lib/dpkg/status; do
    [ -e "$src/$p" ] || [ -L "$src/$p" ] || die "rootfs lacks /$p"
  done
  mkdir -p "$root"

  # Directory skeleton (distroless static: base-files layout, no /bin, /lib or /sbin).
  install -d -m 0755 -o 0 -g 0 "$root/etc" "$root/etc/ssl/certs" "$root/usr/share" "$root/usr/lib" \
    "$root/var/lib/dpkg/status.d" "$root/usr/share/doc" "$root/var" "$root/proc" "$root/sys" "$root/dev"
  install -d -m 0700 -o 0 -g 0 "$root/root"
  install -d -m 1777 -o 0 -g 0 "$root/tmp"
  install -d -m 0700 -o 65532 -g 65532 "$root/home/nonroot"

  # Users and groups, as in distroless common/variables.bzl.
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
EOF
  chmod 0644 "$root/etc/passwd" "$root/etc/group"

  # Data files from the Debian packages (ca-certificates, tzdata, tzdata-legacy, netbase,
  # media-types, base-files).
  cp -L "$src/etc/ssl/certs/ca-certificates.crt" "$root/etc/ssl/certs/ca-certificates.crt"
  cp -a "$src/usr/share/zoneinfo" "$root/usr/share/zoneinfo"
  ln -sf /usr/share/zoneinfo/UTC "$root/etc/localtime"
  cp -a "$src/etc/services" "$src/etc/protocols" "$src/etc/ethertypes" "$root/etc/" 2>/dev/null ||
    cp -a "$src/etc/services" "$src/etc/protocols" "$root/etc/"
  [ -e "$src/etc/mime.types" ] && cp -a "$src/etc/mime.types" "$root/etc/"
  cp -a "$src/etc/debian_version" "$root/etc/"
  cp -L "$src/usr/lib/os-release" "$root/usr/lib/os-release"
  ln -sf ../usr/lib/os-release "$root/etc/os-release"
  printf 'hosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n' >"$root/etc/nsswitch.conf"
  for p in base-files ca-certificates tzdata tzdata-legacy netbase media-types; do
    if [ -e "$src/usr/share/doc/$p/copyright" ]; then
      install -d "$root/usr/share/doc/$p"
      cp -L "$src/usr/share/doc/$p/copyright" "$root/usr/share/doc/$p/copyright"
    fi
    # Package metadata where scanners (trivy, grype) look for it in distroless images.
    dpkg-query --admindir="$src/var/lib/dpkg" -s "$p" >"$root/var/lib/dpkg/status.d/$p" 2>/dev/null ||
      rm -f "$root/var/lib/dpkg/status.d/$p"
  done
  rm -rf "$src"

  # Static only: no shell, no busybox, no libc or loader may have slipped in.
  if find "$root" \( -name 'sh' -o -name 'bash' -o -name 'busybox' -o -name 'libc.so*' -o -name 'ld-linux*' \) | grep -q .; then
    die "$DISTROLESS_IMAGE would contain a shell or libc"
  fi

  tar --numeric-owner -C "$root" -cf - . | "$DOCKER" import \
    -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    -c "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" \
    -c "USER 65532:65532" \
    -c "WORKDIR /home/nonroot" \
    -c "LABEL $LABEL_KEY=$DISTROLESS_KEY" \
    -c "LABEL org.opencontainers.image.description=\"local stand-in for distroless static-debian13:nonroot (Debian $SUITE packages)\"" \
    -m "go-minimal base-images: distroless static from Debian $SUITE" \
    - "$DISTROLESS_IMAGE" >/dev/null
  rm -rf "$root"
  drop_old "$old" "$DISTROLESS_IMAGE"
  BUILT+=("$DISTROLESS_IMAGE ($(image_size "$DISTROLESS_IMAGE"), $((SECONDS - t0)) s)")
}

T0=$SECONDS
if [ -z "$ONLY" ] || [ "$ONLY" = golang ]; then build_golang; fi
if [ -z "$ONLY" ] || [ "$ONLY" = distroless ]; then build_distroless; fi

echo "base images (Go $GO_VERSION, Debian $SUITE, $((SECONDS - T0)) s):"
for b in "${BUILT[@]+"${BUILT[@]}"}"; do echo "  built    $b"; done
for s in "${SKIPPED[@]+"${SKIPPED[@]}"}"; do echo "  cached   $s"; done
echo "  NOT BUILT alpine:3.22: the alpine image and its apk repository are unreachable offline and"
echo "            Debian packages are no faithful stand-in; the alpine target is checked statically only"
echo "cache: $CACHE"
