# The hub as a container: TypeScript runs in place through @swc-node/register (decorator
# metadata intact), so the image needs no build step beyond npm ci.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json .swcrc mikro-orm.config.ts ./
COPY src ./src
COPY adapters ./adapters
COPY schema ./schema
COPY jobs ./jobs
COPY scripts ./scripts
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"
CMD ["node", "-r", "./src/register.js", "src/main.ts"]
