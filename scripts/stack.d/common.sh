# Shared by every part of scripts/stack: where things live, pids, ports, waiting.
# Sourced, never run. Everything the stack starts is recorded under $STACK_DIR.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_DIR=${LAGWATCH_STACK_DIR:-$REPO_ROOT/.stack}
RUN_DIR=$STACK_DIR/run     # data of this run: removed by `down`
LOG_DIR=$STACK_DIR/logs    # logs: kept after `down` for post-mortems, truncated by `up`
PID_DIR=$STACK_DIR/pids
CACHE_DIR=$STACK_DIR/cache # resolved classpath: kept across runs
ENV_FILE=$STACK_DIR/env
POM=$REPO_ROOT/scripts/pom.xml

# Every service, in start order: Elasticsearch first, the slowest to boot, which `up`
# launches in the background while it formats the Kafka clusters' storage (a JVM each).
# Kafka clusters are named a, b, old (the 3.x line) and multi (three brokers).
SERVICES=(elasticsearch kafka-a kafka-b kafka-old kafka-multi influxdb victoriametrics alertmanager smtp)

say() { printf 'stack: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

pom_property() { # pom_property NAME -> the value of <NAME> in scripts/pom.xml
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$POM" | head -n 1
}

# Maven, quiet unless it fails (then its whole output goes to stderr).
mvn_quiet() {
  local out
  if ! out=$(mvn -q -B -Dstyle.color=never "$@" 2>&1); then
    printf '%s\n' "$out" >&2
    return 1
  fi
}

pid_file() { printf '%s/%s.pid' "$PID_DIR" "$1"; }
log_file() { printf '%s/%s.log' "$LOG_DIR" "$1"; }

# The pid recorded for a service, if that process still runs and is still ours:
# its command line must mention this stack's folder, so a recycled pid is never
# mistaken for (or killed as) one of ours.
service_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(service_marker "$1")" || return 1
  printf '%s' "$pid"
}

# A string that appears in the command line of the service's process.
service_marker() {
  case $1 in
    elasticsearch) cat "$STACK_DIR/elasticsearch.home" 2>/dev/null || printf '%s' "$RUN_DIR/elasticsearch" ;;
    *) printf '%s' "$RUN_DIR/$1" ;;
  esac
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# pick_port NAME PREFERRED: the preferred port when free, else a free one (said so).
pick_port() {
  local name=$1 preferred=$2 port
  if port_in_use "$preferred"; then
    port=$(free_port)
    say "$name: port $preferred is taken by another process; using $port instead"
    printf '%s' "$port"
  else
    printf '%s' "$preferred"
  fi
}

# start_daemon NAME CMD...: runs CMD in its own session, output to the service's log,
# and records its pid.
start_daemon() {
  local name=$1
  shift
  : >"$(log_file "$name")"
  setsid nohup "$@" >>"$(log_file "$name")" 2>&1 </dev/null &
  printf '%s' "$!" >"$(pid_file "$name")"
}

# wait_ready NAME TIMEOUT_S SINCE_MS PROBE...: runs PROBE until it succeeds, the
# service's process dies, or TIMEOUT_S has passed since SINCE_MS. Says how long it took.
wait_ready() {
  local name=$1 timeout_s=$2 start=$3
  shift 3
  local deadline=$((start + timeout_s * 1000)) said
  while true; do
    # The probe's last words say why it is not ready (e.g. another server on our port).
    if said=$("$@" 2>&1 >/dev/null); then
      say "$name ready in $(seconds_since "$start") s"
      return 0
    fi
    if ! service_pid "$name" >/dev/null; then
      say "$name: its process exited before it was ready; log: $(service_log_path "$name")"
      [[ -z $said ]] || say "$name: last probe: $said"
      return 1
    fi
    if (($(now_ms) > deadline)); then
      say "$name: not ready after ${timeout_s}s; log: $(service_log_path "$name")"
      [[ -z $said ]] || say "$name: last probe: $said"
      return 1
    fi
    sleep 0.5
  done
}

# The log that tells why a service failed (Elasticsearch keeps its own).
service_log_path() {
  case $1 in
    elasticsearch) printf '%s' "$(cat "$STACK_DIR/elasticsearch.home" 2>/dev/null)/logs/lagwatch-test.log" ;;
    *) log_file "$1" ;;
  esac
}

http_status() { # http_status URL -> the HTTP status code, or 000
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1"
}
