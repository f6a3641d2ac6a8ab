# InfluxDB 1.x from Debian's `influxdb` package (API v1: /write, /query), started by
# hand with its data under the stack's run folder. Sourced by scripts/stack.

influxdb_start() { # influxdb_start HTTP_PORT RPC_PORT
  local dir=$RUN_DIR/influxdb
  command -v influxd >/dev/null || die "influxdb: influxd not found; run: scripts/stack install (apt-get install influxdb)"
  mkdir -p "$dir/meta" "$dir/data" "$dir/wal"
  start_daemon influxdb env \
    INFLUXDB_HTTP_BIND_ADDRESS="127.0.0.1:$1" INFLUXDB_BIND_ADDRESS="127.0.0.1:$2" \
    INFLUXDB_META_DIR="$dir/meta" INFLUXDB_DATA_DIR="$dir/data" INFLUXDB_DATA_WAL_DIR="$dir/wal" \
    INFLUXDB_MONITOR_STORE_ENABLED=false INFLUXDB_REPORTING_DISABLED=true \
    INFLUXDB_HTTP_LOG_ENABLED=false \
    influxd run -config /dev/null -pidfile "$dir/influxd.pid"
}

influxdb_probe() { [[ $(http_status "$1/ping") == 204 ]]; }

influxdb_version() { influxd version 2>/dev/null | awk '{ print $2 }'; }
