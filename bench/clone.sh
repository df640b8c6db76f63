#!/usr/bin/env bash
# Clone throughput: CLONE INSTANCE of a sysbench data set on loopback, idle and under a write
# load on the donor, against the physical limits (cp of the same bytes, a raw loopback socket
# copy), MariaDB's provisioning of the same data (mariabackup --backup, --prepare, copy back,
# start; when installed) and provisioning by replaying the whole history through replication.
#   bench/clone.sh [TABLES] [ROWS_PER_TABLE]     (default 8 x 400000, about 1 GB in Mitosis)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tables=${1:-8}
rows=${2:-400000}
source "$BENCH_HOME/bin/lib.sh"; ensure_built

q() { mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -N -e "$2" 2>/dev/null; }
secs_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {if (s > 0) printf "%.0f", b / 1048576 / s; else print "n/a"}'; }
prepare() { # port
  q "$1" "CREATE DATABASE IF NOT EXISTS sbtest"
  sysbench oltp_read_write --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=2 prepare > "$BENCH_TMP/prepare-$1.txt" 2>&1
}
clone_into() { # recipient donor -> seconds
  q "$1" "INSTALL PLUGIN clone SONAME 'mysql_clone.so'" || true
  q "$1" "SET GLOBAL clone_valid_donor_list = '127.0.0.1:$2'"
  local t0; t0=$(date +%s.%N)
  mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -e "CLONE INSTANCE FROM 'cloner'@'127.0.0.1':$2 IDENTIFIED BY 'pw'" \
    >/dev/null 2>&1 || true # the session ends with the recipient's restart
  for _ in $(seq 1 600); do
    [ "$(q "$1" "SELECT STATE FROM performance_schema.clone_status" || true)" = Completed ] && break
    sleep 0.1
  done
  secs_since "$t0"
}
load_tps() { # port seconds -> tps of oltp_write_only
  sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=4 --time="$2" run 2>/dev/null | awk '/transactions:/ {gsub(/\(/,"",$3); print $3}'
}

echo "loading $tables x $rows rows into the donor..." >&2
start_mitosis 33101 --server-id=1
q 33101 "INSTALL PLUGIN clone SONAME 'mysql_clone.so'; CREATE USER 'cloner'@'%' IDENTIFIED BY 'pw'; GRANT BACKUP_ADMIN ON *.* TO 'cloner'@'%'"
prepare 33101
bytes=$(stat -c %s "$BENCH_TMP/mitosis-33101/mitosis.mv.db")

# 1. Clone, idle donor.
start_mitosis 33102 --server-id=2
idle=$(clone_into 33102 33101)

# 2. Clone under a write load; the donor's TPS before and during.
before=$(load_tps 33101 10)
start_mitosis 33103 --server-id=3
load_tps 33101 30 > "$BENCH_TMP/during.txt" &
loadpid=$!
sleep 5
busy=$(clone_into 33103 33101)
wait $loadpid || true
during=$(cat "$BENCH_TMP/during.txt")

# 3. The physical limits on the same bytes: cp, and a raw loopback socket copy.
sync
t0=$(date +%s.%N); cp "$BENCH_TMP/mitosis-33101/mitosis.mv.db" "$BENCH_TMP/copy.bin"; sync; cp_s=$(secs_since "$t0")
rm -f "$BENCH_TMP/copy.bin"
sock_s=$(python3 - "$BENCH_TMP/mitosis-33101/mitosis.mv.db" "$BENCH_TMP/sock.bin" <<'PY'
import socket, sys, threading, time
src, dst = sys.argv[1], sys.argv[2]
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
def send():
    c, _ = srv.accept()
    with open(src, "rb") as f:
        c.sendfile(f)
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
PY
)
rm -f "$BENCH_TMP/sock.bin"

# 4. Provisioning by replaying the whole history through replication: measured for at most
# REPLAY_SECONDS, then projected from the rate (a full replay of a large history takes long).
start_mitosis 33104 --server-id=4
total=$(q 33101 "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/')
t0=$(date +%s.%N)
q 33104 "CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=33101, SOURCE_USER='root', SOURCE_AUTO_POSITION=1; START REPLICA"
sleep "${REPLAY_SECONDS:-60}"
applied=$(q 33104 "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/')
elapsed=$(secs_since "$t0")
replay_s=$(awk -v t="$total" -v a="${applied:-0}" -v e="$elapsed" 'BEGIN {if (a > 0) printf "%.1f", e * t / a; else print "n/a"}')

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

printf '\nclone of %d MB (%d tables x %d rows)\n' $((bytes / 1048576)) "$tables" "$rows"
printf '%-44s | %9s | %7s\n' method seconds MB/s
printf -- '---------------------------------------------+-----------+--------\n'
printf '%-44s | %9s | %7s\n' "CLONE INSTANCE, idle donor" "$idle" "$(mbps "$bytes" "$idle")"
printf '%-44s | %9s | %7s\n' "CLONE INSTANCE, donor under oltp_write_only" "$busy" "$(mbps "$bytes" "$busy")"
printf '%-44s | %9s | %7s\n' "cp of the same file (+sync)" "$cp_s" "$(mbps "$bytes" "$cp_s")"
printf '%-44s | %9s | %7s\n' "raw loopback socket copy" "$sock_s" "$(mbps "$bytes" "$sock_s")"
printf '%-44s | %9s | %7s\n' "replay the whole history (projected)" "$replay_s" "$(mbps "$bytes" "$replay_s")"
printf '%-44s | %9s | %7s\n' "MariaDB mariabackup backup+prepare+copy+start" "$maria_s" "-"
printf '\ndonor oltp_write_only TPS before the clone: %s, during: %s (ratio %s)\n' "$before" "$during" \
  "$(awk -v a="$during" -v b="$before" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}')"
