# Shared by scripts/verify-image.sh and scripts/compose-rehearsal.sh (sourced, not run): podman
# as it works on these machines, and local stand-ins for images no registry here serves, built
# from one cached Debian bookworm root. Expects CACHE_DIR and DEBIAN_MIRROR to be set.

podman_() { podman --runtime /usr/sbin/runc --cgroup-manager=cgroupfs "$@"; }

install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  [[ -x /usr/sbin/runc ]] || missing+=(runc)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# A Debian bookworm root with what the Microsoft images carry for .NET, plus the `app` user.
bookworm_root() {
  local root="$CACHE_DIR/bookworm-root"
  if [[ ! -f "$CACHE_DIR/bookworm-root.done" ]]; then
    rm -rf "$root"
    mkdir -p "$CACHE_DIR"
    debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >/dev/null
    chroot "$root" apt-get install -y -qq --no-install-recommends \
      libicu72 libssl3 ca-certificates tzdata zlib1g >/dev/null
    chroot "$root" apt-get clean
    chroot "$root" groupadd --gid 1654 app
    chroot "$root" useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
    mkdir -p "$root/usr/share/dotnet"
    ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
    touch "$CACHE_DIR/bookworm-root.done"
  fi
  # Trust what this machine trusts: its registries are reached through an egress proxy whose CA
  # is installed locally (the real Microsoft images trust the public CAs, enough on CodeBuild).
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null 2>&1
  fi
  echo "$root"
}

# Imports the bookworm root plus the named parts of this machine's /usr/share/dotnet as IMAGE.
import_stand_in() {
  local image="$1"; shift
  if podman_ image exists "$image"; then
    return
  fi
  local root parts=() part tarball="$CACHE_DIR/stand-in.tar"
  root="$(bookworm_root)"
  for part in "$@"; do parts+=("usr/share/dotnet/$part"); done
  tar -cf "$tarball" -C "$root" . -C / "${parts[@]}"
  podman_ import \
    --change 'ENV APP_UID=1654' \
    --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'WORKDIR /app' \
    "$tarball" "$image" >/dev/null
  rm -f "$tarball"
  echo "imported stand-in $image"
}

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! ss -Hltn "sport = :$port" | grep -q .; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}
