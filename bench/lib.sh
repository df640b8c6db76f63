# Shared by the bench/ scripts: throwaway Mitosis and MariaDB servers on loopback.
BENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_TMP=$(mktemp -d /tmp/mitosis-bench.XXXXXX)
BENCH_PIDS=()
cleanup() {
  for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${BENCH_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

wait_port() { # port [pid: give up once it has exited]
  for _ in $(seq 1 300); do
    if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then echo "server for port $1 exited" >&2; return 1; fi
    mariadb --skip-ssl --connect-timeout=2 -h127.0.0.1 -P"$1" -uroot -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server on port $1 did not come up" >&2; return 1
}

# OWN_CPU_SHARE=1 starts every server in a session of its own (setsid). With the kernel's
# autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled) each session then gets an equal
# share of the CPUs, as containers with equal CPU weights do, instead of a share proportional to
# its number of busy threads: a source with 16 client sessions otherwise outweighs a replica's 4
# applier threads on the same cores. The load generator and the probes share the script's session.
# Called in the background (own_session cmd &): exec keeps $! the server's pid, for cleanup.
own_session() {
  if [ "${OWN_CPU_SHARE:-0}" = 1 ]; then exec setsid "$@"; else exec "$@"; fi
}

# start_mitosis PORT [options...]
start_mitosis() {
  local port=$1; shift
  own_session "$BENCH_HOME/bin/mitosisd" --datadir="$BENCH_TMP/mitosis-$port" --port="$port" --bind-address=127.0.0.1 "$@" \
    > "$BENCH_TMP/mitosis-$port.out" 2>&1 &
  BENCH_PIDS+=($!)
  wait_port "$port" $!
}

have_mariadbd() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]
}

# start_mariadb PORT [mariadbd options...]: a throwaway MariaDB in its own datadir.
start_mariadb() {
  local port=$1; shift
  local dir="$BENCH_TMP/mariadb-$port"
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" --auth-root-authentication-method=normal \
    > "$dir/install.log" 2>&1
  local bin; bin=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  own_session "$bin" --no-defaults --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
    --socket="$dir/mariadb.sock" --pid-file="$dir/mariadb.pid" --user="$(id -un)" \
    --skip-name-resolve --innodb-buffer-pool-size=512M "$@" > "$dir/server.log" 2>&1 &
  BENCH_PIDS+=($!)
  wait_port "$port"
}

# sysbench_run PORT TEST THREADS SECONDS [extra...]: prints "tps qps p95"
sysbench_run() {
  local port=$1 test=$2 threads=$3 secs=$4; shift 4
  sysbench "$test" --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root --mysql-db=sbtest \
    --tables=4 --table-size=10000 --threads="$threads" --time="$secs" --report-interval=0 "$@" run \
    > "$BENCH_TMP/run.txt" 2>&1 || { cat "$BENCH_TMP/run.txt" >&2; return 1; }
  awk '/transactions:/ {gsub(/\(/,"",$3); tps=$3} /queries:/ && !/performed/ {gsub(/\(/,"",$3); qps=$3}
       /95th percentile:/ {p95=$3} END {print tps, qps, p95}' "$BENCH_TMP/run.txt"
}

sysbench_prepare() {
  local port=$1; shift
  mariadb --skip-ssl -h127.0.0.1 -P"$port" -uroot -e 'CREATE DATABASE IF NOT EXISTS sbtest'
  sysbench oltp_read_write --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root --mysql-db=sbtest \
    --tables=4 --table-size=10000 "$@" prepare > "$BENCH_TMP/prepare.txt" 2>&1 || { cat "$BENCH_TMP/prepare.txt" >&2; return 1; }
}
