# Apache Kafka: one combined broker+controller (KRaft) per cluster, from the jars
# Maven resolves for scripts/pom.xml. Sourced by scripts/stack.

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# The Kafka version a cluster of the stack runs: kafka-old the older line (for the
# protocol fallback paths), kafka-b the newest 4.x line (the other end of the range we
# claim), every other one the pinned 4.x. All pinned in scripts/pom.xml.
kafka_version() { # kafka_version NAME
  case $1 in
    kafka-old) pom_property kafka.old.version ;;
    kafka-b) pom_property kafka.newest.version ;;
    *) pom_property kafka.version ;;
  esac
}

# The classpath of kafka_2.13 + kafka-tools + log4j2 of one version (default: the pinned
# 4.x), resolved once per pom content and version. Kafka 3.x's tools bring a log4j 1
# binding of slf4j: left out, so log4j2 (our config) is the one binding.
kafka_classpath() { # kafka_classpath [VERSION]
  local version=${1:-$(pom_property kafka.version)} key file
  key=$(sha256sum "$POM" | cut -c1-16)
  file=$CACHE_DIR/kafka-classpath-$key-$version.txt
  if [[ ! -s $file ]]; then
    mkdir -p "$CACHE_DIR"
    say "resolving Kafka $version jars with Maven"
    mvn_quiet -f "$POM" dependency:build-classpath -DincludeTypes=jar -Dkafka.version="$version" \
      -DexcludeArtifactIds=slf4j-reload4j,slf4j-log4j12 \
      -Dmdep.outputFile="$file.tmp" || die "Maven could not resolve the Kafka $version jars of $POM"
    mv "$file.tmp" "$file"
  fi
  cat "$file"
}

# A new cluster id, as StorageTool random-uuid makes it (16 random bytes, URL-safe base64
# without padding, never starting with "-"), without starting a JVM for it: on a busy
# machine each JVM start costs seconds of every other service's start.
kafka_random_cluster_id() {
  local id
  while true; do
    id=$(openssl rand 16 | base64 | tr '+/' '-_' | tr -d '=')
    [[ $id == -* || $id == AAAAAAAAAAAAAAAAAAAAA[AB] ]] || break
  done
  printf '%s' "$id"
}

# A SASL/PLAIN listener beside the plain one, for tests of credentials (right and wrong).
KAFKA_SASL_USER=lagwatch
KAFKA_SASL_PASSWORD=lagwatch-test-secret

kafka_write_config() { # kafka_write_config NAME DIR PORT CONTROLLER_PORT SASL_PORT SERVER_LOG
  local name=$1 dir=$2 port=$3 cport=$4 sport=$5 server_log=$6 secured=''
  mkdir -p "$dir/data"
  kafka_is_secured "$name" && secured=$(kafka_secured_listeners "$port")
  # Kafka before 3.9 knows only a static quorum (KIP-853 came with 3.9), and refuses a
  # controller listener among the advertised ones.
  local quorum="controller.quorum.bootstrap.servers=127.0.0.1:$cport"
  local controller=",CONTROLLER://127.0.0.1:$cport"
  if [[ $(kafka_version "$name") == 3.[0-8].* ]]; then
    quorum="controller.quorum.voters=1@127.0.0.1:$cport"
    controller=''
  fi
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
$quorum
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport,SASL_PLAINTEXT://127.0.0.1:$sport$secured
advertised.listeners=PLAINTEXT://127.0.0.1:$port$controller,SASL_PLAINTEXT://127.0.0.1:$sport$secured
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_SASL_USER" password="$KAFKA_SASL_PASSWORD" user_$KAFKA_SASL_USER="$KAFKA_SASL_PASSWORD";
log.dirs=$dir/data
# One node: every internal topic gets replication factor 1.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.partitions=1
auto.create.topics.enable=false
PROPS
  # A later listener.security.protocol.map line overrides the one above.
  if [[ -n $secured ]]; then kafka_secured_properties "$dir" >>"$dir/server.properties"; fi
  cat >"$dir/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $server_log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
PROPS
}

# The command-line tools log warnings to stderr only, so their stdout stays the tool's output.
kafka_tools_log_config() {
  local file=$CACHE_DIR/tools-log4j2.properties
  mkdir -p "$CACHE_DIR"
  [[ -s $file ]] || cat >"$file" <<'PROPS'
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
PROPS
  printf '%s' "$file"
}

