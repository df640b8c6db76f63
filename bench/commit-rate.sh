#!/usr/bin/env bash
# Commit rate with sync_binlog=1: sysbench oltp_insert at 1, 4 and 16 threads against
#   - Mitosis with the binary log (default: log_bin=ON, sync_binlog=1)
#   - Mitosis without it (--skip-log-bin)
#   - MariaDB (Debian's mariadb-server) with log_bin, sync_binlog=1, innodb_flush_log_at_trx_commit=1
# all on this machine in this run. All servers run at once and the measurements are interleaved
# (round by round, thread count by thread count, server by server), so a busy moment on a shared
# machine hits every server alike; each measurement starts from a freshly prepared table and a
# warm server. Prints transactions/s, commits per binlog fsync (Binlog_commits /
# Binlog_group_commits, which both servers report) and the server's CPU time per transaction,
# then the median of each over the rounds.
#
#   bench/commit-rate.sh [--time=SECONDS] [--threads="1 4 16"] [--rounds=N] [--skip-mariadb]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh"
ensure_built

TIME=10
THREADS="1 4 16"
ROUNDS=3
MARIADB=1
for a in "$@"; do
  case "$a" in
    --time=*) TIME="${a#--time=}" ;;
    --threads=*) THREADS="${a#--threads=}" ;;
    --rounds=*) ROUNDS="${a#--rounds=}" ;;
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

LABELS=()
declare -A PORT SPID

start_mitosis() { # label extra-options...
  local label=$1; shift
  local port; port=$(free_port)
  mkdir -p "$WORK/$label"
  "$JAVA" ${MITOSIS_JAVA_OPTS:--Xmx2g} -cp "$CLASSPATH" dev.mitosis.cli.Mitosisd --datadir="$WORK/$label" --port="$port" "$@" \
    >"$WORK/$label.out" 2>&1 &
  PIDS+=($!)
  SPID[$label]=$!
  wait_port "$port"
  PORT[$label]=$port
  LABELS+=("$label")
}

start_mariadb() {
  local label=$1
  local port; port=$(free_port)
  local d="$WORK/mariadb"
  mkdir -p "$d"
  mariadb-install-db --no-defaults --datadir="$d/data" --user="$(id -un)" --auth-root-authentication-method=normal \
    >"$WORK/mariadb-install.out" 2>&1
  /usr/sbin/mariadbd --no-defaults --datadir="$d/data" --socket="$d/sock" --port="$port" --bind-address=127.0.0.1 \
    --user="$(id -un)" --server-id=1 --log-bin="$d/data/binlog" --sync-binlog=1 --innodb-flush-log-at-trx-commit=1 \
    --innodb-buffer-pool-size=256M --max-connections=200 --skip-name-resolve >"$WORK/mariadb.out" 2>&1 &
  PIDS+=($!)
  SPID[$label]=$!
  wait_port "$port"
  PORT[$label]=$port
  LABELS+=("$label")
}

SB=(--mysql-host=127.0.0.1 --mysql-user=root --mysql-db=sbtest --db-driver=mysql --mysql-ssl=off --tables=1
    --table-size=1000 --auto-inc=off)

# A fresh table each time: oltp_insert's random ids collide with rows of earlier runs.
prepare() { # port
  sysbench oltp_insert "${SB[@]}" --mysql-port="$1" cleanup >/dev/null 2>&1 || true
  sysbench oltp_insert "${SB[@]}" --mysql-port="$1" prepare >/dev/null
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# One measurement: prints "tps commits groups cpu-us-per-tx".
measure() { # label threads
  local label=$1 threads=$2 port=${PORT[$1]} pid=${SPID[$1]}
  local c0 g0 c1 g1 t0 t1 out tps n
  prepare "$port"
  c0=$(status_var "$port" Binlog_commits); g0=$(status_var "$port" Binlog_group_commits); t0=$(cpu_ticks "$pid")
  out=$(sysbench oltp_insert "${SB[@]}" --mysql-port="$port" --threads="$threads" --time="$TIME" --report-interval=0 run)
  c1=$(status_var "$port" Binlog_commits); g1=$(status_var "$port" Binlog_group_commits); t1=$(cpu_ticks "$pid")
  tps=$(echo "$out" | sed -n 's/.*transactions: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p')
  n=$(echo "$out" | sed -n 's/.*transactions: *\([0-9]*\) .*/\1/p')
  if [ -z "$tps" ]; then echo "$out" | tail -5 >&2; tps=0; n=0; fi
  local us="-"
  if [ "${n:-0}" -gt 0 ]; then us=$(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / n )); fi
  echo "$tps $((${c1:-0} - ${c0:-0})) $((${g1:-0} - ${g0:-0})) $us"
}

start_mitosis "mitosis binlog"
start_mitosis "mitosis no-log" --skip-log-bin
if [ "$MARIADB" = 1 ]; then
  if [ -x /usr/sbin/mariadbd ]; then start_mariadb "mariadb binlog"; else echo "mariadbd not installed: skipped" >&2; fi
fi
for l in "${LABELS[@]}"; do
  sql "${PORT[$l]}" "CREATE DATABASE IF NOT EXISTS sbtest"
  # Warm-up (JIT, buffer pools), not counted.
  prepare "${PORT[$l]}"
  sysbench oltp_insert "${SB[@]}" --mysql-port="${PORT[$l]}" --threads=16 --time=5 run >/dev/null
done

printf '%-16s %7s %5s %10s %14s %10s\n' "server" "threads" "round" "tx/s" "commits/fsync" "cpu us/tx"
for r in $(seq 1 "$ROUNDS"); do
  for t in $THREADS; do
    for l in "${LABELS[@]}"; do
      read -r tps commits groups us < <(measure "$l" "$t")
      per="-"
      if [ "${groups:-0}" -gt 0 ]; then per=$(awk -v c="$commits" -v g="$groups" 'BEGIN{printf "%.2f", c/g}'); fi
      printf '%-16s %7s %5s %10s %14s %10s\n' "$l" "$t" "$r" "$tps" "$per" "$us" | tee -a "$WORK/results"
    done
  done
done

echo
echo "median over $ROUNDS round(s):"
printf '%-16s %7s %10s %14s %10s\n' "server" "threads" "tx/s" "commits/fsync" "cpu us/tx"
for t in $THREADS; do
  for l in "${LABELS[@]}"; do
    awk -v l="$l" -v t="$t" '
      function median(a, n,   i, j, x) {
        for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      { lab = substr($0, 1, 16); sub(/ +$/, "", lab) }
      lab == l && $(NF - 4) == t { n++; tps[n] = $(NF - 2); per[n] = ($(NF - 1) == "-" ? 0 : $(NF - 1)); us[n] = ($NF == "-" ? 0 : $NF) }
      END {
        if (n == 0) exit
        p = median(per, n)
        printf "%-16s %7s %10.0f %14s %10.0f\n", l, t, median(tps, n), (p > 0 ? sprintf("%.2f", p) : "-"), median(us, n)
      }' "$WORK/results"
  done
done
