#!/usr/bin/env bash
# Replication throughput and lag: sysbench oltp_write_only on a while a -> b -> c replicate, for
# Mitosis and (when mariadbd is installed) a MariaDB 10.11 GTID chain with log_slave_updates, in
# the same run. Prints the source's commit rate, each replica's apply rate, the largest
# Seconds_Behind_Source seen at b and c, and the largest end-to-end lag of a heartbeat row written
# on a and read on c every 50 ms (server time; one client connection each).
#   bench/replication.sh [SECONDS] ["THREADS..."]
# REPLICA_WORKERS=N sets the replicas' parallel applier threads on both servers (Mitosis
# replica_parallel_workers, MariaDB slave_parallel_threads with slave_parallel_mode=optimistic);
# unset, each server keeps its default (Mitosis 4 as MySQL 8.4, MariaDB 0 = serial).
# OWN_CPU_SHARE=1 gives each server an equal share of the CPUs (its own scheduling group, as on
# separate hosts or in containers) instead of a share that grows with its number of busy threads;
# see own_session in bench/lib.sh. SERVERS="mitosis" runs one side only. WARMUP=S (default 15)
# runs the same load and probes unmeasured first on each chain (JIT compilation on the JVM, buffer pool on
# MariaDB), then lets the replicas catch up.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs=${1:-60}
threads=${2:-"4 16"}
source "$BENCH_HOME/bin/lib.sh"; ensure_built

q() { mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -N -e "$2" 2>/dev/null; }

# Highest transaction number in a GTID set (Mitosis uuid:1-N, MariaDB d-s-N).
txcount() {
  if [ "$1" = mitosis ]; then q "$2" "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/'
  else q "$2" "SELECT @@GLOBAL.gtid_current_pos" | sed -E 's/.*-([0-9]+)$/\1/'; fi
}

workers=${REPLICA_WORKERS:-}
warmup=${WARMUP:-15}
servers=${SERVERS:-"mitosis mariadb"}
wire_mitosis() { # replica source
  [ -n "$workers" ] && q "$1" "SET GLOBAL replica_parallel_workers = $workers"
  q "$1" "CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=$2, SOURCE_USER='root', SOURCE_AUTO_POSITION=1; START REPLICA"
}
wire_mariadb() {
  [ -n "$workers" ] && q "$1" "SET GLOBAL slave_parallel_threads = $workers; SET GLOBAL slave_parallel_mode = 'optimistic'"
  q "$1" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$2, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos; START SLAVE"
}
sbl() { # seconds behind, column name differs
  local v
  if [ "$1" = mitosis ]; then v=$(mariadb --skip-ssl -h127.0.0.1 -P"$2" -uroot -e "SHOW REPLICA STATUS\G" 2>/dev/null | awk '/Seconds_Behind_Source/ {print $2}')
  else v=$(mariadb --skip-ssl -h127.0.0.1 -P"$2" -uroot -e "SHOW SLAVE STATUS\G" 2>/dev/null | awk '/Seconds_Behind_Master/ {print $2}'); fi
  [ "$v" = NULL ] || [ -z "$v" ] && v=0
  echo "$v"
}

# The warm-up is a whole unmeasured cell: the same sysbench load with the same probes. Warming up
# with sysbench alone left the probes' statements (heartbeat, status polls, new connections) for
# the measured cell, and their first run made the JVMs drop compiled code for the hot paths
# ("made not entrant: uncommon trap", about a hundred methods per server) and recompile it: the
# first 3-6 s of a cell then ran at a fraction of the rate (source 155-350 tx/s, later 1,000).
warm_up() { # kind a b c
  [ "$warmup" -gt 0 ] || return 0
  run_chain "$1" "$2" "$3" "$4" 16 "$warmup" > /dev/null
}

