# syntax=docker/dockerfile:1
# Build stage: compile TypeScript to dist/.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and compiled JavaScript only, as a non-root user.
FROM node:24-slim
ENV NODE_ENV=production \
    HANDOFF_CONFIG_DIR=/app/config \
    HANDOFF_DATABASE_URL=sqlite:/data/handoff.db \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# The daemon's HTTP server (/healthz, /readyz, /metrics) listens on http.port from config/handoff.yaml.
EXPOSE 9464
# node:24-slim has no curl; Node's own fetch checks liveness.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form), and the daemon stops within 8 s, inside Docker's 10 s.
ENTRYPOINT ["node", "bin/handoff.js"]
CMD ["daemon"]