# Ports: the block reserve_ports took (scripts/stack.d/ports.sh): broker PORT, controller
# PORT+1, SASL/PLAIN PORT+2, and on the secured cluster its TLS listeners from PORT+3.
kafka_start() { # kafka_start NAME PORT
  local name=$1 port=$2 cport=$(($2 + 1)) sport=$(($2 + 2)) dir=$RUN_DIR/$1 cp cluster_id version
  version=$(kafka_version "$name")
  cp=$(kafka_classpath "$version") || return 1
  local jvm=("$JAVA" -Xms128m -Xmx512m -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$dir/log4j2.properties" "-Dkafka.logs.dir=$dir" -cp "$cp")
  # A restart (scripts/stack start) keeps the config, the formatted storage and the data.
  if [[ -f $dir/data/meta.properties ]]; then
    start_daemon "$name" "${jvm[@]}" kafka.Kafka "$dir/server.properties"
    return 0
  fi
  # The broker's own log explains a failed start; it stays in the logs folder after `down`.
  kafka_write_config "$name" "$dir" "$port" "$cport" "$sport" "$LOG_DIR/$name-server.log"
  printf '%s' "$sport" >"$dir/sasl.port"
  local scram=()
  if kafka_is_secured "$name"; then
    kafka_tls_material "$dir" || return 1
    mapfile -t scram < <(kafka_scram_users "$dir")
  fi
  # The id we format with is the one readiness must read back from the broker.
  cluster_id=$(kafka_random_cluster_id)
  printf '%s' "$cluster_id" >"$dir/cluster.id"
  local standalone=(--standalone) # a dynamic quorum of this one node (3.9+)
  [[ $version == 3.[0-8].* ]] && standalone=()
  "${jvm[@]}" kafka.tools.StorageTool format "${standalone[@]}" -t "$cluster_id" "${scram[@]}" \
    -c "$dir/server.properties" >"$(log_file "$name")" 2>&1 || {
    say "$name: formatting its storage failed; log: $(log_file "$name")"
    return 1
  }
  start_daemon "$name" "${jvm[@]}" kafka.Kafka "$dir/server.properties"
}

# Ready means the broker on that port is ours (it reports the cluster id we formatted its
# storage with) and a real round trip works: create a topic, produce, consume, commit.
kafka_probe() { # kafka_probe BROKERS NAME
  local id
  id=$(cat "$RUN_DIR/$2/cluster.id" 2>/dev/null) || return 1
  port_in_use "${1##*:}" &&
    node --import tsx "$REPO_ROOT/scripts/stack.d/probe-kafka.ts" "$1" "$id"
}

# kafka_tool CLUSTER CLASS ARGS...: runs one of Kafka's command-line tools against a cluster.
kafka_tool() {
  local cluster=$1 class=$2 brokers_var cp
  shift 2
  [[ -s $ENV_FILE ]] || die "the stack is not up (no $ENV_FILE); run: scripts/stack up"
  brokers_var=STACK_KAFKA_${cluster^^}_BROKERS
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  [[ -n ${!brokers_var:-} ]] || die "no Kafka cluster named '$cluster' (clusters: ${STACK_KAFKA_CLUSTERS:-none})"
  local version
  version=$(kafka_version "kafka-$cluster")
  cp=$(kafka_classpath "$version") || return 1
  # Before 3.7 these commands lived in Kafka's core, in Scala.
  if [[ $version == 3.[0-6].* ]]; then
    case $class in
      org.apache.kafka.tools.consumer.group.ConsumerGroupCommand) class=kafka.admin.ConsumerGroupCommand ;;
      org.apache.kafka.tools.reassign.ReassignPartitionsCommand) class=kafka.admin.ReassignPartitionsCommand ;;
      org.apache.kafka.tools.LeaderElectionCommand) class=kafka.admin.LeaderElectionCommand ;;
    esac
  fi
  exec "$JAVA" -Xmx256m "-Dlog4j2.configurationFile=$(kafka_tools_log_config)" -cp "$cp" \
    "$class" --bootstrap-server "${!brokers_var}" "$@"
}

# Each cluster's own version (kafka-b runs the newest line), for .stack/env.
kafka_versions_env() {
  local s upper
  for s in kafka-a kafka-b; do
    [[ " ${SERVICES[*]} " == *" $s "* ]] || continue # a partial stack
    upper=${s#kafka-}
    printf 'STACK_KAFKA_%s_VERSION=%s\n' "${upper^^}" "$(kafka_version "$s")"
  done
}

# The older cluster's address and version, for .stack/env. It is not in
# STACK_KAFKA_CLUSTERS: tests that sample "every cluster" keep to the current line.
kafka_old_env() {
  [[ " ${SERVICES[*]} " == *" kafka-old "* ]] || return 0 # a partial stack
  printf 'STACK_KAFKA_OLD_BROKERS=127.0.0.1:%s\nSTACK_KAFKA_OLD_VERSION=%s\n' \
    "${PORT[kafka-old]}" "$(kafka_version kafka-old)"
}
