import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { HubMetrics } from './hub-metrics';
import type { HubMiddleware } from '../http/plain-http';
import { clusterMetricsText, servesInCluster } from '../cluster/cluster-metrics';

/** The fixed set of route labels: a path a caller makes up is "other", never a new series. */
function routeOf(path: string): string {
  if (path === '/graphql') return 'graphql';
  if (/^\/banks\/[^/]+\/events$/.test(path)) return 'bank_push';
  if (path === '/healthz') return 'healthz';
  if (path === '/metrics') return 'metrics';
  return 'other';
}

export function countRequests(metrics: HubMetrics): HubMiddleware {
  return (req, res, next) => {
    res.once('finish', () => {
      metrics.httpRequests.inc({
        route: routeOf(req.originalUrl.split('?')[0]),
        status: `${Math.floor(res.statusCode / 100)}xx`,
      });
    });
    next();
  };
}

/**
 * GET /metrics in Prometheus' text format; behind METRICS_TOKEN when one is set. With several
 * serving processes, the sum over all of them (src/cluster/cluster-metrics.ts).
 */
export function metricsRoute(metrics: HubMetrics, token: string | null) {
  return async (req: Request, res: Response): Promise<void> => {
    if (token) {
      const given = Buffer.from(req.header('authorization') ?? '');
      const expected = Buffer.from(`Bearer ${token}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).json({
          error: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
          code: 'UNAUTHENTICATED',
        });
        return;
      }
    }
    let text: string;
    try {
      text = servesInCluster() ? await clusterMetricsText() : await metrics.registry.metrics();
    } catch (err) {
      res.status(503).json({ error: `metrics not gathered: ${(err as Error).message}`, code: 'UNAVAILABLE' });
      return;
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(text);
  };
}
