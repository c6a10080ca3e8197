#!/bin/bash
# CPU time (user+sys, ms) the node process used from exec until /healthz answered; wall ms too.
repo=$1
: "${DATA_DIR:?a data directory started before (bench/lib/prepared-data-dir.ts)}" "${PORT:=7535}" "${PG_PORT:=55535}"
export DATA_DIR PORT PG_PORT HOST=127.0.0.1 WA_TRANSPORT=sandbox SANDBOX_PACING_MS=0 LOG_LEVEL=warn
cd $repo
t0=$(date +%s%N)
node bin/wa-chatops.js start >/dev/null 2>&1 & P=$!
until curl -sf http://127.0.0.1:$PORT/healthz >/dev/null; do sleep 0.05; done
t1=$(date +%s%N)
read -a st < /proc/$P/stat
tck=$(getconf CLK_TCK)
echo "$repo cpu_ms=$(( (st[13]+st[14])*1000/tck )) wall_ms=$(( (t1-t0)/1000000 )) load=$(cut -d' ' -f1 /proc/loadavg)"
kill -TERM $P; wait $P
