#!/usr/bin/env bash
# Clone throughput: CLONE INSTANCE of a sysbench data set on loopback, idle and under a write
# load on the donor (paced, the default, and at full speed), against the physical limits on the same bytes (cp + sync, a raw loopback
# socket copy, the same socket copy with an fsync at the end as a clone must be durable),
# MariaDB's provisioning of the same data (mariabackup --backup, --prepare, copy back, start;
# when installed; idle and under the same load) and provisioning by replaying the whole history through replication.
#   bench/clone.sh [TABLES] [ROWS_PER_TABLE] [--compare=DIR]
# Default 8 x 650,000 rows: about 1 GB of store file after loading, as issue 6 asks (8 x 1,000,000
# rows load into 1,578 MB).
# The table is printed even when a part fails or MariaDB is absent (that row says n/a).
# CLONE_TIMEOUT (default 600 s) bounds each clone, REPLAY_SECONDS (60) the replay measurement,
# WARMUP_SECONDS (20) the write load that warms the donor up before its 10 s "before" rate.
# --compare=DIR also measures the build in DIR (a jar and lib/, e.g. an older commit's target/)
# in the same run, donor and recipient both of that build, on the same donor data.
# A clone moves the donor's store file as it was at the snapshot point: the bytes moved are
# read from clone_progress (FILE COPY DATA), and the cp and raw-socket rows copy that many bytes
# of the same file.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# BENCH_KEEP=1 keeps the servers' logs and data (the directory is printed) for a look afterwards.
if [ -n "${BENCH_KEEP:-}" ]; then
  trap 'for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; echo "kept $BENCH_TMP" >&2' EXIT
fi
COMPARE=""
args=()
for a in "$@"; do
  case "$a" in
    --compare=*) COMPARE="${a#--compare=}" ;;
    *) args+=("$a") ;;
  esac
done
tables=${args[0]:-8}
rows=${args[1]:-650000}
CLONE_TIMEOUT=${CLONE_TIMEOUT:-600}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
source "$BENCH_HOME/bin/lib.sh"; ensure_built || exit 1

q() { mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -N -e "$2" 2>/dev/null; }
secs_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {if (s + 0 > 0 && b + 0 > 0) printf "%.0f", b / 1048576 / s; else print "n/a"}'; }
mb() { awk -v b="$1" 'BEGIN {if (b + 0 > 0) printf "%.0f", b / 1048576; else print "n/a"}'; }
# A donor holding 1 GB takes longer to open than lib.sh's wait_port allows.
wait_up() { # port seconds
  local end=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server on port $1 did not come up in $2 s" >&2; return 1
}
# One loading thread: with two, Mitosis failed one thread's bulk insert while the other built a
# secondary index on 1,000,000 rows (sysbench showed no error text; exit status 0) and the data set
# lacked 3 of its 8 tables.
prepare() { # port
  q "$1" "CREATE DATABASE IF NOT EXISTS sbtest"
  sysbench oltp_read_write --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=1 prepare > "$BENCH_TMP/prepare-$1.txt" 2>&1 \
    && ! grep -q FATAL "$BENCH_TMP/prepare-$1.txt" \
    || { echo "sysbench prepare on port $1 failed:" >&2; grep -m3 FATAL "$BENCH_TMP/prepare-$1.txt" >&2; return 1; }
}
# start_build BUILD PORT [options...]: Mitosis of this build ("after" = this tree, "before" = --compare).
declare -A BPID
start_build() {
  local build=$1 port=$2; shift 2
  local cp=$CLASSPATH opts=${MITOSIS_JAVA_OPTS:--Xmx1g}
  if [ "$build" = before ]; then cp="$(ls "$COMPARE"/*.jar | head -n1):$COMPARE/lib/*"; fi
  # The replaying replica holds sysbench's bulk-insert transactions whole: 1 GB of heap ran out.
  [ "$port" = 33104 ] && opts=${REPLAY_JAVA_OPTS:--Xmx4g}
  "$JAVA" $opts -cp "$cp" dev.mitosis.cli.Mitosisd --datadir="$BENCH_TMP/mitosis-$port" \
    --port="$port" --bind-address=127.0.0.1 "$@" >> "$BENCH_TMP/mitosis-$port.out" 2>&1 &
  BENCH_PIDS+=($!)
  BPID[$port]=$!
  wait_up "$port" 300
}
stop_port() {
  local p=${BPID[$1]:-}
  [ -n "$p" ] || return 0
  kill "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}
# REQUIRE NO SSL: the copy is measured unencrypted, as mariabackup's is. Without the clause a clone
# tries TLS first, as MySQL's does; Java's TLS costs 2-5 CPU-seconds per GB on each side here
# (an idle 1 GB clone: 5.2-6.4 s with TLS against about 3 s without, session 7).
clone_into() { # recipient donor -> "seconds bytes", or "n/a n/a" if the clone did not complete
  q "$1" "INSTALL PLUGIN clone SONAME 'mysql_clone.so'" || true
  q "$1" "SET GLOBAL clone_valid_donor_list = '127.0.0.1:$2'"
  local t0 s state="" end; t0=$(date +%s.%N); end=$(( $(date +%s) + CLONE_TIMEOUT ))
  mariadb --skip-ssl -h127.0.0.1 -P"$1" -uroot -e "CLONE INSTANCE FROM 'cloner'@'127.0.0.1':$2 IDENTIFIED BY 'pw' REQUIRE NO SSL" \
    >/dev/null 2>&1 || true # the session ends with the recipient's restart
  while [ "$(date +%s)" -lt "$end" ]; do
    state=$(q "$1" "SELECT STATE FROM performance_schema.clone_status" || true)
    [ "$state" = Completed ] || [ "$state" = Failed ] && break
    sleep 0.02
  done
  s=$(secs_since "$t0")
  if [ "$state" != Completed ]; then
    echo "clone into $1 from $2: state '${state:-none}' after $s s: $(q "$1" "SELECT ERROR_NO, ERROR_MESSAGE FROM performance_schema.clone_status")" >&2
    echo "n/a n/a"; return 0
  fi
  echo "$s $(q "$1" "SELECT DATA FROM performance_schema.clone_progress WHERE STAGE = 'FILE COPY'")"
}
load_tps() { # port seconds -> tps of oltp_write_only
  sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=4 --time="$2" run 2>/dev/null | awk '/transactions:/ {gsub(/\(/,"",$3); print $3}'
}

echo "loading $tables x $rows rows into the donor..." >&2
start_build after 33101 --server-id=1 || exit 1
q 33101 "INSTALL PLUGIN clone SONAME 'mysql_clone.so'; CREATE USER 'cloner'@'%' IDENTIFIED BY 'pw'; GRANT BACKUP_ADMIN ON *.* TO 'cloner'@'%'"
prepare 33101 || exit 1
# A start re-reads the newest binary log whole (recovery): after a 1 GB load that one file is
# about 1 GB and does not fit in a 1 GB heap. Rotating leaves a small newest file.
q 33101 "FLUSH BINARY LOGS"
file_bytes=$(stat -c %s "$BENCH_TMP/mitosis-33101/mitosis.mv.db")
stop_port 33101
echo "donor store file: $(mb "$file_bytes") MB" >&2

builds=(after)
[ -n "$COMPARE" ] && builds=(before after)
declare -A IDLE IDLE_B BUSY BUSY_B TPS_BEFORE TPS_DURING PACED
for b in "${builds[@]}"; do
  IDLE[$b]=n/a; IDLE_B[$b]=0
  for pace in 80 0; do k="$b,$pace"; BUSY[$k]=n/a; BUSY_B[$k]=0; TPS_BEFORE[$k]=n/a; TPS_DURING[$k]=n/a; done
done
port=33110
# Idle clones, then clones under load, each build in turn on the same donor data.
for b in "${builds[@]}"; do
  port=$((port + 1))
  if start_build "$b" 33101 --server-id=1 && start_build "$b" "$port" --server-id="$port"; then
    read -r IDLE[$b] IDLE_B[$b] < <(clone_into "$port" 33101) || true
    echo "idle clone ($b): ${IDLE[$b]} s, $(mb "${IDLE_B[$b]}") MB" >&2
  fi
  stop_port "$port"; stop_port 33101
done
linebuf() { if command -v stdbuf >/dev/null; then stdbuf -oL "$@"; else "$@"; fi; }
# reporting_load PORT FILE: oltp_write_only in the background, its rate every second into FILE
# (line-buffered, so the lines are there when it is stopped); $! is its pid afterwards.
reporting_load() {
  linebuf sysbench oltp_write_only --mysql-host=127.0.0.1 --mysql-port="$1" --mysql-user=root --mysql-db=sbtest \
    --tables="$tables" --table-size="$rows" --threads=4 --time=$((CLONE_TIMEOUT + 10)) --report-interval=1 run \
    > "$2" 2>/dev/null &
}
# during_tps FILE START_SECONDS CLONE_SECONDS: the mean of the per-second rates the clone overlaps.
during_tps() {
  local c1; c1=$(awk -v a="$2" -v b="$3" 'BEGIN {print a + b}')
  awk -v a="$2" -v b="$c1" '/^\[ *[0-9]+s \]/ {t = $2 + 0; gsub(/s/, "", t);
      if (t > a && t - 1 < b) {sum += $7; n++}} END {if (n) printf "%.1f", sum / n; else print "n/a"}' "$1"
}
# Under load the clone runs twice per build: paced (the donor keeps clone_donor_min_commit_rate_pct,
# default 80, of its commit rate) and at full speed (0, MySQL's behaviour).
paces=(80 0)
for b in "${builds[@]}"; do
  for pace in "${paces[@]}"; do
  k="$b,$pace"
  port=$((port + 1))
  if ! { start_build "$b" 33101 --server-id=1 && start_build "$b" "$port" --server-id="$port"; }; then
    stop_port "$port"; stop_port 33101; continue
  fi
  # Older builds lack the variable: there the paced run is a full-speed one (the label says so).
  q 33101 "SET GLOBAL clone_donor_min_commit_rate_pct = $pace" || PACED[$k]=unsupported
  # The donor has just started (cold caches, JIT): the load warms it up first, so the "before"
  # rate is the steady one the clone's seconds are compared with.
  load_tps 33101 "$WARMUP_SECONDS" >/dev/null
  TPS_BEFORE[$k]=$(load_tps 33101 10)
  # "During" averages the seconds the clone overlaps; the load runs until 3 s after the clone.
  reporting_load 33101 "$BENCH_TMP/during-$b-$pace.txt"
  loadpid=$!
  load0=$(date +%s.%N)
  sleep 5
  c0=$(secs_since "$load0")
  read -r BUSY[$k] BUSY_B[$k] < <(clone_into "$port" 33101) || true
  echo "clone under load ($b, pace $pace): ${BUSY[$k]} s, $(mb "${BUSY_B[$k]}") MB" >&2
  sleep 3
  kill "$loadpid" 2>/dev/null; wait "$loadpid" 2>/dev/null
  [ "${BUSY[$k]}" != n/a ] && TPS_DURING[$k]=$(during_tps "$BENCH_TMP/during-$b-$pace.txt" "$c0" "${BUSY[$k]}")
  stop_port "$port"; stop_port 33101
  done
