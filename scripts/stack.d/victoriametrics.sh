# VictoriaMetrics from Debian's `victoria-metrics` package: an independent receiver of
# InfluxDB line protocol over the v2 write API (/api/v2/write). Sourced by scripts/stack.

victoriametrics_start() { # victoriametrics_start HTTP_PORT
  local dir=$RUN_DIR/victoriametrics
  command -v victoria-metrics >/dev/null ||
    die "victoriametrics: victoria-metrics not found; run: scripts/stack install (apt-get install victoria-metrics)"
  mkdir -p "$dir"
  # latencyOffset 0: a point is queryable as soon as it is flushed, not 30 s later.
  start_daemon victoriametrics victoria-metrics -storageDataPath="$dir" \
    -httpListenAddr="127.0.0.1:$1" -search.latencyOffset=0s \
    -loggerLevel=WARN
}

victoriametrics_probe() { [[ $(http_status "$1/health") == 200 ]]; }

victoriametrics_version() { dpkg-query -W -f='${Version}' victoria-metrics 2>/dev/null | sed 's/+.*//'; }
