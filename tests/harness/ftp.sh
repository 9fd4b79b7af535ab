#!/usr/bin/env bash
# A throwaway FTP server (pure-ftpd) on loopback, for the integration tests' CTest fixtures.
#
#   ftp.sh start STATE_DIR   start it; prints and writes STATE_DIR/base_url
#   ftp.sh stop STATE_DIR    stop it; exits 0 when nothing is running
#
# One virtual user from its own password database (pure-pw's puredb), so no system account,
# no PAM and nothing under /etc is involved; passive mode, anonymous login refused. What the
# tests need is written into STATE_DIR:
#   port, user, password   where and how to log in
#   uid, gid               who the server acts as on disk: folders the tests make in root/
#                          must be theirs for the server to delete files in them
#   root/                  the user's home, chroot()ed to
#   base_url               ftp://127.0.0.1:PORT/ (paths in it are relative to root/)
# pure-ftpd refuses to act as root, so the user is mapped to nobody (65534). Debian's build
# needs root to switch a session to its user (setgroups): started by anyone else, it starts
# nothing, writes the reason to STATE_DIR/unavailable and exits 0, so that the other services
# of the fixture still run and the FTP tests skip with that reason.
#
# Environment: PURE_FTPD (default /usr/sbin/pure-ftpd), PURE_PW (default /usr/bin/pure-pw).
set -euo pipefail
source "$(dirname "$0")/service_lib.sh"
shopt -s inherit_errexit

readonly PURE_FTPD_BIN="${PURE_FTPD:-/usr/sbin/pure-ftpd}"
readonly PURE_PW_BIN="${PURE_PW:-/usr/bin/pure-pw}"
readonly FTP_USER="wire"

die() {
  echo "ftp.sh: $*" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

do_stop() {
  stop_service "$1/pure-ftpd.pid" pure-ftpd
}

# The password database. pure-pw would hash with Argon2 at a cost that makes every login take
# seconds; a SHA-512 crypt() hash, which pure-ftpd also accepts, keeps the tests quick.
make_users() {
  local state="$1" uid="$2" gid="$3" password hash
  if [[ ! -s "${state}/password" ]]; then
    # Letters and digits only: it goes into URLs and command lines of manual checks.
    password="$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20 || true)"
    echo "$password" >"${state}/password"
  fi
  password="$(cat "${state}/password")"
  hash="$(openssl passwd -6 "$password")"
  # name:hash:uid:gid:gecos:home (/./ = chroot there):then quotas and limits, all unset.
  echo "${FTP_USER}:${hash}:${uid}:${gid}::${state}/root/./::::::::::::" >"${state}/pureftpd.passwd"
  rm -f "${state}/pureftpd.pdb"
  "$PURE_PW_BIN" mkdb "${state}/pureftpd.pdb" -f "${state}/pureftpd.passwd" >/dev/null
}

do_start() {
  local state="$1" port uid gid attempt i
  [[ -x "$PURE_FTPD_BIN" ]] || die "${PURE_FTPD_BIN} not found (apt-get install pure-ftpd)"
  [[ -x "$PURE_PW_BIN" ]] || die "${PURE_PW_BIN} not found (apt-get install pure-ftpd)"
  command -v openssl >/dev/null || die "openssl not found"
  command -v curl >/dev/null || die "curl not found"
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
  do_stop "$state"
  rm -f "${state}/base_url" "${state}/port" "${state}/unavailable"
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "pure-ftpd needs root to switch sessions to its virtual user" | tee "${state}/unavailable"
    return 0
  fi
  mkdir -p "${state}/root"
  uid=65534
  gid=65534
  chown "${uid}:${gid}" "${state}/root"
  make_users "$state" "$uid" "$gid"

  for attempt in 1 2 3; do
    port="$(free_port)"
    # -B detaches once it listens; -E: no anonymous login; -H: no reverse DNS; -A: chroot;
    # -f none: nothing to syslog, which a container may not have; -O: a transfer log.
    if "$PURE_FTPD_BIN" -S "127.0.0.1,${port}" -4 -l "puredb:${state}/pureftpd.pdb" -E -H -A \
      -B -g "${state}/pure-ftpd.pid" -f none -O "clf:${state}/transfer.log" -c 50 -C 50 \
      </dev/null >"${state}/start.log" 2>&1; then
      for ((i = 0; i < 50; i++)); do
        [[ -s "${state}/pure-ftpd.pid" ]] && break
        sleep 0.1
      done
      live_pid "${state}/pure-ftpd.pid" pure-ftpd >/dev/null && break
    fi
    if ((attempt == 3)) || ! grep -qi 'address already in use' "${state}/start.log"; then
      echo "ftp.sh: pure-ftpd failed to start:" >&2
      cat "${state}/start.log" >&2
      exit 1
    fi
  done

  # Ready once our own user can log in and list the folder.
  for ((i = 0; i < 50; i++)); do
    if curl -s -o /dev/null --max-time 5 -u "${FTP_USER}:$(cat "${state}/password")" \
      "ftp://127.0.0.1:${port}/"; then
      break
    fi
    sleep 0.1
  done
  ((i < 50)) || {
    do_stop "$state"
    die "pure-ftpd on 127.0.0.1:${port} did not let ${FTP_USER} in"
  }
  echo "$FTP_USER" >"${state}/user"
  echo "$uid" >"${state}/uid"
  echo "$gid" >"${state}/gid"
  echo "$port" >"${state}/port"
  echo "ftp://127.0.0.1:${port}/" >"${state}/base_url"
  cat "${state}/base_url"
}

service_main "$@"
