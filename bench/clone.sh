#!/usr/bin/env bash
# Clone throughput: CLONE INSTANCE of a sysbench data set on loopback, idle and under a write
# load on the donor, against the physical limits on the same bytes (cp + sync, a raw loopback
# socket copy), MariaDB's provisioning of the same data (mariabackup --backup, --prepare, copy
# back, start; when installed) and provisioning by replaying the whole history through replication.
#   bench/clone.sh [TABLES] [ROWS_PER_TABLE] [--compare=DIR]   (default 8 x 400000, about 1 GB)
# --compare=DIR also measures the build in DIR (a jar and lib/, e.g. an older commit's target/)
# in the same run, donor and recipient both of that build, on the same donor data.
# A clone moves the donor's store file as it was at the snapshot point: the bytes moved are
# read from clone_progress (FILE COPY DATA), and the cp and raw-socket rows copy that many bytes
# of the same file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COMPARE=""
args=()
for a in "$@"; do
  case "$a" in
    --compare=*) COMPARE="${a#--compare=}" ;;
    *) args+=("$a") ;;
  esac
done
tables=${args[0]:-8}
rows=${args[1]:-400000}
source "$BENCH_HOME/bin/lib.sh"; ensure_built

q() { mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -N -e "$2" 2>/dev/null; }
secs_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {if (s > 0) printf "%.0f", b / 1048576 / s; else print "n/a"}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1048576}'; }
prepare() { # port
  q "$1" "CREATE DATABASE IF NOT EXISTS sbtest"
  sysbench oltp_read_write --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=2 prepare > "$BENCH_TMP/prepare-$1.txt" 2>&1
}
# start_build BUILD PORT [options...]: Mitosis of this build ("after" = this tree, "before" = --compare).
declare -A BPID
start_build() {
  local build=$1 port=$2; shift 2
  local cp=$CLASSPATH
  if [ "$build" = before ]; then cp="$(ls "$COMPARE"/*.jar | head -n1):$COMPARE/lib/*"; fi
  "$JAVA" ${MITOSIS_JAVA_OPTS:--Xmx1g} -cp "$cp" dev.mitosis.cli.Mitosisd --datadir="$BENCH_TMP/mitosis-$port" \
    --port="$port" --bind-address=127.0.0.1 "$@" >> "$BENCH_TMP/mitosis-$port.out" 2>&1 &
  BENCH_PIDS+=($!)
  BPID[$port]=$!
  wait_port "$port"
}
stop_port() {
  local p=${BPID[$1]}
  kill "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}
clone_into() { # recipient donor -> "seconds bytes"
  q "$1" "INSTALL PLUGIN clone SONAME 'mysql_clone.so'" || true
  q "$1" "SET GLOBAL clone_valid_donor_list = '127.0.0.1:$2'"
  local t0 s; t0=$(date +%s.%N)
  mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -e "CLONE INSTANCE FROM 'cloner'@'127.0.0.1':$2 IDENTIFIED BY 'pw'" \
    >/dev/null 2>&1 || true # the session ends with the recipient's restart
  for _ in $(seq 1 3000); do
    [ "$(q "$1" "SELECT STATE FROM performance_schema.clone_status" || true)" = Completed ] && break
    sleep 0.02
  done
  s=$(secs_since "$t0")
  echo "$s $(q "$1" "SELECT DATA FROM performance_schema.clone_progress WHERE STAGE = 'FILE COPY'")"
}
load_tps() { # port seconds -> tps of oltp_write_only
  sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=4 --time="$2" run 2>/dev/null | awk '/transactions:/ {gsub(/\(/,"",$3); print $3}'
}

echo "loading $tables x $rows rows into the donor..." >&2
start_build after 33101 --server-id=1
q 33101 "INSTALL PLUGIN clone SONAME 'mysql_clone.so'; CREATE USER 'cloner'@'%' IDENTIFIED BY 'pw'; GRANT BACKUP_ADMIN ON *.* TO 'cloner'@'%'"
prepare 33101
file_bytes=$(stat -c %s "$BENCH_TMP/mitosis-33101/mitosis.mv.db")
stop_port 33101

builds=(after)
[ -n "$COMPARE" ] && builds=(before after)
declare -A IDLE IDLE_B BUSY BUSY_B TPS_BEFORE TPS_DURING
port=33110
# Idle clones, then clones under load, each build in turn on the same donor data.
for b in "${builds[@]}"; do
  start_build "$b" 33101 --server-id=1
  port=$((port + 1)); start_build "$b" "$port" --server-id="$port"
  read -r IDLE[$b] IDLE_B[$b] < <(clone_into "$port" 33101) || true
  stop_port "$port"; stop_port 33101
done
for b in "${builds[@]}"; do
  start_build "$b" 33101 --server-id=1
  TPS_BEFORE[$b]=$(load_tps 33101 10)
  port=$((port + 1)); start_build "$b" "$port" --server-id="$port"
  # The load reports its rate every second; "during" averages the seconds the clone overlaps.
  sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port=33101 --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=4 --time=20 --report-interval=1 run \
    > "$BENCH_TMP/during-$b.txt" 2>/dev/null &
  loadpid=$!
  load0=$(date +%s.%N)
  sleep 5
  c0=$(secs_since "$load0")
  read -r BUSY[$b] BUSY_B[$b] < <(clone_into "$port" 33101) || true
  c1=$(awk -v a="$c0" -v b="${BUSY[$b]}" 'BEGIN {print a + b}')
  wait $loadpid || true
  TPS_DURING[$b]=$(awk -v a="$c0" -v b="$c1" '/^\[ *[0-9]+s \]/ {t = $2 + 0; gsub(/s/, "", t);
      if (t > a && t - 1 < b) {sum += $7; n++}} END {if (n) printf "%.1f", sum / n; else print "n/a"}' "$BENCH_TMP/during-$b.txt")
  stop_port "$port"; stop_port 33101
done

# The physical limits on the same bytes: the first N bytes of the donor's store file.
src="$BENCH_TMP/mitosis-33101/mitosis.mv.db"
cp_secs() { # bytes
  sync
  local t0 s; t0=$(date +%s.%N)
  head -c "$1" "$src" > "$BENCH_TMP/copy.bin"; sync
  s=$(secs_since "$t0"); rm -f "$BENCH_TMP/copy.bin"; echo "$s"
}
sock_secs() { # bytes
  python3 - "$src" "$BENCH_TMP/sock.bin" "$1" <<'PY'
import os, socket, sys, threading, time
src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
def send():
    c, _ = srv.accept()
    with open(src, "rb") as f:
        c.sendfile(f, 0, count)
    c.close()
t = threading.Thread(target=send); t.start()
start = time.time()
s = socket.create_connection(srv.getsockname())
with open(dst, "wb") as out:
    while True:
        b = s.recv(1 << 20)
        if not b: break
        out.write(b)
t.join()
print("%.2f" % (time.time() - start))
os.remove(dst)
PY
}
# Keyed by whole MB: clones of the same size within a MB share one measurement.
declare -A CP SOCK SIZE
for b in "${builds[@]}"; do
  for n in "${IDLE_B[$b]}" "${BUSY_B[$b]}"; do
    m=$(mb "$n")
    [ -n "${CP[$m]:-}" ] && continue
    SIZE[$m]=$n; CP[$m]=$(cp_secs "$n"); SOCK[$m]=$(sock_secs "$n")
  done
done

# 4. Provisioning by replaying the whole history through replication: measured for at most
# REPLAY_SECONDS, then projected from the rate (a full replay of a large history takes long).
start_build after 33101 --server-id=1
start_build after 33104 --server-id=4
total=$(q 33101 "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/')
t0=$(date +%s.%N)
q 33104 "CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=33101, SOURCE_USER='root', SOURCE_AUTO_POSITION=1; START REPLICA"
sleep "${REPLAY_SECONDS:-60}"
applied=$(q 33104 "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/')
elapsed=$(secs_since "$t0")
replay_s=$(awk -v t="$total" -v a="${applied:-0}" -v e="$elapsed" 'BEGIN {if (a > 0) printf "%.1f", e * t / a; else print "n/a"}')
stop_port 33104; stop_port 33101

# 5. MariaDB: mariabackup of the same data set, prepare, copy back, start.
maria_s=n/a
if have_mariadbd && command -v mariabackup >/dev/null; then
  start_mariadb 33111
  prepare 33111
  t0=$(date +%s.%N)
  mariabackup --backup --host=127.0.0.1 --port=33111 --user=root --target-dir="$BENCH_TMP/mb" >/dev/null 2>&1
  mariabackup --prepare --target-dir="$BENCH_TMP/mb" >/dev/null 2>&1
  mariabackup --copy-back --target-dir="$BENCH_TMP/mb" --datadir="$BENCH_TMP/mb-data" >/dev/null 2>&1
  bin=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  "$bin" --no-defaults --datadir="$BENCH_TMP/mb-data" --port=33112 --bind-address=127.0.0.1 \
    --socket="$BENCH_TMP/mb.sock" --user="$(id -un)" --skip-name-resolve > "$BENCH_TMP/mb.log" 2>&1 &
  BENCH_PIDS+=($!)
  wait_port 33112
  maria_s=$(secs_since "$t0")
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a"}'; }
printf '\nclone of %d tables x %d rows (donor store file %d MB after loading)\n' "$tables" "$rows" "$(mb "$file_bytes")"
printf '%-52s | %7s | %9s | %7s | %12s | %12s\n' method MB seconds MB/s "vs raw copy" "vs MariaDB"
printf -- '-----------------------------------------------------+---------+-----------+---------+--------------+-------------\n'
for b in "${builds[@]}"; do
  for kind in idle busy; do
    if [ $kind = idle ]; then s=${IDLE[$b]}; n=${IDLE_B[$b]}; label="CLONE INSTANCE ($b), idle donor"
    else s=${BUSY[$b]}; n=${BUSY_B[$b]}; label="CLONE INSTANCE ($b), donor under oltp_write_only"; fi
    # vs raw copy: the raw copy's time over the clone's (>= 0.8 is the target); vs MariaDB: clone / MariaDB (<= 0.5).
    printf '%-52s | %7s | %9s | %7s | %12s | %12s\n' "$label" "$(mb "$n")" "$s" "$(mbps "$n" "$s")" \
      "$(ratio "${SOCK[$(mb "$n")]}" "$s")" "$(ratio "$s" "$maria_s")"
  done
done
for m in $(printf '%s\n' "${!CP[@]}" | sort -n); do
  n=${SIZE[$m]}
  printf '%-52s | %7s | %9s | %7s |\n' "cp of the same bytes (+sync)" "$m" "${CP[$m]}" "$(mbps "$n" "${CP[$m]}")"
  printf '%-52s | %7s | %9s | %7s |\n' "raw loopback socket copy of the same bytes" "$m" "${SOCK[$m]}" "$(mbps "$n" "${SOCK[$m]}")"
done
printf '%-52s | %7s | %9s | %7s |\n' "replay the whole history (projected)" "-" "$replay_s" "-"
printf '%-52s | %7s | %9s | %7s |\n' "MariaDB mariabackup backup+prepare+copy+start" "-" "$maria_s" "-"
for b in "${builds[@]}"; do
  printf '\n%s: donor oltp_write_only TPS (4 threads) in the 10 s before the clone: %s, in the seconds the clone ran: %s (ratio %s)' "$b" "${TPS_BEFORE[$b]}" \
    "${TPS_DURING[$b]}" "$(ratio "${TPS_DURING[$b]}" "${TPS_BEFORE[$b]}")"
done
echo
