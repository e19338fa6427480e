import type { MikroORM } from '@mikro-orm/postgresql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { HubMetrics } from '../metrics/hub-metrics';
import type { GraphQLContext } from '../../schema/context';
import { documentsCounter, trustedDocumentsPlugin } from './plugin';
import { TrustedDocumentRegistry } from './registry';

export interface TrustedDocuments {
  registry: TrustedDocumentRegistry;
  plugin: ApolloServerPlugin<GraphQLContext>;
  close(): void;
}

/** The registry (release manifest + city HRSS's table, kept in memory) and the plugin that uses it. */
export async function startTrustedDocuments(
  orm: MikroORM,
  config: Config,
  log: Logger,
  metrics: HubMetrics,
): Promise<TrustedDocuments> {
  const registry = await new TrustedDocumentRegistry(orm, log).start();
  const plugin = trustedDocumentsPlugin(
    registry,
    config.trustedDocuments,
    documentsCounter(metrics.registry),
  );
  return { registry, plugin, close: () => registry.close() };
}
