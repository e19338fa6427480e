import type { JwtKeys } from '../../auth/jwt-keys';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import {
  introspectionFromSchema,
  Kind,
  parse,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { verifyBearer } from '../../auth/tokens';
import { DomainError } from '../../domain/errors';
import type { Caller } from '../../auth/caller';
import { mayUseAdhoc, type TrustedDocumentsPolicy } from '../../trusted-documents/plugin';
import type { TrustedDocument } from '../../trusted-documents/documents';
import { CONSOLE_CSP, consolePage } from './console-page';

export interface ConsoleOptions {
  enabled: boolean;
  schema: GraphQLSchema;
  policy: TrustedDocumentsPolicy;
  jwtKeys: string | JwtKeys;
  tokenMaxLifetimeS: number;
  /** every document the hub trusts now, release first */
  documents: () => TrustedDocument[];
}

const packageFile = (pkg: string, file: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

/** The only files the console serves, read once: React 18's and GraphiQL 3's UMD builds, and ours. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: packageFile('graphiql', 'dist/index.umd.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'dist/style.css'), type: 'text/css' },
  'console.js': { file: path.join(__dirname, 'console.js'), type: 'text/javascript' },
  'console.css': { file: path.join(__dirname, 'console.css'), type: 'text/css' },
};

/**
 * GET /graphql from a browser (it prefers text/html) serves the console; its assets, and what it
 * asks with the token pasted into it, live under /graphql/console/. Everything else on /graphql
 * goes on to Apollo. With the console off, a browser gets a 404 that says how to turn it on.
 */
export function consoleRouter(opts: ConsoleOptions): express.Router {
  const router = express.Router();
  const loaded = new Map<string, { body: Buffer; type: string }>();
  const load = (name: string) => {
    let asset = loaded.get(name);
    if (!asset) {
      const { file, type } = ASSETS[name];
      asset = { body: readFileSync(file), type };
      loaded.set(name, asset);
    }
    return asset;
  };
  const version = createHash('sha256')
    .update(
      Object.values(ASSETS)
        .map((a) => a.file)
        .join('|'),
    )
    .update(readFileSync(path.join(__dirname, 'console.js')))
    .digest('hex')
    .slice(0, 12);
  let introspection: ReturnType<typeof introspectionFromSchema> | null = null;

  router.get('/', (req, res, next) => {
    if (!prefersHtml(req)) return next();
    if (!opts.enabled) {
      res
        .status(404)
        .type('text/plain')
        .send('The console is off on this hub (CONSOLE_ENABLED=true turns it on).\n');
      return;
    }
    if (req.originalUrl.split('?')[0].endsWith('/')) {
      // the page's links are relative to /graphql
      res.redirect(308, req.originalUrl.replace(/\/+(\?|$)/, '$1'));
      return;
    }
    res
      .set('content-security-policy', CONSOLE_CSP)
      .set('cache-control', 'no-store')
      .set('x-content-type-options', 'nosniff')
      .type('text/html')
      .send(consolePage(version));
  });

  router.use('/console', (req, res, next) => {
    if (!opts.enabled) {
      res
        .status(404)
        .json({ code: 'CONSOLE_OFF', message: 'the console is off on this hub (CONSOLE_ENABLED)' });
      return;
    }
    next();
  });

  router.get('/console/assets/:name', (req, res) => {
    const name = String(req.params.name);
    if (!Object.hasOwn(ASSETS, name)) {
      res.status(404).type('text/plain').send('no such console asset\n');
      return;
    }
    const asset = load(name);
    res
      .set('cache-control', 'public, max-age=86400')
      .set('x-content-type-options', 'nosniff')
      .type(asset.type)
      .send(asset.body);
  });

  /** Who the token is, what this hub lets it run, and the registered documents to pick from. */
  router.get('/console/session', (req, res) => {
    const caller = callerOf(req, res, opts);
    if (!caller) return;
    res.set('cache-control', 'no-store').json({
      caller: { org: caller.org, district: caller.district },
      mode: opts.policy.mode,
      adhoc: opts.policy.mode !== 'refuse' || mayUseAdhoc(caller, opts.policy.adhocCallers),
      schema: maySeeSchema(caller, opts),
      documents: opts.documents().map((d) => ({
        id: d.id,
        name: d.name,
        type: d.type,
        source: d.source,
        body: d.body,
        variables: variablesSkeleton(d.body),
      })),
    });
  });

  /**
   * The schema for GraphiQL's docs and completion, to those who may write their own queries (under
   * refuse: TRUSTED_DOCUMENTS_ADHOC_CALLERS): introspection may be off (it is in production).
   */
  router.get('/console/schema', (req, res) => {
    const caller = callerOf(req, res, opts);
    if (!caller) return;
    if (!maySeeSchema(caller, opts)) {
      res.status(403).json({
        code: 'FORBIDDEN',
        message:
          'this token runs registered documents only (TRUSTED_DOCUMENTS=refuse), so the console shows no schema',
      });
      return;
    }
    introspection ??= introspectionFromSchema(opts.schema);
    res.set('cache-control', 'no-store').json(introspection);
  });

  return router;
}

const maySeeSchema = (caller: Caller, opts: ConsoleOptions) =>
  opts.policy.mode !== 'refuse' || mayUseAdhoc(caller, opts.policy.adhocCallers);

function callerOf(req: Request, res: Response, opts: ConsoleOptions): Caller | null {
  try {
    return verifyBearer(req.header('authorization'), opts.jwtKeys, opts.tokenMaxLifetimeS);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    res.status(401).json({ code: err.code, message: err.message });
    return null;
  }
}

/** A browser asks for text/html first; GraphQL clients ask for JSON (or nothing). */
function prefersHtml(req: Request): boolean {
  return req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

/** `{"industry": null}` for a document whose required variables have no default: a start to edit. */
function variablesSkeleton(body: string): string {
  const operation = parse(body).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const required = (operation?.variableDefinitions ?? []).filter(
    (v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue,
  );
  return JSON.stringify(Object.fromEntries(required.map((v) => [v.variable.name.value, null])), null, 2);
}
