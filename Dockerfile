# wa-chatops container image. Build: docker build -t wa-chatops .
# Run:   docker run -p 3000:3000 -v wa-data:/data wa-chatops            (embedded PostgreSQL in /data)
#  or    docker compose up                                            (PostgreSQL service, see compose.yaml)
# Stage 1 compiles the TypeScript with the dev dependencies; stage 2 carries only what runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# npm ci runs `prepare`, which builds dist/ (scripts/build.mjs); then drop the dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf src test bench commands jobs migrations/*.ts tsconfig.json

FROM node:20-bookworm-slim
# tini as PID 1 passes SIGTERM on to node and reaps PostgreSQL's children.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=root:root /app /app
ENV NODE_ENV=production DATA_DIR=/data PORT=3000 HOST=0.0.0.0 LOG_PRETTY=false
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# PostgreSQL refuses root; the image's `node` user runs both the app and the embedded server.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/wa-chatops.js", "start"]
