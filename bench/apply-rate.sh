#!/usr/bin/env bash
# The replica's apply rate on its own: a -> b with b's applier stopped while sysbench
# oltp_write_only runs on a, then b applies the backlog alone. Prints the source's commit rate,
# b's apply rate and both servers' CPU time per transaction, for each replica_parallel_workers.
#   bench/apply-rate.sh [SECONDS] ["WORKERS..."] [THREADS]     (default 20 "1 4 16" 16)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs=${1:-20}
workers=${2:-"1 4 16"}
threads=${3:-16}
source "$BENCH_HOME/bin/lib.sh"; ensure_built

q() { mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -N -e "$2" 2>/dev/null; }
gno() { q "$1" "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/'; }
cpu_ticks() { # port -> utime+stime of the server process, in clock ticks
  local pid; pid=$(ss -ltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  awk '{print $14 + $15}' "/proc/$pid/stat"
}
hz=$(getconf CLK_TCK)

rows=()
port=33200
for w in $workers; do
  a=$((port + 1)); b=$((port + 2)); port=$((port + 10))
  start_mitosis "$a" --server-id=1
  start_mitosis "$b" --server-id=2
  q "$b" "SET GLOBAL replica_parallel_workers = $w; CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1',
    SOURCE_PORT=$a, SOURCE_USER='root', SOURCE_AUTO_POSITION=1; START REPLICA"
  sysbench_prepare "$a"
  # Warm both up (JIT), then build the backlog.
  sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$a" --mysql-user=root --mysql-db=sbtest --tables=4 \
    --table-size=10000 --threads="$threads" --time=10 run > /dev/null
  end=$(q "$a" "SELECT @@GLOBAL.gtid_executed")
  q "$b" "SELECT WAIT_FOR_EXECUTED_GTID_SET('$end', 300)" > /dev/null
  q "$b" "STOP REPLICA SQL_THREAD"
  n0=$(gno "$a"); ca0=$(cpu_ticks "$a")
  tps=$(sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$a" --mysql-user=root --mysql-db=sbtest \
    --tables=4 --table-size=10000 --threads="$threads" --time="$secs" run | awk '/transactions:/ {gsub(/\(/,"",$3); print $3}')
  ca1=$(cpu_ticks "$a"); n1=$(gno "$a"); end=$(q "$a" "SELECT @@GLOBAL.gtid_executed")
  for _ in $(seq 1 600); do [ "$(q "$b" "SELECT GTID_SUBSET('$end', RECEIVED_TRANSACTION_SET)
    FROM performance_schema.replication_connection_status")" = 1 ] && break; sleep 0.1; done
  status() { q "$b" "SHOW GLOBAL STATUS LIKE '$1'" | awk '{print $2}'; }
  g0=$(status Binlog_group_commits); c0=$(status Binlog_commits)
  cb0=$(cpu_ticks "$b"); t0=$(date +%s.%N)
  q "$b" "START REPLICA SQL_THREAD"
  while [ "$(q "$b" "SELECT GTID_SUBSET('$end', @@GLOBAL.gtid_executed)")" != 1 ]; do sleep 0.05; done
  t1=$(date +%s.%N); cb1=$(cpu_ticks "$b")
  groups=$(( $(status Binlog_group_commits) - g0 )); commits=$(( $(status Binlog_commits) - c0 ))
  rows+=("$(awk -v w="$w" -v tps="$tps" -v n=$((n1 - n0)) -v t0="$t0" -v t1="$t1" -v ca=$((ca1 - ca0)) \
    -v cb=$((cb1 - cb0)) -v hz="$hz" -v g="$groups" -v c="$commits" 'BEGIN {
      printf "%7s | %10.0f | %10.0f | %9.0f | %9.0f | %8.1f", w, tps, n / (t1 - t0), ca / hz * 1e6 / n,
        cb / hz * 1e6 / n, (g > 0 ? c / g : 0) }')")
  # The next pair runs alone.
  for p in "${BENCH_PIDS[@]: -2}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
done
printf '\n%7s | %10s | %10s | %9s | %9s | %8s\n' workers "source tps" "b apply/s" "a us/tx" "b us/tx" "tx/fsync"
printf -- '--------+------------+------------+-----------+-----------+---------\n'
for r in "${rows[@]}"; do echo "$r"; done