done

# The physical limits on the same bytes: the first N bytes of the donor's store file.
src="$BENCH_TMP/mitosis-33101/mitosis.mv.db"
cp_secs() { # bytes
  sync
  local t0 s; t0=$(date +%s.%N)
  head -c "$1" "$src" > "$BENCH_TMP/copy.bin"; sync
  s=$(secs_since "$t0"); rm -f "$BENCH_TMP/copy.bin"; echo "$s"
}
sock_secs() { # bytes [fsync]: with "fsync", the copy is forced to disk before the clock stops
  sync
  python3 - "$src" "$BENCH_TMP/sock.bin" "$1" "${2:-}" <<'PY'
import os, socket, sys, threading, time
src, dst, count, durable = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "fsync"
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
    if durable:
        out.flush()
        os.fsync(out.fileno())
t.join()
print("%.2f" % (time.time() - start))
os.remove(dst)
PY
}
# Keyed by whole MB: clones of the same size within a MB share one measurement.
declare -A CP SOCK SOCKF SIZE
for b in "${builds[@]}"; do
  for n in "${IDLE_B[$b]}" "${BUSY_B[$b,80]}" "${BUSY_B[$b,0]}"; do
    [ "$n" -gt 0 ] 2>/dev/null || continue
    m=$(mb "$n")
    [ -n "${CP[$m]:-}" ] && continue
    SIZE[$m]=$n; CP[$m]=$(cp_secs "$n"); SOCK[$m]=$(sock_secs "$n"); SOCKF[$m]=$(sock_secs "$n" fsync)
  done
