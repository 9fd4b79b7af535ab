#!/usr/bin/env bash
# A throwaway single-node Kafka (KRaft, broker+controller in one JVM) on loopback, for the
# integration tests' CTest fixtures.
#
#   kafka.sh start STATE_DIR   start it; prints and writes STATE_DIR/bootstrap (127.0.0.1:PORT)
#   kafka.sh stop STATE_DIR    stop it; exits 0 when nothing is running
#   kafka.sh halt STATE_DIR    stop it but keep its data, config and ports (an outage)
#   kafka.sh resume STATE_DIR  start a halted broker again, same ports, same data
#
# The broker's jars come from Maven Central through kafka/pom.xml and are cached in
# ${NEWSWIRED_TEST_CACHE:-$HOME/.cache/newswired-tests}/kafka-VERSION (~/.m2 caches too), so
# only the first start on a machine downloads anything.
#
# Environment: NEWSWIRED_TEST_CACHE (cache root), KAFKA_START_TIMEOUT (seconds, default 90),
# KAFKA_HEAP (default 512m), JAVA (default: java on PATH).
set -euo pipefail
# Without this, bash runs $(...) with -e off and a failing helper would go unnoticed.
shopt -s inherit_errexit

HARNESS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HARNESS_DIR
readonly POM="${HARNESS_DIR}/kafka/pom.xml"
readonly JAVA_BIN="${JAVA:-java}"

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop|halt|resume STATE_DIR" >&2
  exit 2
}

# The Kafka version is the pom's property; read it with sed because `mvn help:evaluate`
# costs seconds on every start.
kafka_version() {
  sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' "$POM" | head -n 1
}

# Print the directory holding the broker's runtime jars, materialising it first if needed.
# The stamp holds the pom's checksum, so an edited pom (new deps) refreshes the cache; the
# flock keeps two concurrent starts from copying into the same directory.
ensure_jars() {
  local version root dir stamp sum tmp
  version="$(kafka_version)"
  [[ -n "$version" ]] || die "no <kafka.version> in $POM"
  root="${NEWSWIRED_TEST_CACHE:-${HOME:-/tmp}/.cache/newswired-tests}"
  dir="${root}/kafka-${version}"
  stamp="${dir}/.complete"
  sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  mkdir -p "$root"
  (
    flock 9
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
      exit 0
    fi
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    echo "kafka.sh: fetching Kafka ${version} jars into ${dir}" >&2
    tmp="$(mktemp -d "${root}/.kafka-${version}.XXXXXX")"
    # Copy into a fresh directory and swap it in, so a failed or interrupted download never
    # leaves a half-filled classpath that looks usable.
    # Maven's chatter goes to a file, shown only when it fails.
    if ! mvn -q -B -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"${root}/.kafka-mvn.log" 2>&1; then
      cat "${root}/.kafka-mvn.log" >&2
      rm -rf "$tmp"
      die "mvn could not fetch the Kafka jars"
    fi
    echo "$sum" >"${tmp}/.complete"
    rm -rf "$dir"
    mv "$tmp" "$dir"
  ) 9>"${root}/.kafka.lock" || exit 1
  echo "$dir"
}

