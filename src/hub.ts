import http from 'node:http';
import { usePersonalDataKeys } from './personal-data/cipher';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { GraphQLError } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';

import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config';
import { ormConfig } from './db/orm-config';
import { APPLICATION_NAMES, openGraphqlPool } from './db/graphql-pool';
import { requestBudget, requestStop } from './http/limits/request-budget';
import { requestBudgetPlugin } from '../schema/limits/request-budget-plugin';
import { HeavyLane } from './http/limits/heavy-lane';
import { heavyLanePlugin } from '../schema/limits/heavy-lane-plugin';
import { HeavyWorkers } from './graphql-worker/heavy-workers';
import { LARGE_PUSH_WORKERS, LargePushWorkers } from './services/large-push/workers';
import { migrateToLatest } from './db/migrate';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { createQueueBackend, type QueueBackend } from './queue/backend';
import { JobRegistry, startJobWorkers, type RunningJobs } from '../jobs/registry';
import { HUB_JOBS, hubSchedules } from '../jobs';
import { verifyBearer } from './auth/tokens';
import { DomainError } from './domain/errors';
import { bankPushRouter } from './http/bank-push';
import { PayAlertFollowUp } from './services/workforce/pay-alerts/pending';
import { httpErrorHandler } from './http/errors';
import { healthz } from './http/healthz';
import { createHubMetrics } from './metrics/hub-metrics';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics';
import { registerScrapeGauges, watchAdmission } from './metrics/scrape-gauges';
import { countRequests, metricsRoute } from './metrics/metrics-route';
import { answerMetricsCollection, servesInCluster } from './cluster/cluster-metrics';
import { admissionControl } from './http/limits/admission';
import { loopDelay } from './http/limits/loop-delay';
import { graphqlRateLimit } from './http/limits/rate-limit';
import { postgresRateLimitStore, redisRateLimitStore } from './http/limits/rate-limit-store';
import { requestLog } from './http/request-log';
import { apolloHandler, graphqlPostRoute, isGraphqlPost } from './http/graphql-post';
import { GRAPHQL_BODY_LIMIT_BYTES, graphqlJsonBody } from './http/graphql-body';
import { GraphqlRequestContext } from './http/graphql-request-context';
import { appObjectClasses } from './http/app-objects';
import { headerOf, type HubRequest } from './http/plain-http';
import { buildHubSchema } from '../schema/build-schema';
import { compiledExecution, type CompiledExecution } from '../schema/compiled-execution';
import { formatError } from '../schema/errors';
import { auditPlugin } from './audit/audit-plugin';
import { safeErrorMessage } from './log-safe-error';
import { queryLimitsPlugin } from '../schema/limits/query-limits';
import { graphqlOverHttpStatusPlugin } from './http/graphql-over-http-status';
import type { GraphQLContext } from '../schema/context';
import { startTrustedDocuments } from './trusted-documents/start';
import { consoleRouter } from './http/console/console-route';
import { boardRouter } from './http/boards/board-route';
import { reportRouter } from './http/reports/report-route';
import { configureReportFont } from './services/reports/font';

export interface RunningHub {
  url: string;
  port: number;
  /** the pool of the hub's own work: bank pushes, jobs, the audit log */
  orm: MikroORM;
  /** GraphQL requests' own pool (GRAPHQL_DB_POOL_MAX), bounded by the request time budget */
  graphqlOrm: MikroORM;
  /** the heavy lane's worker threads (started with the first heavy operation) */
  heavyWorkers: HeavyWorkers;
  /** the threads large bank pushes are read and stored on (started with the first one) */
  largePushes: LargePushWorkers;
  /** reads run as compiled documents (schema/compiled-execution.ts) */
  compiledExecution: CompiledExecution;
  queue: QueueBackend;
  jobs: RunningJobs;
  databaseMode: 'external' | 'embedded';
  migrationsApplied: string[];
  /** the pay alerts bank pushes left to evaluate after their commit */
  payAlertFollowUp: PayAlertFollowUp;
  close(): Promise<void>;
}

/**
 * Starts the whole hub: database (embedded when DATABASE_URL is unset), migrations, queue
 * backend, then HTTP. Nothing listens before the migrations are in.
 */
