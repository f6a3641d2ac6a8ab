# Ports: every port a service binds is reserved before it starts, machine-wide.
# Sourced by scripts/stack.
#
# A service binds a block of consecutive ports from its main port (Kafka: broker,
# controller +1, SASL +2, ...; Elasticsearch: HTTP, transport +1). Checking only the main
# port let two checkouts' stacks pick overlapping blocks; and a port that is free when
# chosen can be taken by another checkout's `up` before our server binds it. So a block
# is taken only when every port of it can be bound right now AND no other stack holds a
# reservation for it. Reservations are files in a folder every checkout on the machine
# shares (one file per port, created atomically, naming the owner's stack folder); `down`
# removes ours. A reservation whose owner has no run folder any more (it ran `down`, or
# its checkout is gone) is stale and ignored. Readiness then proves identity on top
# (Kafka's cluster id, Elasticsearch's node name), for servers that are not stacks.

PORT_REGISTRY=${LAGWATCH_PORT_REGISTRY:-/tmp/lagwatch-stack-ports}

# How many consecutive ports a service binds from its main port.
port_span() {
  case $1 in
    kafka-b) printf 6 ;; # broker, controller, SASL/PLAIN, SASL_SSL, mutual TLS, TLS (wrong name)
    kafka-multi) printf 4 ;; # node 1's broker, controller, nodes 2 and 3's brokers
    kafka-*) printf 3 ;; # broker, controller, SASL/PLAIN
    elasticsearch | influxdb) printf 2 ;; # HTTP + transport / RPC
    *) printf 1 ;;
  esac
}

# Exit 0 when every given port can be bound on 127.0.0.1 at this moment. A bind, not a
# connect: a socket that is bound but not (yet) listening refuses a bind too.
ports_bindable() {
  node -e '
    const net = require("node:net");
    const bind = (port) => new Promise((ok, fail) => {
      const s = net.createServer();
      s.once("error", fail);
      s.listen({ port, host: "127.0.0.1", exclusive: true }, () => s.close(() => ok()));
    });
    (async () => { for (const p of process.argv.slice(1)) await bind(Number(p)); })()
      .then(() => process.exit(0), () => process.exit(1));' "$@"
}

# The stack folder and service holding PORT's reservation, if it is live.
port_owner() {
  local file=$PORT_REGISTRY/$1 owner
  [[ -s $file ]] || return 1
  owner=$(<"$file")
  [[ -d ${owner% *}/run ]] || return 1 # stale: that stack ran `down` or is gone
  printf '%s' "$owner"
}

# reserve_block SERVICE BASE: reserves BASE .. BASE+span-1 for SERVICE of this stack, or
# fails (reserving nothing) if another stack holds one of them or one cannot be bound.
reserve_block() {
  local service=$1 base=$2 span i port owner mine=()
  span=$(port_span "$service")
  mkdir -p "$PORT_REGISTRY"
  chmod 1777 "$PORT_REGISTRY" 2>/dev/null || true
  for ((i = 0; i < span; i++)); do
    port=$((base + i))
    ((port < 65536)) || break
    if owner=$(port_owner "$port"); then
      [[ $owner == "$STACK_DIR $service" ]] && continue # ours already (a restart)
      break
    fi
    rm -f "$PORT_REGISTRY/$port" # stale, or none
    # noclobber: creating the file is the atomic test-and-set between two checkouts.
    (set -o noclobber && printf '%s %s' "$STACK_DIR" "$service" >"$PORT_REGISTRY/$port") 2>/dev/null ||
      break
    mine+=("$port")
  done
  if ((i == span)) && block_bindable "$service" "$base"; then
    return 0
  fi
  for port in "${mine[@]}"; do rm -f "$PORT_REGISTRY/$port"; done
  return 1
}

# reserve_ports SERVICE PREFERRED: prints the main port of a reserved block, PREFERRED if
# its whole block is free, else another one (said so).
reserve_ports() {
  local service=$1 preferred=$2 base attempt
  if reserve_block "$service" "$preferred"; then
    printf '%s' "$preferred"
    return 0
  fi
  # Below Linux's ephemeral range (32768+), where outgoing connections take their ports.
  for ((attempt = 0; attempt < 50; attempt++)); do
    base=$((20000 + (RANDOM % 1200) * 10))
    if reserve_block "$service" "$base"; then
      say "$service: port $preferred (or one of its $(port_span "$service") ports) is taken; using $base instead"
      printf '%s' "$base"
      return 0
    fi
  done
  die "$service: no free block of $(port_span "$service") ports found"
}

# release_ports [SERVICE...]: drops this stack's reservations for those services (all
# of them when none is named: `down`).
release_ports() {
  local file owner
  for file in "$PORT_REGISTRY"/*; do
    [[ -f $file ]] || continue
    owner=$(<"$file")
    [[ $owner == "$STACK_DIR "* ]] || continue
    if (($# == 0)) || [[ " $* " == *" ${owner##* } "* ]]; then rm -f "$file"; fi
  done
  return 0
}

# block_bindable SERVICE PORT: every port of SERVICE's block from PORT can be bound now.
block_bindable() {
  ports_bindable $(seq "$2" $(($2 + $(port_span "$1") - 1)))
}

# For tests that run a second, partial stack beside the first (LAGWATCH_STACK_DIR set):
# LAGWATCH_STACK_SERVICES names the services it runs, LAGWATCH_STACK_PORTS their
# preferred ports ("kafka-a=24000 elasticsearch=24100").
if [[ -n ${LAGWATCH_STACK_SERVICES:-} ]]; then read -r -a SERVICES <<<"$LAGWATCH_STACK_SERVICES"; fi

preferred_port() { # preferred_port SERVICE DEFAULT
  local pair
  for pair in ${LAGWATCH_STACK_PORTS:-}; do
    if [[ ${pair%%=*} == "$1" ]]; then
      printf '%s' "${pair#*=}"
      return 0
    fi
  done
  printf '%s' "$2"
}