run_chain() { # kind a b c threads [seconds] -> prints one table row
  local kind=$1 a=$2 b=$3 c=$4 t=$5 secs=${6:-$secs}
  # The heartbeat: server time in microseconds (the same clock on every server here), written on a
  # and read on c every 50 ms over one connection each, so the probe's own pace (a client
  # process per query) does not add to the lag it measures.
  local now_sql="TIMESTAMPDIFF(MICROSECOND, '2000-01-01 00:00:00', NOW(6))"
  q "$a" "CREATE DATABASE IF NOT EXISTS hb; CREATE TABLE IF NOT EXISTS hb.t (id INT PRIMARY KEY, us BIGINT); REPLACE INTO hb.t VALUES (1, $now_sql)"
  for _ in $(seq 1 300); do [ -n "$(q "$c" "SELECT us FROM hb.t WHERE id = 1" || true)" ] && break; sleep 0.1; done
  sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$a" --mysql-user=root --mysql-db=sbtest --tables=4 \
    --table-size=10000 --threads="$t" --time="$secs" ${LAG_DIR:+--report-interval=1} run > "$BENCH_TMP/sb-$kind-$t.txt" 2>&1 &
  local sb=$! start_a start_b start_c maxlag=0 maxb=0 maxc=0 t0
  start_a=$(txcount "$kind" "$a"); start_b=$(txcount "$kind" "$b"); start_c=$(txcount "$kind" "$c")
  t0=$(date +%s.%N)
  local lags="$BENCH_TMP/lag-$kind-$t.txt"
  (while kill -0 "$sb" 2>/dev/null; do echo "REPLACE INTO hb.t VALUES (1, $now_sql);"; sleep 0.05; done |
    mariadb --skip-ssl -h127.0.0.1 -P"$a" -uroot > /dev/null 2>&1) &
  local writer=$!
  lag_reader() { # port file
    while kill -0 "$sb" 2>/dev/null; do echo "SELECT $now_sql - us, TIME(NOW(3)) FROM hb.t WHERE id = 1;"; sleep 0.05; done |
      mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -N > "$2" 2>/dev/null
  }
  lag_reader "$c" "$lags" &
  local reader=$! extra_readers=()
  # With LAG_DIR, the heartbeat's age is also read on a (how late a's own commits are) and on b.
  if [ -n "${LAG_DIR:-}" ]; then
    lag_reader "$a" "$lags.a" & extra_readers+=($!)
    lag_reader "$b" "$lags.b" & extra_readers+=($!)
  fi
  while kill -0 "$sb" 2>/dev/null; do
    local sb_b sb_c; sb_b=$(sbl "$kind" "$b"); sb_c=$(sbl "$kind" "$c")
    [ "$sb_b" -gt "$maxb" ] && maxb=$sb_b; [ "$sb_c" -gt "$maxc" ] && maxc=$sb_c
    sleep 0.2
  done
  wait "$writer" "$reader" "${extra_readers[@]}" 2>/dev/null || true
  maxlag=$(awk 'BEGIN {m = 0} $1 ~ /^-?[0-9]+$/ {if ($1 > m) m = $1} END {print m}' "$lags")
  # LAG_DIR=dir keeps each cell's lag series (microseconds and c's time, one per 50 ms), sysbench's
  # per-second report and the Mitosis servers' logs so far, for a closer look.
  if [ -n "${LAG_DIR:-}" ] && [ -z "${6:-}" ]; then
    mkdir -p "$LAG_DIR" && cp "$lags" "$LAG_DIR/lag-$kind-$t.txt"
    cp "$lags.a" "$LAG_DIR/lag-$kind-$t-at-a.txt"; cp "$lags.b" "$LAG_DIR/lag-$kind-$t-at-b.txt"
    cp "$BENCH_TMP/sb-$kind-$t.txt" "$LAG_DIR/sysbench-$kind-$t.txt"
    for d in "$BENCH_TMP"/mitosis-*/; do [ -f "$d/error.log" ] && cp "$d/error.log" "$LAG_DIR/$(basename "$d").log"; done
  fi
  # The median and the 99th percentile say whether the worst is a spike or the norm.
  local lagpct; lagpct=$(awk '$1 ~ /^-?[0-9]+$/ {print $1}' "$lags" | sort -n | awk '{v[NR] = $1}
    END {if (NR == 0) { print "n/a n/a"; exit } p = int(NR * 0.99); if (p < 1) p = 1
         printf "%.3f %.3f", v[int((NR + 1) / 2)] / 1e6, v[p] / 1e6}')
  local t_src end_a; t_src=$(awk -v s="$t0" 'BEGIN {print 0}'); end_a=$(txcount "$kind" "$a")
  local elapsed_src; elapsed_src=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
  # Replicas: time until each has every source transaction.
  local done_b="" done_c=""
  for _ in $(seq 1 600); do
    [ -z "$done_b" ] && [ "$(txcount "$kind" "$b")" -ge "$end_a" ] && done_b=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
    [ -z "$done_c" ] && [ "$(txcount "$kind" "$c")" -ge "$end_a" ] && done_c=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
    [ -n "$done_b" ] && [ -n "$done_c" ] && break
    sleep 0.2
  done
  local tps; tps=$(awk '/transactions:/ {gsub(/\(/,"",$3); print $3}' "$BENCH_TMP/sb-$kind-$t.txt")
  printf '%-8s | %7s | %10s | %10s | %10s | %8s | %8s | %10s | %7s | %7s\n' "$kind" "$t" "$tps" \
    "$(awk -v n="$((end_a - start_b))" -v s="${done_b:-0}" 'BEGIN {if (s > 0) printf "%.1f", n / s; else print "n/a"}')" \
    "$(awk -v n="$((end_a - start_c))" -v s="${done_c:-0}" 'BEGIN {if (s > 0) printf "%.1f", n / s; else print "n/a"}')" \
    "$maxb" "$maxc" "$(awk -v l="$maxlag" 'BEGIN {printf "%.3f", l / 1e6}')" $lagpct
}

rows=()
if [[ " $servers " == *" mitosis "* ]]; then
start_mitosis 33081 --server-id=1; start_mitosis 33082 --server-id=2; start_mitosis 33083 --server-id=3
wire_mitosis 33082 33081; wire_mitosis 33083 33082
sysbench_prepare 33081
warm_up mitosis 33081 33082 33083
for t in $threads; do rows+=("$(run_chain mitosis 33081 33082 33083 "$t")"); done
fi

if have_mariadbd && [[ " $servers " == *" mariadb "* ]]; then
  for i in 1 2 3; do
    start_mariadb $((33090 + i)) --server-id=$i --log-bin=mariadb-bin --log-slave-updates --sync-binlog=1 \
      --innodb-flush-log-at-trx-commit=1 --binlog-format=ROW
  done
  wire_mariadb 33092 33091; wire_mariadb 33093 33092
  sysbench_prepare 33091
  warm_up mariadb 33091 33092 33093
  for t in $threads; do rows+=("$(run_chain mariadb 33091 33092 33093 "$t")"); done
fi

printf '\n%-8s | %7s | %10s | %10s | %10s | %8s | %8s | %10s | %7s | %7s\n' server threads "source tps" "b apply/s" "c apply/s" \
  "max SBS b" "max SBS c" "e2e lag s" "p50 s" "p99 s"
printf -- '---------+---------+------------+------------+------------+----------+----------+------------+---------+--------\n'
for r in "${rows[@]}"; do echo "$r"; done
