#!/usr/bin/env bash
# Commit rate with sync_binlog=1: sysbench oltp_insert at 1, 4 and 16 threads against
#   - Mitosis with the binary log (default: log_bin=ON, sync_binlog=1)
#   - Mitosis without it (--skip-log-bin)
#   - MariaDB (Debian's mariadb-server) with log_bin, sync_binlog=1, innodb_flush_log_at_trx_commit=1
# all on this machine in this run. Prints transactions/s and commits per binlog fsync
# (Binlog_commits / Binlog_group_commits, which both servers report).
#
#   bench/commit-rate.sh [--time=SECONDS] [--threads="1 4 16"] [--skip-mariadb]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh"
ensure_built

TIME=10
THREADS="1 4 16"
MARIADB=1
for a in "$@"; do
  case "$a" in
    --time=*) TIME="${a#--time=}" ;;
    --threads=*) THREADS="${a#--threads=}" ;;
    --skip-mariadb) MARIADB=0 ;;
    *) echo "unknown option $a" >&2; exit 1 ;;
  esac
done
command -v sysbench >/dev/null || { echo "sysbench is needed (apt-get install sysbench)" >&2; exit 1; }

WORK="$(mktemp -d /tmp/mitosis-bench.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
  local port=$1
  for _ in $(seq 1 300); do
    if mysql -h127.0.0.1 -P"$port" -uroot --skip-ssl -e 'SELECT 1' >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "server on port $port did not start" >&2
  return 1
}

sql() { mysql -h127.0.0.1 -P"$1" -uroot --skip-ssl -N -B -e "$2"; }

status_var() { sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" | awk '{print $2}'; }

start_mitosis() { # name extra-options...
  local name=$1; shift
  local port; port=$(free_port)
  mkdir -p "$WORK/$name"
  "$JAVA" ${MITOSIS_JAVA_OPTS:--Xmx2g} -cp "$CLASSPATH" dev.mitosis.cli.Mitosisd --datadir="$WORK/$name" --port="$port" "$@" \
    >"$WORK/$name.out" 2>&1 &
  PIDS+=($!)
  wait_port "$port"
  PORT=$port
}

start_mariadb() {
  local port; port=$(free_port)
  local d="$WORK/mariadb"
  mkdir -p "$d"
  mariadb-install-db --no-defaults --datadir="$d/data" --user="$(id -un)" --auth-root-authentication-method=normal \
    >"$WORK/mariadb-install.out" 2>&1
  /usr/sbin/mariadbd --no-defaults --datadir="$d/data" --socket="$d/sock" --port="$port" --bind-address=127.0.0.1 \
    --user="$(id -un)" --server-id=1 --log-bin="$d/data/binlog" --sync-binlog=1 --innodb-flush-log-at-trx-commit=1 \
    --innodb-buffer-pool-size=256M --max-connections=200 --skip-name-resolve >"$WORK/mariadb.out" 2>&1 &
  PIDS+=($!)
  wait_port "$port"
  PORT=$port
}

stop_last() {
  kill "${PIDS[-1]}" 2>/dev/null || true
  wait "${PIDS[-1]}" 2>/dev/null || true
}

# One measurement: prints "tps commits groups".
measure() { # port threads
  local port=$1 threads=$2
  local c0 g0 c1 g1 out tps
  c0=$(status_var "$port" Binlog_commits); g0=$(status_var "$port" Binlog_group_commits)
  out=$(sysbench oltp_insert --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root --mysql-db=sbtest \
    --db-driver=mysql --mysql-ssl=off --tables=1 --table-size=1000 --auto-inc=off --threads="$threads" --time="$TIME" --report-interval=0 run)
  c1=$(status_var "$port" Binlog_commits); g1=$(status_var "$port" Binlog_group_commits)
  tps=$(echo "$out" | sed -n 's/.*transactions: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p')
  echo "$tps $((${c1:-0} - ${c0:-0})) $((${g1:-0} - ${g0:-0}))"
}

run_target() { # label port
  local label=$1 port=$2
  sql "$port" "CREATE DATABASE IF NOT EXISTS sbtest"
  sysbench oltp_insert --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root --mysql-db=sbtest \
    --db-driver=mysql --mysql-ssl=off --tables=1 --table-size=1000 --auto-inc=off prepare >/dev/null
  for t in $THREADS; do
    read -r tps commits groups < <(measure "$port" "$t")
    local per="-"
    if [ "${groups:-0}" -gt 0 ]; then per=$(awk -v c="$commits" -v g="$groups" 'BEGIN{printf "%.2f", c/g}'); fi
    printf '%-18s %8s %12s %14s\n' "$label" "$t" "$tps" "$per" | tee -a "$WORK/results"
  done
}

printf '%-18s %8s %12s %14s\n' "server" "threads" "tx/s" "commits/fsync"
start_mitosis mitosis-binlog; run_target "mitosis binlog" "$PORT"; stop_last
start_mitosis mitosis-nolog --skip-log-bin; run_target "mitosis no-log" "$PORT"; stop_last
if [ "$MARIADB" = 1 ]; then
  if [ -x /usr/sbin/mariadbd ]; then
    start_mariadb; run_target "mariadb binlog" "$PORT"; stop_last
  else
    echo "mariadbd not installed: skipped" >&2
  fi
fi
