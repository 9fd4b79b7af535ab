#!/usr/bin/env bash
# A throwaway nginx on loopback serving a directory, for the integration tests' CTest fixtures.
#
#   nginx.sh start STATE_DIR DOCROOT   start it; prints and writes STATE_DIR/base_url
#   nginx.sh stop STATE_DIR            stop it; exits 0 when nothing is running
#
# A second listener serves the same files over TLS with HTTP/2 (STATE_DIR/tls_base_url), with a
# certificate for 127.0.0.1 from a throwaway CA (STATE_DIR/tls/ca.pem); its access log
# (STATE_DIR/tls_access.log) says "URI PROTOCOL STATUS" per request.
#
# It serves DOCROOT as static files (so ETag and Last-Modified, and 304 answers to
# If-None-Match / If-Modified-Since), gzips XML feeds, and answers /status/500 with a 500.
# Everything it writes (pid, logs, temp files) stays in STATE_DIR; nothing under /etc or
# /var is used, so it runs beside a system nginx and as any user.
#
# Environment: NGINX (default /usr/sbin/nginx); NGINX_TIMED_LOG=1 writes STATE_DIR/access.log
# as "MSEC REQUEST_TIME STATUS BYTES HOST URI USER_AGENT" per request (nginx's $msec, the end of
# the request in seconds since the epoch, and $request_time, its duration), for benchmarks.
set -euo pipefail
# Without this, bash runs $(...) with -e off and a failing helper would go unnoticed.
shopt -s inherit_errexit

readonly NGINX_BIN="${NGINX:-/usr/sbin/nginx}"

