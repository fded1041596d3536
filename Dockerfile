# Cairn's image: `docker build -t cairn .` then `docker run -p 7420:7420 -v cairn-data:/data cairn`.
# Multi-stage: the build stage has the dev tools (Vite builds the web UI); the runtime stage holds
# only production dependencies, the sources Node runs directly (type stripping) and the built UI.
# Base images are pinned to the exact Node version package.json pins; pin them by digest too when
# you mirror them (`node:24.21.0-bookworm-slim@sha256:…`).

FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source-only change reuses this layer.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# chdb's install script fetches its native library; the web UI is built by Vite (a dev dependency);
# then the dev dependencies are dropped, leaving what `npm ci --omit=dev` would install.
RUN npm rebuild chdb \
  && npm run build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CAIRN_DATA_DIR=/data \
    CAIRN_HOST=0.0.0.0 \
    CAIRN_PORT=7420 \
    CAIRN_OTLP_PORT=4318
WORKDIR /app
# A fixed non-root uid/gid (10001) that the Kubernetes manifests' securityContext names too.
RUN groupadd --system --gid 10001 cairn \
  && useradd --system --uid 10001 --gid cairn --home-dir /data --shell /usr/sbin/nologin cairn \
  && mkdir -p /data \
  && chown cairn:cairn /data
# Owned by root and not writable by cairn: the application files are read-only at run time.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/examples ./examples
COPY --from=build /app/web/dist ./web/dist
USER 10001:10001
# The data dir: embedded stores, lock file and generated admin token. Mount a volume here.
VOLUME ["/data"]
EXPOSE 7420 4318
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:7420/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/cairn.js"]
CMD ["up"]
