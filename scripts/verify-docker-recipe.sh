#!/bin/sh
# Runs the Dockerfile's steps without a container runtime, in a minimal Debian bookworm made by
# mmdebstrap (what node:20-bookworm-slim is built on), for machines where containers cannot
# start. As root: sh scripts/verify-docker-recipe.sh [CHROOT_DIR]   (needs: apt-get install mmdebstrap)
#
# What it reproduces: the build stage as root in /build (the repository's committed files, as
# `COPY . .` with .dockerignore would send them, then `npm ci`, `npm prune --omit=dev` and the
# `rm -rf` of the sources), `COPY --from=build` into /app owned by root, /data owned by `node`
# (uid 1000), then the image's CMD as the `node` user under tini with the image's ENV, the
# HEALTHCHECK command, and SIGTERM to tini (as `docker stop` sends it).
# What it cannot: the image layers themselves, Docker's network and volume, PID 1 (tini runs
# as a subreaper with -s instead), the node:20 image's exact Node build (the host's node is copied).
set -eu
ROOT=${1:-/tmp/wa-chatops-chroot}
SRC=$(cd "$(dirname "$0")/.." && pwd)
PORT=${VERIFY_PORT:-3470}
PG_PORT=${VERIFY_PG_PORT:-54470}
say() { printf '== %s\n' "$*"; }

if [ ! -x "$ROOT/usr/bin/tini" ]; then
  say "mmdebstrap bookworm (minbase + ca-certificates, tini, procps) into $ROOT"
  mmdebstrap --variant=minbase --include=ca-certificates,tini,procps bookworm "$ROOT" http://deb.debian.org/debian
fi

say "node $(node --version) and npm into /usr/local, user node (1000), as node:20-bookworm-slim has them"
install -m 755 "$(command -v node)" "$ROOT/usr/local/bin/node"
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
mkdir -p "$ROOT/usr/local/lib/node_modules"
rm -rf "$ROOT/usr/local/lib/node_modules/npm" && cp -a "$NPM_DIR" "$ROOT/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/local/bin/npx"
chroot "$ROOT" sh -c 'getent group node >/dev/null || groupadd -g 1000 node; getent passwd node >/dev/null || useradd -u 1000 -g node -m -s /bin/sh node'
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# A network that inspects TLS (an egress proxy with its own CA) needs that CA in the build too,
# as `docker build` on such a network would: pass the host's NODE_EXTRA_CA_CERTS file on.
EXTRA_CA=""
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  cp "$NODE_EXTRA_CA_CERTS" "$ROOT/etc/ssl/certs/build-extra-ca.crt"
  EXTRA_CA="NODE_EXTRA_CA_CERTS=/etc/ssl/certs/build-extra-ca.crt"
  say "build network: the host's extra CA file passed on as NODE_EXTRA_CA_CERTS"
fi

mounted=""
cleanup() { for m in $mounted; do umount -l "$ROOT$m" 2>/dev/null || true; done; }
trap cleanup EXIT
for m in /proc /dev /dev/shm /sys; do
  mkdir -p "$ROOT$m"
  case $m in /proc) mount -t proc proc "$ROOT/proc" ;; /dev/shm) mount -t tmpfs -o mode=1777 shm "$ROOT/dev/shm" ;; *) mount --bind "$m" "$ROOT$m" ;; esac
  mounted="$m $mounted"
done

say "build stage: COPY . . (committed files), npm ci, npm prune --omit=dev, sources removed"
rm -rf "$ROOT/build" "$ROOT/app" "$ROOT/data"
mkdir -p "$ROOT/build"
git -C "$SRC" archive HEAD | tar -x -C "$ROOT/build"
t0=$(date +%s)
chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin $EXTRA_CA sh -c \
  'cd /build && npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund && rm -rf src test bench commands jobs migrations/*.ts tsconfig.json'
say "build stage took $(( $(date +%s) - t0 )) s"

say "run stage: COPY --from=build --chown=root:root /app /app; /data owned by node"
cp -a "$ROOT/build" "$ROOT/app" && chown -R root:root "$ROOT/app"
mkdir -p "$ROOT/data" && chown 1000:1000 "$ROOT/data"
du -sh "$ROOT/app" | sed 's/^/   app size: /'

say "CMD as user node under tini: node bin/wa-chatops.js start (PORT=$PORT, PG_PORT=$PG_PORT: the host's network is shared)"
RUN_ENV="HOME=/home/node PATH=/usr/local/bin:/usr/bin:/bin NODE_ENV=production DATA_DIR=/data PORT=$PORT HOST=0.0.0.0 LOG_PRETTY=false PG_PORT=$PG_PORT"
t0=$(date +%s)
chroot --userspec=1000:1000 "$ROOT" /usr/bin/env -i $RUN_ENV sh -c 'cd /app && exec /usr/bin/tini -s -- node bin/wa-chatops.js start' > "$ROOT/start.log" 2>&1 &
TINI=$!
ok=""
for i in $(seq 1 90); do
  if chroot --userspec=1000:1000 "$ROOT" /usr/bin/env -i $RUN_ENV sh -c 'cd /app && node -e "fetch(\"http://127.0.0.1:\"+(process.env.PORT||3000)+\"/healthz\").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"'; then ok=1; break; fi
  sleep 1
done
[ -n "$ok" ] || { say "NOT healthy after 90 s"; tail -20 "$ROOT/start.log"; kill -TERM "$TINI"; exit 1; }
say "HEALTHCHECK command passed $(( $(date +%s) - t0 )) s after start; processes of user node:"
ps -o pid,uid,args -u 1000 | sed 's/^/   /'
grep -c . "$ROOT/start.log" | sed 's/^/   log lines: /'
grep -o '"msg":"[^"]*"' "$ROOT/start.log" | head -8 | sed 's/^/   /'

say "SIGTERM to tini (docker stop)"
t0=$(date +%s)
kill -TERM "$TINI"
wait "$TINI" || true
left=$(ps -o pid= -u 1000 | wc -l)
say "stopped in $(( $(date +%s) - t0 )) s; processes of user node left: $left"
[ "$left" -eq 0 ] || exit 1
say "OK"
