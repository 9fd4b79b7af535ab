#!/usr/bin/env bash
# A throwaway OpenSSH SFTP server on loopback, for the integration tests' CTest fixtures.
#
#   sftp.sh start STATE_DIR   start it; prints and writes STATE_DIR/base_url
#   sftp.sh stop STATE_DIR    stop it; exits 0 when nothing is running
#
# It lets in only the user who started it (root included), only with the generated client key,
# and only for SFTP (internal-sftp, no shell, no password). What the tests need is written into
# STATE_DIR:
#   port, user            where and as whom to log in
#   client_key            the client's private key (client_key.pub beside it)
#   known_hosts           an OpenSSH known_hosts line for [127.0.0.1]:PORT
#   host_key_sha256       the host key's SHA256 fingerprint, base64 as ssh-keygen prints it
#   root/                 the folder the tests put files in (the server sees the same files)
#   base_url              sftp://127.0.0.1:PORT/<absolute path of root>/
# Everything else (config, host key, pid, log) stays in STATE_DIR too; nothing under /etc is
# read or changed. As root, sshd insists on its privilege separation directory /run/sshd,
# which a system without a running sshd may lack: it is created (empty, as the package's own
# service would).
#
# Environment: SSHD (default /usr/sbin/sshd).
set -euo pipefail
source "$(dirname "$0")/service_lib.sh"
shopt -s inherit_errexit

readonly SSHD_BIN="${SSHD:-/usr/sbin/sshd}"

die() {
  echo "sftp.sh: $*" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

do_stop() {
  stop_service "$1/sshd.pid" sshd
}

make_keys() {
  local state="$1"
  if [[ ! -s "${state}/host_key" ]]; then
    ssh-keygen -q -t ed25519 -N '' -C 'newswired test host' -f "${state}/host_key"
  fi
  if [[ ! -s "${state}/client_key" ]]; then
    ssh-keygen -q -t ed25519 -N '' -C 'newswired test client' -f "${state}/client_key"
  fi
  cp "${state}/client_key.pub" "${state}/authorized_keys"
}

write_config() {
  local state="$1" port="$2" user="$3"
  # StrictModes would refuse keys under a world-writable /tmp; the files are ours anyway.
  cat >"${state}/sshd_config" <<EOF
ListenAddress 127.0.0.1:${port}
HostKey ${state}/host_key
PidFile ${state}/sshd.pid
AuthorizedKeysFile ${state}/authorized_keys
AllowUsers ${user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PrintMotd no
X11Forwarding no
AllowTcpForwarding no
LogLevel VERBOSE
Subsystem sftp internal-sftp
ForceCommand internal-sftp
EOF
}

do_start() {
  local state="$1" port user attempt i
  [[ -x "$SSHD_BIN" ]] || die "${SSHD_BIN} not found (apt-get install openssh-server)"
  command -v ssh-keygen >/dev/null || die "ssh-keygen not found (apt-get install openssh-client)"
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
  do_stop "$state"
  rm -f "${state}/base_url" "${state}/port"
  mkdir -p "${state}/root"
  if [[ "$(id -u)" -eq 0 && ! -d /run/sshd ]]; then
    mkdir -p /run/sshd
    chmod 0755 /run/sshd
  fi
  user="$(id -un)"
  make_keys "$state"

  for attempt in 1 2 3; do
    port="$(free_port)"
    write_config "$state" "$port" "$user"
    # Without -D it detaches once it listens, and writes its pid file then. sshd must be
    # started by its absolute path: it re-executes itself for each connection.
    if "$SSHD_BIN" -f "${state}/sshd_config" -E "${state}/sshd.log" </dev/null \
      >"${state}/start.log" 2>&1; then
      for ((i = 0; i < 50; i++)); do
        [[ -s "${state}/sshd.pid" ]] && break
        sleep 0.1
      done
      live_pid "${state}/sshd.pid" sshd >/dev/null && break
    fi
    if ((attempt == 3)) || ! grep -q 'Address already in use' "${state}/sshd.log" 2>/dev/null; then
      echo "sftp.sh: sshd failed to start:" >&2
      cat "${state}/start.log" >&2
      tail -n 20 "${state}/sshd.log" >&2 2>/dev/null || true
      exit 1
    fi
  done

  # The same answer a client gets: proves it listens, and is what known_hosts must say.
  for ((i = 0; i < 50; i++)); do
    if ssh-keyscan -T 2 -t ed25519 -p "$port" 127.0.0.1 >"${state}/known_hosts.scan" 2>/dev/null &&
      [[ -s "${state}/known_hosts.scan" ]]; then
      break
    fi
    sleep 0.1
  done
  [[ -s "${state}/known_hosts.scan" ]] || {
    tail -n 20 "${state}/sshd.log" >&2
    do_stop "$state"
    die "sshd on 127.0.0.1:${port} did not answer"
  }
  echo "[127.0.0.1]:${port} $(cut -d' ' -f1,2 "${state}/host_key.pub")" >"${state}/known_hosts"
  rm -f "${state}/known_hosts.scan"
  ssh-keygen -l -E sha256 -f "${state}/host_key.pub" | awk '{print $2}' | sed 's/^SHA256://' \
    >"${state}/host_key_sha256"
  echo "$user" >"${state}/user"
  echo "$port" >"${state}/port"
  echo "sftp://127.0.0.1:${port}${state}/root/" >"${state}/base_url"
  cat "${state}/base_url"
}

service_main "$@"