done

# 4. Provisioning by replaying the whole history through replication: measured for at most
# REPLAY_SECONDS, then projected from the rate (a full replay of a large history takes long).
replay_s=n/a
if start_build after 33101 --server-id=1 && start_build after 33104 --server-id=4; then
  total=$(q 33101 "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/')
  t0=$(date +%s.%N)
  q 33104 "CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=33101, SOURCE_USER='root', SOURCE_AUTO_POSITION=1; START REPLICA"
  sleep "${REPLAY_SECONDS:-60}"
  applied=$(q 33104 "SELECT @@GLOBAL.gtid_executed" | tr -d '\n' | sed -E 's/.*[:-]([0-9]+)$/\1/')
  elapsed=$(secs_since "$t0")
  replay_s=$(awk -v t="${total:-0}" -v a="${applied:-0}" -v e="$elapsed" 'BEGIN {if (a > 0 && t > 0) printf "%.1f", e * t / a; else print "n/a"}')
fi
stop_port 33104; stop_port 33101

# 5. MariaDB: mariabackup of the same data set, prepare, copy back, start; idle, then under the
# same load as the clones (the load stops once the backup is taken, which favours MariaDB).
MARIA_LOADPID=""; maria_s=n/a; maria_busy_s=n/a; maria_tps_before=n/a; maria_tps_during=n/a
# mariabackup_provision TAG PORT: prints the seconds from backup to the copy answering queries.
mariabackup_provision() {
  local tag=$1 port=$2 t0 bin; t0=$(date +%s.%N)
  if mariabackup --backup --host=127.0.0.1 --port=33111 --user=root --target-dir="$BENCH_TMP/mb-$tag" >"$BENCH_TMP/mb-$tag-backup.log" 2>&1; then
    # Under load, the load stops with the backup (runs in a subshell: kill, not wait).
    [ -n "${MARIA_LOADPID:-}" ] && kill "$MARIA_LOADPID" 2>/dev/null
    if mariabackup --prepare --target-dir="$BENCH_TMP/mb-$tag" >"$BENCH_TMP/mb-$tag-prepare.log" 2>&1 \
      && mariabackup --copy-back --target-dir="$BENCH_TMP/mb-$tag" --datadir="$BENCH_TMP/mb-$tag-data" >"$BENCH_TMP/mb-$tag-copy.log" 2>&1; then
      bin=$(command -v mariadbd || echo /usr/sbin/mariadbd)
      "$bin" --no-defaults --datadir="$BENCH_TMP/mb-$tag-data" --port="$port" --bind-address=127.0.0.1 \
        --socket="$BENCH_TMP/mb-$tag.sock" --user="$(id -un)" --skip-name-resolve > "$BENCH_TMP/mb-$tag.log" 2>&1 &
      # Called in a subshell ($(...)): BENCH_PIDS would not reach the cleanup, so the copy is
      # stopped here once it has answered.
      local pid=$! up=1
      wait_up "$port" 300 && { secs_since "$t0"; up=0; }
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      [ "$up" = 0 ] && return 0
    fi
  fi
  echo "mariabackup ($tag) failed:" >&2; tail -3 "$BENCH_TMP"/mb-"$tag"-*.log >&2
  echo n/a
}
if ! have_mariadbd || ! command -v mariabackup >/dev/null; then
  echo "MariaDB or mariabackup not installed: no MariaDB row" >&2
elif start_mariadb 33111 && prepare 33111; then
  maria_s=$(mariabackup_provision idle 33112 | tail -n1)
  load_tps 33111 "$WARMUP_SECONDS" >/dev/null
  maria_tps_before=$(load_tps 33111 10)
  reporting_load 33111 "$BENCH_TMP/during-mariadb.txt"
  MARIA_LOADPID=$!
  load0=$(date +%s.%N)
  sleep 5
  c0=$(secs_since "$load0")
  maria_busy_s=$(mariabackup_provision busy 33113 | tail -n1)
  kill "$MARIA_LOADPID" 2>/dev/null; wait "$MARIA_LOADPID" 2>/dev/null
  # The backup's seconds are those the load ran through: the rest ran after the load stopped.
  backup_s=$(awk -v s="$c0" '/^\[ *[0-9]+s \]/ {t = $2 + 0} END {printf "%.2f", t - s}' "$BENCH_TMP/during-mariadb.txt")
  maria_tps_during=$(during_tps "$BENCH_TMP/during-mariadb.txt" "$c0" "$backup_s")
else
  echo "MariaDB did not start or load: no MariaDB row" >&2
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0 && a != "n/a" && a != "") printf "%.2f", a / b; else print "n/a"}'; }
printf '\nclone of %d tables x %d rows (donor store file %d MB after loading)\n' "$tables" "$rows" "$(mb "$file_bytes")"
# vs raw copy / vs raw+fsync: that copy's time over the clone's (>= 0.8 is the target);
# vs MariaDB: the clone's time over MariaDB's in the same state, idle or under the same load
# (<= 0.5 is the target).
printf '%-58s | %7s | %9s | %7s | %12s | %12s | %12s\n' method MB seconds MB/s "vs raw copy" "vs raw+fsync" "vs MariaDB"
printf -- '-----------------------------------------------------------+---------+-----------+---------+--------------+--------------+-------------\n'
row() { # label bytes seconds mariadb_seconds
  local m; m=$(mb "$2")
  printf '%-58s | %7s | %9s | %7s | %12s | %12s | %12s\n' "$1" "$m" "$3" "$(mbps "$2" "$3")" \
    "$(ratio "${SOCK[$m]:-n/a}" "$3")" "$(ratio "${SOCKF[$m]:-n/a}" "$3")" "$(ratio "$3" "$4")"
}
paced_label() { if [ -n "${PACED[$1,80]:-}" ]; then echo "no pacing in this build"; else echo "paced to 80%"; fi; }
for b in "${builds[@]}"; do
  row "CLONE INSTANCE ($b), idle donor" "${IDLE_B[$b]}" "${IDLE[$b]}" "$maria_s"
  row "CLONE INSTANCE ($b), donor under load, $(paced_label "$b")" "${BUSY_B[$b,80]}" "${BUSY[$b,80]}" "$maria_busy_s"
  row "CLONE INSTANCE ($b), donor under load, full speed" "${BUSY_B[$b,0]}" "${BUSY[$b,0]}" "$maria_busy_s"
