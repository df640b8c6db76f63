#!/usr/bin/env bash
# sysbench oltp_point_select and oltp_read_write (4 threads, 30 s each) against Mitosis and, when
# mariadbd is installed, a throwaway MariaDB on the same machine in the same run.
#   bench/sysbench.sh [SECONDS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs=${1:-30}
threads=4
source "$BENCH_HOME/bin/lib.sh"; ensure_built

declare -A result
start_mitosis 33071
sysbench_prepare 33071
for t in oltp_point_select oltp_read_write; do result[mitosis,$t]=$(sysbench_run 33071 "$t" $threads "$secs"); done

if have_mariadbd; then
  start_mariadb 33072
  sysbench_prepare 33072
  for t in oltp_point_select oltp_read_write; do result[mariadb,$t]=$(sysbench_run 33072 "$t" $threads "$secs"); done
fi

printf '\n%-18s | %-8s | %10s | %10s | %8s | %s\n' test server TPS QPS "p95 ms" "TPS ratio Mitosis/MariaDB"
printf -- '-------------------+----------+------------+------------+----------+---------------------------\n'
for t in oltp_point_select oltp_read_write; do
  read -r mt mq mp <<< "${result[mitosis,$t]}"
  printf '%-18s | %-8s | %10s | %10s | %8s |\n' "$t" mitosis "$mt" "$mq" "$mp"
  if [ -n "${result[mariadb,$t]:-}" ]; then
    read -r at aq ap <<< "${result[mariadb,$t]}"
    printf '%-18s | %-8s | %10s | %10s | %8s | %s\n' "$t" mariadb "$at" "$aq" "$ap" \
      "$(awk -v a="$mt" -v b="$at" 'BEGIN {printf "%.2f", a / b}')"
  fi
done