# Two distinct loopback ports that were free a moment ago (both bound at once, so they differ).
free_ports() {
  python3 - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# A cluster id as Kafka's Uuid.randomUuid() makes one: 16 random bytes, URL-safe base64 without
# padding, never starting with '-'. Done here to save a JVM start (`kafka-storage random-uuid`).
cluster_id() {
  python3 - <<'EOF'
import base64, os
while True:
    s = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    if not s.startswith("-"):
        print(s)
        break
EOF
}

# The broker's pid if it is alive and is really our broker (the pid file may be stale and its
# number reused by something else after a reboot or a crash).
running_pid() {
  local state="$1" pid
  [[ -f "${state}/kafka.pid" ]] || return 1
  pid="$(cat "${state}/kafka.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

do_stop() {
  local state="$1" pid i
  if ! pid="$(running_pid "$state")"; then
    rm -f "${state}/kafka.pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  # A single KRaft node shuts down in a few seconds; give it 30 before pulling the plug.
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka.sh: broker ${pid} ignored SIGTERM for 30 s, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "${state}/kafka.pid"
}

write_config() {
  local state="$1" port="$2" cport="$3"
  # Static quorum (controller.quorum.voters), which 4.x still supports: with it the storage is
  # formatted without --standalone and there is no voter set to bootstrap.
  cat >"${state}/server.properties" <<EOF
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@127.0.0.1:${cport}
log.dirs=${state}/data
auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
# One node: every internal topic must make do with one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions: the first consumer group / transaction then starts in well
# under a second instead of creating 50 partitions.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
EOF
  # Everything to stdout, which start sends to kafka.log: one writer, one file to read.
  cat >"${state}/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = OUT
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.state.name = state.change.logger
logger.state.level = warn
logger.clients.name = org.apache.kafka.clients
logger.clients.level = warn
EOF
}

fail_start() {
  local state="$1"
  shift
  echo "kafka.sh: $*" >&2
  if [[ -f "${state}/kafka.log" ]]; then
    echo "---- last lines of ${state}/kafka.log ----" >&2
    tail -n 60 "${state}/kafka.log" >&2
  fi
  do_stop "$state"
  exit 1
}

jvm_args() {
  local state="$1"
  local heap="${KAFKA_HEAP:-512m}"
  printf '%s\n' "-Xmx${heap}" -Xms64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=${state}/log4j2.properties" \
    "-Dkafka.logs.dir=${state}"
}

format_storage() {
  local state="$1" jars="$2" cid="$3"
  local -a jvm
  mapfile -t jvm < <(jvm_args "$state")
  if ! "$JAVA_BIN" "${jvm[@]}" -cp "${jars}/*" kafka.tools.StorageTool format \
    -t "$cid" -c "${state}/server.properties" >>"${state}/kafka.log" 2>&1; then
    fail_start "$state" "formatting the storage failed"
  fi
}

# Starts the JVM on a written config and formatted storage, and waits until it takes writes.
launch() {
  local state="$1" jars="$2" port="$3" pid deadline metadata
  local -a jvm
  mapfile -t jvm < <(jvm_args "$state")
  # setsid: the broker must outlive this script and not share CTest's process group; its
  # stdio goes to the log so CTest does not wait on our pipes. The inner shell records its own
  # pid and then becomes java, so kafka.pid names the JVM itself.
  # shellcheck disable=SC2016 # $$, $1 and $@ are the inner shell's, not ours.
  setsid bash -c 'echo $$ >"$1/kafka.pid"; shift; exec "$@"' _ "$state" \
    "$JAVA_BIN" "${jvm[@]}" -cp "${jars}/*" kafka.Kafka "${state}/server.properties" \
    </dev/null >>"${state}/kafka.log" 2>&1 &

  deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  while :; do
    if ((SECONDS >= deadline)); then
      fail_start "$state" "broker did not answer metadata on 127.0.0.1:${port} within ${KAFKA_START_TIMEOUT:-90} s"
    fi
    sleep 0.5
    if ! pid="$(running_pid "$state")"; then
      # The pid file is written by the child a moment after the fork; before that, wait.
      [[ -f "${state}/kafka.pid" ]] || continue
      fail_start "$state" "broker exited during startup"
    fi
    # Ready when the broker lists itself: it is then registered and unfenced, so topics
    # can be auto-created.
    if metadata="$(kcat -b "127.0.0.1:${port}" -L -m 5 2>/dev/null)" &&
      grep -q "broker 1 at 127.0.0.1:${port}" <<<"$metadata"; then
      break
    fi
  done

  # Warm up the transaction coordinator: the first idempotent producer (the daemon's kind)
  # otherwise creates __transaction_state and gets a retriable "Coordinator load in
  # progress", which librdkafka logs as a warning into the first test's output.
  while ! echo warmup | kcat -b "127.0.0.1:${port}" -P -t _harness.warmup \
    -X enable.idempotence=true -X acks=all -X message.timeout.ms=10000 -q 2>/dev/null; do
    if ((SECONDS >= deadline)) || ! running_pid "$state" >/dev/null; then
      fail_start "$state" "an idempotent producer could not write to 127.0.0.1:${port}"
    fi
    sleep 0.5
  done
}

do_start() {
  local state="$1" jars port cport cid
  command -v kcat >/dev/null || die "kcat not found (apt-get install kcat)"
  command -v "$JAVA_BIN" >/dev/null || die "java not found (Kafka 4 needs Java 17+)"
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
  # A broker left over from an aborted run holds stale ports: replace it.
  do_stop "$state"
  rm -rf "${state}/data" "${state}/bootstrap"
  : >"${state}/kafka.log"

  jars="$(ensure_jars)"
  read -r port cport < <(free_ports) || true
  [[ "$port" =~ ^[0-9]+$ && "$cport" =~ ^[0-9]+$ ]] || die "could not pick free ports"
  cid="$(cluster_id)"
  write_config "$state" "$port" "$cport"

  format_storage "$state" "$jars" "$cid"
  launch "$state" "$jars" "$port"
  echo "127.0.0.1:${port}" >"${state}/bootstrap"
  echo "127.0.0.1:${port}"
}

[[ $# -eq 2 ]] || usage
case "$1" in
  start) do_start "$2" ;;
  halt)
    [[ -d "$2" ]] || die "no broker state in $2"
    do_stop "$(cd "$2" && pwd)"
    ;;
  resume)
    state="$(cd "$2" && pwd)"
    [[ -f "${state}/server.properties" ]] || die "no halted broker in ${state}"
    port="$(sed -n 's/^listeners=PLAINTEXT:\/\/127.0.0.1:\([0-9]*\),.*/\1/p' "${state}/server.properties")"
    launch "$state" "$(ensure_jars)" "$port"
    ;;
  stop)
    [[ -d "$2" ]] || exit 0
    do_stop "$(cd "$2" && pwd)"
    ;;
  *) usage ;;
esac
