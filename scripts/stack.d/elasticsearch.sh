# Elasticsearch: the real server from the integ-test distribution that Maven
# resolves for scripts/pom.xml (org.elasticsearch.distribution.integ-test-zip).
# Elasticsearch refuses to run as root, so it runs as `nobody`; its home, config,
# data and logs therefore live in a folder of its own under /tmp, which `nobody`
# can reach wherever the checkout is. Sourced by scripts/stack.

ES_USER=${LAGWATCH_ES_USER:-nobody}
# Unpacked once, read-only afterwards, shared by every checkout on the machine.
ES_DIST_ROOT=${LAGWATCH_ES_DIST_ROOT:-/var/tmp/lagwatch-dist}

es_distribution() { # prints the folder of the unpacked distribution
  local version dir zip_dir
  version=$(pom_property elasticsearch.version)
  dir=$ES_DIST_ROOT/elasticsearch-$version
  if [[ ! -f $dir/.unpacked ]]; then
    zip_dir=$CACHE_DIR/elasticsearch-zip
    say "resolving Elasticsearch $version with Maven"
    mvn_quiet -f "$POM" dependency:copy-dependencies -DincludeTypes=zip \
      -DoutputDirectory="$zip_dir" || die "Maven could not resolve Elasticsearch $version from $POM"
    rm -rf "$dir" && mkdir -p "$ES_DIST_ROOT"
    unzip -q -o "$zip_dir/elasticsearch-$version.zip" -d "$ES_DIST_ROOT" >&2 ||
      die "could not unpack $zip_dir/elasticsearch-$version.zip"
    chmod -R a+rX "$ES_DIST_ROOT"
    touch "$dir/.unpacked"
  fi
  printf '%s' "$dir"
}

es_start() { # es_start HTTP_PORT TRANSPORT_PORT
  local port=$1 tport=$2 dist home java_home
  dist=$(es_distribution) || return 1
  id "$ES_USER" >/dev/null 2>&1 || {
    say "elasticsearch: user '$ES_USER' does not exist (set LAGWATCH_ES_USER)"
    return 1
  }
  home=$(cat "$STACK_DIR/elasticsearch.home" 2>/dev/null || true)
  if [[ -n $home && -f $home/config/elasticsearch.yml ]]; then
    # A restart (scripts/stack start): same folder, same ports, same data.
    es_launch "$dist" "$home"
    return
  fi
  home=$(mktemp -d /tmp/lagwatch-es.XXXXXX)
  chmod 755 "$home"
  printf '%s' "$home" >"$STACK_DIR/elasticsearch.home"
  mkdir -p "$home/config" "$home/data" "$home/logs" "$home/tmp"
  cp -r "$dist/config/." "$home/config/"
  # The distribution's GC log path is relative to a folder `nobody` cannot write.
  sed -i "s#file=gc.log#file=$home/logs/gc.log#; s#file=logs/gc.log#file=$home/logs/gc.log#" \
    "$home/config/jvm.options"
  # A node name of this stack's own: readiness checks that the node answering on our
  # port has it, so another checkout's node (same cluster.name) is never taken for ours.
  cat >"$home/config/elasticsearch.yml" <<YAML
cluster.name: lagwatch-test
node.name: lagwatch-test-${home##*.}
discovery.type: single-node
network.host: 127.0.0.1
http.port: $port
transport.port: $tport
path.data: $home/data
path.logs: $home/logs
# A local test node: no TLS or users, and no read-only switch when the disk is full-ish.
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YAML
  chown -R "$ES_USER" "$home"
  es_launch "$dist" "$home"
}

es_launch() { # es_launch DIST HOME
  local dist=$1 home=$2 java_home
  java_home=${ES_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
  rm -f "$home/server.pid"
  start_daemon elasticsearch env ES_PATH_CONF="$home/config" ES_JAVA_HOME="$java_home" \
    ES_TMPDIR="$home/tmp" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
    setpriv --reuid="$ES_USER" --regid="$(id -g "$ES_USER")" --clear-groups \
    "$dist/bin/elasticsearch" -p "$home/server.pid"
}

# Ready means the cluster answers health with yellow or green and the product header
# the @elastic/elasticsearch client insists on, and the node answering is ours: the
# node name we configured, publishing HTTP on the port we gave it. (This distribution has
# no `GET /`; the nodes info API tells the same.)
es_probe() { # es_probe URL
  curl -s -m 3 -D - -o /dev/null "$1/_cluster/health?wait_for_status=yellow&timeout=2s" |
    tr -d '\r' | grep -qi '^x-elastic-product: Elasticsearch$' || return 1
  local name node
  name=$(es_node_name) || return 1
  node=$(curl -s -m 3 "$1/_nodes/_local/http?filter_path=nodes.*.name,nodes.*.http.publish_address")
  es_node_is "$node" "$name" "${1##*/}" || {
    say "elasticsearch at $1 is not ours (node $name): it answered $node"
    return 1
  }
}

# The node name this stack configured.
es_node_name() {
  local home
  home=$(cat "$STACK_DIR/elasticsearch.home" 2>/dev/null) || return 1
  sed -n 's/^node\.name: //p' "$home/config/elasticsearch.yml" 2>/dev/null | grep .
}

# es_node_is NODES_JSON NAME HOST:PORT: the nodes info names exactly one node, NAME, at HOST:PORT.
es_node_is() {
  node -e '
    const [json, name, address] = process.argv.slice(1);
    const nodes = Object.values(JSON.parse(json).nodes ?? {});
    const ok = nodes.length === 1 && nodes[0].name === name && nodes[0].http?.publish_address === address;
    process.exit(ok ? 0 : 1);' "$1" "$2" "$3" 2>/dev/null
}

# The server JVM that the launcher started (it writes its pid once up).
es_server_pid() {
  local home pid
  home=$(cat "$STACK_DIR/elasticsearch.home" 2>/dev/null) || return 1
  [[ -s $home/server.pid ]] || return 1
  pid=$(<"$home/server.pid")
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$home" || return 1
  printf '%s' "$pid"
}

# After `down`: keep Elasticsearch's own log beside the others, drop its folder.
es_cleanup() {
  local home
  home=$(cat "$STACK_DIR/elasticsearch.home" 2>/dev/null) || return 0
  [[ -f $home/logs/lagwatch-test.log ]] && cp "$home/logs/lagwatch-test.log" "$LOG_DIR/elasticsearch-server.log"
  [[ $home == /tmp/lagwatch-es.* ]] && rm -rf "$home"
  rm -f "$STACK_DIR/elasticsearch.home"
}
