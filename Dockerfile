# syntax=docker/dockerfile:1
# The base image for both stages: the Node version Handoff is tested with. How to move it to a newer
# release, or pin it by digest as well, is in docs/operations.md ("The base image").
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Build stage: every dependency (the sandbox workspace package included), compile, then pack the
# product as npm would publish it (package.json "files": dist, bin, config).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages/sandbox/package.json ./packages/sandbox/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json README.md .env.example ./
COPY packages/sandbox/tsconfig.build.json ./packages/sandbox/
COPY packages/sandbox/src ./packages/sandbox/src
COPY src ./src
COPY bin ./bin
COPY config ./config
RUN npm run build && mkdir /pack && npm pack --ignore-scripts --pack-destination /pack

# Runtime stage: the packed product installed into an empty folder with its production dependencies
# only, so neither the sandbox nor its dependencies are in the image; runs as a non-root user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HANDOFF_CONFIG_DIR=/app/config \
    HANDOFF_DATABASE_URL=sqlite:/data/handoff.db \
    LOG_FORMAT=json \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=16" \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /pack /pack
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund /pack/handoff-*.tgz \
    && cp -R node_modules/handoff/config /app/config \
    && rm -rf /pack && npm cache clean --force \
    && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# The daemon's HTTP server (/healthz, /readyz, /metrics) listens on http.port from config/handoff.yaml.
EXPOSE 9464
# The slim image has no curl; Node's own fetch checks liveness.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form), and the daemon stops within 8 s, inside Docker's 10 s.
# V8 sizes its heap by how fast a cycle allocates, not by what it keeps: on a machine with much
# memory Node 24 lets the young generation alone grow to 128 MB, and an uncapped old space grew to
# 300 MB of garbage between collections, while a streamed window keeps one chunk live. 16 MB
# semi-spaces (V8's size for years) and 256 MB of old space (NODE_OPTIONS above) bound the peak and
# leave room over the live set (docs/benchmarks.md); `docker run -e NODE_OPTIONS=...` changes them.
# The MALLOC_ settings keep glibc from holding on to native memory a long cycle has freed: by
# default it raises its thresholds to the largest block it has seen and keeps the freed memory, so
# a long cycle's process grew by tens of MB of free native memory (docs/benchmarks.md).
ENTRYPOINT ["node", "/app/node_modules/handoff/bin/handoff.js"]
CMD ["daemon"]
