# A Kafka cluster of three brokers (kafka-multi), for batching per leader and per
# coordinator, coordinators that move and a broker that dies mid-tick. KRaft with a
# controller quorum of one: node 1 is broker + controller, nodes 2 and 3 brokers only; all
# formatted with one cluster id. Sourced by scripts/stack.
#
# Ports (one reserved block): PORT node 1's broker, PORT+1 the controller, PORT+2 and
# PORT+3 the brokers of nodes 2 and 3. Node 1 is the service's pid; nodes 2 and 3 run as
# kafka-multi-2 and kafka-multi-3 (their own pid files, logs and run folders).

KAFKA_MULTI=kafka-multi
KAFKA_MULTI_NODES=(1 2 3)

kafka_multi_node_name() { # kafka_multi_node_name ID
  if (($1 == 1)); then printf '%s' "$KAFKA_MULTI"; else printf '%s-%s' "$KAFKA_MULTI" "$1"; fi
}

kafka_multi_broker_port() { # kafka_multi_broker_port PORT ID
  if (($2 == 1)); then printf '%s' "$1"; else printf '%s' $(($1 + $2)); fi
}

kafka_multi_config() { # kafka_multi_config DIR ID PORT
  local dir=$1 id=$2 port=$3 cport=$(($3 + 1)) bport roles listeners advertised
  bport=$(kafka_multi_broker_port "$port" "$id")
  roles=broker listeners="PLAINTEXT://127.0.0.1:$bport" advertised="PLAINTEXT://127.0.0.1:$bport"
  if ((id == 1)); then
    roles=broker,controller
    listeners="$listeners,CONTROLLER://127.0.0.1:$cport"
    advertised="$advertised,CONTROLLER://127.0.0.1:$cport"
  fi
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=$roles
node.id=$id
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=$listeners
advertised.listeners=$advertised
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
# Coordinators spread over the three brokers; the offsets survive one broker stopped.
offsets.topic.replication.factor=3
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Leaders move only when a test moves them (a broker stopped, kafka-leader-election): the
# controller's own rebalance, every 300 s, gave a stopped and restarted broker its
# coordinators back in the middle of a later test, whose `once` then missed a group that
# was moving (CI, 2026-12-05).
auto.leader.rebalance.enable=false
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=false
# The cleaner's default 128 MB dedupe buffer does not fit a 256 MB heap beside the rest
# (a node died of it: OutOfMemoryError in SkimpyOffsetMap at start).
log.cleaner.dedupe.buffer.size=16777216
PROPS
  cat >"$dir/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $LOG_DIR/$(basename "$dir")-server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
PROPS
}

kafka_multi_start() { # kafka_multi_start NAME PORT
  local port=$2 cp cluster_id id name dir fresh=false formats=() pid failed=0
  cp=$(kafka_classpath) || return 1
  # A restart (scripts/stack start) keeps every node's storage; otherwise all are new,
  # formatted with one cluster id, the three formats at once (a JVM each: seconds).
  [[ -f $RUN_DIR/$KAFKA_MULTI/data/meta.properties ]] || fresh=true
  if $fresh; then
    cluster_id=$(kafka_random_cluster_id)
    for id in "${KAFKA_MULTI_NODES[@]}"; do
      name=$(kafka_multi_node_name "$id")
      rm -rf "${RUN_DIR:?}/$name"
      kafka_multi_config "$RUN_DIR/$name" "$id" "$port"
      kafka_multi_format "$name" "$id" "$cp" "$cluster_id" &
      formats+=($!)
    done
    printf '%s' "$cluster_id" >"$RUN_DIR/$KAFKA_MULTI/cluster.id"
    for pid in "${formats[@]}"; do wait "$pid" || failed=1; done
    ((failed == 0)) || return 1
  fi
  local jvm=()
  for id in "${KAFKA_MULTI_NODES[@]}"; do
    name=$(kafka_multi_node_name "$id")
    mapfile -t jvm < <(kafka_multi_jvm "$name" "$cp")
    start_daemon "$name" "${jvm[@]}" kafka.Kafka "$RUN_DIR/$name/server.properties"
  done
}

kafka_multi_jvm() { # kafka_multi_jvm NAME CLASSPATH: the JVM's command line, word by word
  local dir=$RUN_DIR/$1
  printf '%s\n' "$JAVA" -Xms128m -Xmx256m -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$dir/log4j2.properties" "-Dkafka.logs.dir=$dir" -cp "$2"
}

kafka_multi_format() { # kafka_multi_format NAME ID CLASSPATH CLUSTER_ID
  local name=$1 format=(--no-initial-controllers) jvm=()
  (($2 == 1)) && format=(--standalone)
  mapfile -t jvm < <(kafka_multi_jvm "$name" "$3")
  "${jvm[@]}" kafka.tools.StorageTool format "${format[@]}" -t "$4" \
    -c "$RUN_DIR/$name/server.properties" >"$(log_file "$name")" 2>&1 || {
    say "$name: formatting its storage failed; log: $(log_file "$name")"
    return 1
  }
}

# Nodes 2 and 3 (node 1 is the service's own pid).
kafka_multi_other_pids() {
  local id
  for id in "${KAFKA_MULTI_NODES[@]:1}"; do
    service_pid "$(kafka_multi_node_name "$id")" && printf ' '
  done
  return 0
}

# Ready: node 1 is ours (cluster id), a round trip works, and all three brokers are in.
kafka_multi_probe() { # kafka_multi_probe BROKERS
  local id
  id=$(cat "$RUN_DIR/$KAFKA_MULTI/cluster.id" 2>/dev/null) || return 1
  port_in_use "${1##*:}" &&
    node --import tsx "$REPO_ROOT/scripts/stack.d/probe-kafka.ts" "$1" "$id" "${#KAFKA_MULTI_NODES[@]}"
}

kafka_multi_env() {
  [[ " ${SERVICES[*]} " == *" $KAFKA_MULTI "* ]] || return 0 # a partial stack
  local port=${PORT[$KAFKA_MULTI]} id brokers=()
  for id in "${KAFKA_MULTI_NODES[@]}"; do
    brokers+=("127.0.0.1:$(kafka_multi_broker_port "$port" "$id")")
  done
  local IFS=,
  printf 'STACK_KAFKA_MULTI_BROKERS=%s\n' "${brokers[*]}"
}

# The port of the first address of a comma-separated list (the service's main port).
first_port() {
  local first=${1%%,*}
  printf '%s' "${first##*:}"
}

# One of nodes 2 and 3 alone (scripts/stack stop/start kafka-multi-2): a broker that
# dies and comes back while the rest of the cluster runs.
kafka_multi_is_node() { [[ $1 == "$KAFKA_MULTI"-[23] ]]; }

kafka_multi_start_node() { # kafka_multi_start_node NAME
  local name=$1 dir=$RUN_DIR/$1 cp start
  [[ -f $dir/data/meta.properties ]] || die "$name: no storage to start from; run: scripts/stack up"
  if service_pid "$name" >/dev/null; then
    say "$name already running (pid $(service_pid "$name"))"
    return 0
  fi
  cp=$(kafka_classpath) || return 1
  say "starting $name"
  start=$(now_ms)
  start_daemon "$name" "$JAVA" -Xms128m -Xmx256m -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$dir/log4j2.properties" "-Dkafka.logs.dir=$dir" -cp "$cp" \
    kafka.Kafka "$dir/server.properties"
  source "$ENV_FILE"
  wait_ready "$name" "${STACK_TIMEOUT_KAFKA:-180}" "$start" kafka_multi_probe "${STACK_KAFKA_MULTI_BROKERS%%,*}"
}
