# Alertmanager from Debian's `prometheus-alertmanager` package: lagwatch's alertmanager
# notifier posts to its API v2 and the tests read the alerts back (GET /api/v2/alerts).
# One instance, no cluster peers, a receiver that sends nothing on. Sourced by scripts/stack.

alertmanager_start() { # alertmanager_start HTTP_PORT
  local dir=$RUN_DIR/alertmanager
  command -v prometheus-alertmanager >/dev/null ||
    die "alertmanager: prometheus-alertmanager not found; run: scripts/stack install (apt-get install prometheus-alertmanager)"
  mkdir -p "$dir/data"
  cat >"$dir/alertmanager.yml" <<'YAML'
route:
  receiver: none
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: none
YAML
  # --cluster.listen-address= : no gossip port, no peers (one instance).
  start_daemon alertmanager prometheus-alertmanager --config.file="$dir/alertmanager.yml" \
    --storage.path="$dir/data" --web.listen-address="127.0.0.1:$1" \
    --cluster.listen-address= --log.level=warn
}

alertmanager_probe() { [[ $(http_status "$1/-/ready") == 200 ]]; }

alertmanager_version() { dpkg-query -W -f='${Version}' prometheus-alertmanager 2>/dev/null | sed 's/[-+].*//'; }
