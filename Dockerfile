# lagwatch as a container: built in one stage, run in a slim one as a non-root user.
# Used by docker-compose.yml; the health check asks the API's /readyz.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build before the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY sinks ./sinks
COPY web ./web
COPY scripts/build-web.mjs ./scripts/build-web.mjs
COPY notifiers ./notifiers
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Two malloc arenas instead of glibc's default of up to eight per core: Node's threads (V8's
# helpers, libuv's pool) each got their own, and their free pages stayed resident.
# bench/service at 1,000 groups x 10: RSS a few MiB lower, same CPU (README, Memory).
# Blocks of 64 KiB and more mapped on their own, so that freeing one returns it to the
# system: glibc's threshold starts at 128 KiB and rises (up to 32 MiB) each time a mapped
# block is freed, so what a tick allocates and drops outside V8's heap (typed arrays such as
# a report's numbers, in 96 KB chunks; Buffers) came from its heap, whose freed pages stayed
# resident. bench/service: RSS 8 MiB lower at 1,000 x 10, 15 at 10,000 x 10 (README, Memory).
ENV NODE_ENV=production MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
# The state directory (state.dir in config/lagwatch.docker.yaml): a volume, owned by the
# user lagwatch runs as, so a new named volume starts with that owner.
RUN mkdir -p /var/lib/lagwatch && chown node:node /var/lib/lagwatch
VOLUME /var/lib/lagwatch
USER node
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["run", "--config", "/app/config/lagwatch.docker.yaml"]