done
for m in $(printf '%s\n' "${!CP[@]}" | sort -n); do
  n=${SIZE[$m]}
  printf '%-58s | %7s | %9s | %7s |\n' "cp of the same bytes (+sync)" "$m" "${CP[$m]}" "$(mbps "$n" "${CP[$m]}")"
  printf '%-58s | %7s | %9s | %7s |\n' "raw loopback socket copy of the same bytes" "$m" "${SOCK[$m]}" "$(mbps "$n" "${SOCK[$m]}")"
  printf '%-58s | %7s | %9s | %7s |\n' "raw loopback socket copy + fsync of the same bytes" "$m" "${SOCKF[$m]}" "$(mbps "$n" "${SOCKF[$m]}")"
done
printf '%-58s | %7s | %9s | %7s |\n' "replay the whole history (projected)" "-" "$replay_s" "-"
printf '%-58s | %7s | %9s | %7s |\n' "MariaDB mariabackup backup+prepare+copy+start, idle" "-" "$maria_s" "-"
printf '%-58s | %7s | %9s | %7s |\n' "MariaDB mariabackup ..., under the same load" "-" "$maria_busy_s" "-"
printf '\ndonor oltp_write_only TPS (4 threads): 10 s before (after %s s of warm-up) -> the seconds the copy ran (ratio; target >= 0.8)\n' "$WARMUP_SECONDS"
for b in "${builds[@]}"; do
  for pace in "${paces[@]}"; do
    k="$b,$pace"
    if [ "$pace" = 0 ]; then label="full speed"; else label=$(paced_label "$b"); fi
    printf '  %-40s %8s -> %8s (%s)\n' "$b, $label" "${TPS_BEFORE[$k]}" "${TPS_DURING[$k]}" "$(ratio "${TPS_DURING[$k]}" "${TPS_BEFORE[$k]}")"
  done
done
printf '  %-40s %8s -> %8s (%s)\n' "MariaDB, mariabackup --backup" "$maria_tps_before" "$maria_tps_during" "$(ratio "$maria_tps_during" "$maria_tps_before")"