export async function startHub(config: Config, log: Logger): Promise<RunningHub> {
  const cleanup: (() => Promise<unknown>)[] = [];
  usePersonalDataKeys(config.personalData);
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
      cleanup.unshift(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    const orm = await MikroORM.init(
      ormConfig(databaseUrl, { poolMax: config.dbPoolMax, applicationName: APPLICATION_NAMES.hub }),
    );
    cleanup.unshift(() => orm.close(true));
    const graphqlPool = await openGraphqlPool(databaseUrl, config);
    cleanup.unshift(() => graphqlPool.close());
    const migrationsApplied = await migrateToLatest(orm, {
      onWait: () => log.info('waiting for another hub to finish migrating the database'),
    });
    // marks left by a crashed or stopped process are taken now; pushes add theirs
    const payAlertFollowUp = new PayAlertFollowUp(orm, log);
    payAlertFollowUp.start();
    cleanup.unshift(() => payAlertFollowUp.close());
    const queue = await createQueueBackend({
      redisUrl: config.redisUrl,
      databaseUrl,
      prefix: config.queuePrefix,
    });
    cleanup.unshift(() => queue.close());
    const metrics = createHubMetrics();
    configureReportFont(config.reportFont);
    const jobRegistry = new JobRegistry(HUB_JOBS);
    const jobs = startJobWorkers(queue, jobRegistry, { orm, log, config, metrics }, { work: config.runJobs });
    cleanup.unshift(() => jobs.close());
    if (config.runJobs) {
      await jobs.schedule(hubSchedules(config));
      // Redis holds the schedules; if it loses them (a flush, a failover) they come back here.
      const recheck = setInterval(() => {
        jobs
          .schedule(hubSchedules(config))
          .catch((err) => log.warn({ err: safeErrorMessage(err) }, 'schedules not re-asserted'));
      }, config.scheduleCheckEveryMs);
      recheck.unref();
      cleanup.unshift(async () => clearInterval(recheck));
    }

    const app = express();
    app.disable('x-powered-by');
    // POST /graphql is answered past express's router (http/graphql-post.ts). The server exists
    // first (Apollo's drain plugin takes it); the route is set below, once its middlewares are.
    let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
    const server = http.createServer(appObjectClasses(app), (req, res) =>
      graphqlPost && isGraphqlPost(req) ? graphqlPost(req, res) : app(req, res),
    );
    const schema = await buildHubSchema();
    // Heavy queries run on worker threads of their own, so their long blocks never hold this one.
    const heavyWorkers = new HeavyWorkers(
      {
        databaseUrl,
        requestTimeBudgetMs: config.requestTimeBudgetMs,
        graphqlDbConnectionsPerRequest: config.graphqlDbConnectionsPerRequest,
        personalData: config.personalData,
        reportFont: config.reportFont,
        logLevel: log.level,
      },
      config.heavyLane.maxHeavyInFlight,
      log,
    );
    cleanup.unshift(() => heavyWorkers.close());
    // Large pushes are read and stored on threads of their own, their garbage and blocks too.
    const largePushes = new LargePushWorkers(
      { databaseUrl, personalData: config.personalData },
      LARGE_PUSH_WORKERS,
      log,
    );
    cleanup.unshift(() => largePushes.close());
    const trusted = await startTrustedDocuments(orm, config, log, metrics);
    cleanup.unshift(async () => trusted.close());
    const compiled = compiledExecution(schema);
    const apollo = new ApolloServer<GraphQLContext>({
      gateway: compiled,
      plugins: [
        // first: it decides which document the request runs, before any other plugin looks at it
        trusted.plugin,
        ApolloServerPluginDrainHttpServer({ httpServer: server }),
        // the hub serves its own console (src/http/console), never Apollo's CDN-loaded pages
        ApolloServerPluginLandingPageDisabled(),
        queryLimitsPlugin(config.queryLimits),
        heavyLanePlugin(
          new HeavyLane(config.heavyLane.maxHeavyInFlight),
          config.heavyLane,
          config.queryLimits,
          { pool: heavyWorkers, log },
        ),
        requestBudgetPlugin(), // before the metrics, which count the answer's first error code
        graphqlMetricsPlugin(metrics),
        auditPlugin(orm, log),
        graphqlOverHttpStatusPlugin(),
        // The hub sets no cache hints; Apollo's default cache-control plugin would still wrap every
        // field of every answer to collect them (issue #9's profile).
        ApolloServerPluginCacheControlDisabled(),
      ],
      // "Did you mean …?" would tell any caller the names of fields its token cannot use.
      hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
      formatError: (formatted, error) =>
        formatError(formatted, error, (err) => log.error({ err }, 'unexpected GraphQL error')),
      includeStacktraceInErrorResponses: false,
      // Apollo's own SIGINT/SIGTERM handler stops it and re-sends the signal: the process would die
      // mid-shutdown, before the jobs and the embedded database are closed. main.ts closes the hub.
      stopOnTerminationSignals: false,
    });
    await apollo.start();
    cleanup.unshift(() => apollo.stop());

    const rateStore = config.redisUrl
      ? redisRateLimitStore(config.redisUrl, config.queuePrefix)
      : postgresRateLimitStore(orm);
    cleanup.unshift(() => rateStore.close());
    const threadDelay = loopDelay();
    cleanup.unshift(async () => threadDelay.close());
    const admission = admissionControl(config.admission, threadDelay.lateMs);
    watchAdmission(metrics, threadDelay, admission);
    // Bank pushes have slots of their own: a GraphQL flood must not turn a bank's push away.
    const pushAdmission = admissionControl({
      ...config.admission,
      maxPerAgency: undefined,
      maxLoopDelayMs: undefined,
    });

    registerScrapeGauges(metrics, orm, jobs, jobRegistry.queues, graphqlPool.orm);
    if (servesInCluster()) {
      const stopAnswering = answerMetricsCollection(metrics);
      cleanup.unshift(async () => stopAnswering());
    }
    const logRequests = requestLog(log);
    const countAnswers = countRequests(metrics);
    app.use(logRequests);
    app.use(countAnswers);
    app.get('/healthz', healthz(orm, queue));
    app.get('/metrics', metricsRoute(metrics, config.metricsToken));
    const graphqlApi = express();
    // An answer to a POST is never revalidated, and express's ETag hashed every answer (a feed
    // page of 500 changes is some 300 KB) on the request thread.
    graphqlApi.set('etag', false);
    graphqlApi.disable('x-powered-by');
    const graphqlSteps = [
      graphqlRateLimit(rateStore, config.rateLimits, config.jwtKeys, config.tokenMaxLifetimeS),
      admission,
      graphqlJsonBody(GRAPHQL_BODY_LIMIT_BYTES),
      requestBudget({ budgetMs: config.requestTimeBudgetMs, canceller: graphqlPool.canceller, log }),
      apolloHandler(apollo, ({ req, res }) => graphqlContext(graphqlPool.orm, config, req, requestStop(res))),
    ];
    graphqlApi.use(...graphqlSteps);
    // Agencies' requests are POST /graphql: they are answered before the app's routes (pushes,
    // console, boards, reports), by the same middlewares as GET /graphql, which keeps its order
    // below (the console's page, then queries).
    graphqlPost = graphqlPostRoute(
      graphqlApi,
      [logRequests, countAnswers, ...graphqlSteps],
      httpErrorHandler,
    );
    app.use('/banks', pushAdmission);
    app.use(
      bankPushRouter(orm, config.bankPushMaxBytes, {
        onIngested: (bank, adapter, counts, path) => {
          for (const [outcome, n] of Object.entries(counts))
            metrics.intakeEvents.inc({ bank, adapter, outcome }, n);
          metrics.bankPushes.inc({ path });
        },
        maxInFlightPerBank: config.bankPushMaxInFlight,
        payAlerts: payAlertFollowUp,
        fastPath: config.bankPushFastPath,
        largePushes,
      }),
    );
    app.use(
      '/graphql',
      consoleRouter({
        enabled: config.consoleEnabled,
        schema,
        policy: config.trustedDocuments,
        jwtKeys: config.jwtKeys,
        tokenMaxLifetimeS: config.tokenMaxLifetimeS,
        documents: () => trusted.registry.all(),
      }),
    );
    // the printable rights-protection boards (R7, src/http/boards): GraphQL's rate limits and
    // admission, read on GraphQL's pool like any other read
    app.use(
      ['/projects', '/boards', '/reports'],
      graphqlRateLimit(rateStore, config.rateLimits, config.jwtKeys, config.tokenMaxLifetimeS),
      admission,
    );
    app.use(
      boardRouter({
        orm: graphqlPool.orm,
        jwtKeys: config.jwtKeys,
        tokenMaxLifetimeS: config.tokenMaxLifetimeS,
      }),
    );
    // the monthly reports' files (R21, src/http/reports), under the same limits as the boards
    app.use(
      reportRouter({
        orm: graphqlPool.orm,
        jwtKeys: config.jwtKeys,
        tokenMaxLifetimeS: config.tokenMaxLifetimeS,
      }),
    );
    app.use('/graphql', graphqlApi);
    app.use(httpErrorHandler);

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Node's default backlog is 511. At 300 req/s on the pages of 50, the connections waiting to be
      // accepted overflowed it: the kernel dropped 5,680 in 6 s (TcpExtListenOverflows), and each
      // client retried after 1, 3, 7 s. The kernel caps this at net.core.somaxconn.
      server.listen({ port: config.port, backlog: LISTEN_BACKLOG }, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://localhost:${port}`,
      port,
      orm,
      graphqlOrm: graphqlPool.orm,
      heavyWorkers,
      largePushes,
      compiledExecution: compiled,
      queue,
      jobs,
      databaseMode: config.databaseUrl ? 'external' : 'embedded',
      migrationsApplied,
      payAlertFollowUp,
      close: () => runAll(cleanup),
    };
  } catch (err) {
    await runAll(cleanup);
    throw err;
  }
}

/** connections the kernel holds for the hub before it accepts them */
export const LISTEN_BACKLOG = 4096;

/**
 * Every GraphQL request must carry a valid token (the contract): without one the request stops
 * here, before validation or introspection, with UNAUTHENTICATED and HTTP 401.
 */
function graphqlContext(
  orm: MikroORM,
  config: Config,
  req: HubRequest,
  stop: Pick<GraphQLContext, 'signal' | 'timeOut'>,
): GraphQLContext {
  try {
    const caller = verifyBearer(headerOf(req, 'authorization'), config.jwtKeys, config.tokenMaxLifetimeS);
    return new GraphqlRequestContext(req, orm.em.fork(), caller, stop);
  } catch (err) {
    if (err instanceof DomainError) {
      throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: 401 } } });
    }
    throw err;
  }
}

async function runAll(steps: (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch {
      // closing is best effort: one failed step must not keep the others open
    }
  }
}