die() {
  echo "nginx.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start STATE_DIR DOCROOT | $0 stop STATE_DIR" >&2
  exit 2
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The master's pid if it is alive and is really an nginx (a stale pid file's number may have
# been reused).
running_pid() {
  local state="$1" pid
  [[ -f "${state}/nginx.pid" ]] || return 1
  pid="$(cat "${state}/nginx.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q 'nginx' || return 1
  echo "$pid"
}

do_stop() {
  local state="$1" pid workers i
  if ! pid="$(running_pid "$state")"; then
    rm -f "${state}/nginx.pid"
    return 0
  fi
  # Remember the workers: if the master has to be killed they would otherwise live on.
  workers="$(pgrep -P "$pid" || true)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "nginx.sh: nginx ${pid} ignored SIGTERM for 10 s, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [[ -n "$workers" ]]; then
    # shellcheck disable=SC2086 # one pid per word, on purpose
    kill -KILL $workers 2>/dev/null || true
  fi
  rm -f "${state}/nginx.pid"
}

# A CA and a server certificate for 127.0.0.1 / localhost, valid for two days.
make_tls() {
  local tls="$1/tls"
  mkdir -p "$tls"
  [[ -s "${tls}/server.pem" ]] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=newswired test CA" -keyout "${tls}/ca.key" -out "${tls}/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "${tls}/server.key" -out "${tls}/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"${tls}/ext.cnf"
  openssl x509 -req -in "${tls}/server.csr" -CA "${tls}/ca.pem" -CAkey "${tls}/ca.key" \
    -CAcreateserial -days 2 -extfile "${tls}/ext.cnf" -out "${tls}/server.pem" 2>/dev/null
}

write_config() {
  local state="$1" docroot="$2" port="$3" tls_port="$4" user_line="" types_line log_line
  # As root, nginx would switch its workers to 'nobody', who may not read the docroot or the
  # state dir (CI runs as root in a root-owned tree); as anyone else 'user' is ignored with a
  # warning, so only name it for root.
  if [[ "$(id -u)" -eq 0 ]]; then
    user_line="user root;"
  fi
  if [[ -f /etc/nginx/mime.types ]]; then
    types_line="include /etc/nginx/mime.types;"
  else
    types_line="types { text/xml xml; application/rss+xml rss; application/atom+xml atom; text/html html; application/json json; text/plain txt; }"
  fi
  log_line="access_log \"${state}/access.log\";"
  if [[ "${NGINX_TIMED_LOG:-}" == "1" ]]; then
    log_line="log_format timed '\$msec \$request_time \$status \$body_bytes_sent \$host \$request_uri \"\$http_user_agent\"';
  access_log \"${state}/access.log\" timed;"
  fi
  cat >"${state}/nginx.conf" <<EOF
${user_line}
worker_processes 1;
pid "${state}/nginx.pid";
error_log "${state}/error.log" notice;

events {
  worker_connections 256;
}

http {
  ${types_line}
  default_type application/octet-stream;
  ${log_line}

  # Temp paths default to the compiled-in /var/lib/nginx: keep them ours.
  client_body_temp_path "${state}/tmp/client_body";
  proxy_temp_path "${state}/tmp/proxy";
  fastcgi_temp_path "${state}/tmp/fastcgi";
  uwsgi_temp_path "${state}/tmp/uwsgi";
  scgi_temp_path "${state}/tmp/scgi";

  sendfile on;
  etag on;
  # Feeds arrive gzipped from real servers: exercise the client's decoding. nginx then sends
  # a weak ETag (W/"...") and still answers If-None-Match with 304.
  gzip on;
  gzip_vary on;
  gzip_min_length 1;
  gzip_types text/xml application/xml application/rss+xml application/atom+xml;

  server {
    # 127.0.0.2-8 too: hosts of their own on loopback, for tests that need feeds on several.
    listen 127.0.0.1:${port};
    listen 127.0.0.2:${port};
    listen 127.0.0.3:${port};
    listen 127.0.0.4:${port};
    listen 127.0.0.5:${port};
    listen 127.0.0.6:${port};
    listen 127.0.0.7:${port};
    listen 127.0.0.8:${port};
    server_name localhost;
    root "${docroot}";

    location = /status/500 {
      return 500;
    }
  }

  log_format protocol '\$request_uri \$server_protocol \$status';
  server {
    listen 127.0.0.1:${tls_port} ssl http2;
    server_name localhost;
    root "${docroot}";
    ssl_certificate "${state}/tls/server.pem";
    ssl_certificate_key "${state}/tls/server.key";
    access_log "${state}/tls_access.log" protocol;
  }
}
EOF
}

do_start() {
  local state="$1" docroot="$2" port tls_port attempt code i
  [[ -x "$NGINX_BIN" ]] || die "${NGINX_BIN} not found (apt-get install nginx-light)"
  command -v curl >/dev/null || die "curl not found"
  mkdir -p "$state" "$docroot"
  state="$(cd "$state" && pwd)"
  docroot="$(cd "$docroot" && pwd)"
  # An nginx left over from an aborted run holds a stale port: replace it.
  do_stop "$state"
  rm -f "${state}/base_url" "${state}/tls_base_url"
  mkdir -p "${state}/tmp"
  make_tls "$state"

  # The port was only free a moment ago; if someone takes it first, pick another.
  for attempt in 1 2 3; do
    port="$(free_port)"
    tls_port="$(free_port)"
    write_config "$state" "$docroot" "$port" "$tls_port"
    # -e: the error log before the config is read, which otherwise is /var/log/nginx.
    # Its startup complaints also go to stderr: keep them per attempt to tell why it failed.
    if "$NGINX_BIN" -p "${state}/" -c "${state}/nginx.conf" -e "${state}/error.log" \
      </dev/null >"${state}/start.log" 2>&1; then
      break
    fi
    if ((attempt == 3)) || ! grep -q 'Address already in use' "${state}/start.log"; then
      echo "nginx.sh: nginx failed to start:" >&2
      cat "${state}/start.log" >&2
      exit 1
    fi
  done

  # nginx daemonises once it listens; still wait until our own server answers our own route.
  for ((i = 0; i < 100; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
      "http://127.0.0.1:${port}/status/500" || true)"
    [[ "$code" == "500" ]] && break
    sleep 0.1
  done
  if [[ "$code" != "500" ]]; then
    echo "nginx.sh: nginx on 127.0.0.1:${port} did not answer; last lines of ${state}/error.log:" >&2
    tail -n 30 "${state}/error.log" >&2
    do_stop "$state"
    exit 1
  fi

  echo "https://127.0.0.1:${tls_port}" >"${state}/tls_base_url"
  echo "http://127.0.0.1:${port}" >"${state}/base_url"
  echo "http://127.0.0.1:${port}"
}

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || usage
    do_start "$2" "$3"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    [[ -d "$2" ]] || exit 0
    do_stop "$(cd "$2" && pwd)"
    ;;
  *) usage ;;
esac
