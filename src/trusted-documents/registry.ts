import { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { sql } from '../db/sql';
import { safeErrorMessage } from '../log-safe-error';
import { loadReleaseManifest, type TrustedDocument } from './documents';

/** How often each hub process reloads the documents city HRSS registered (and retired). */
export const REFRESH_MS = 10_000;
/** Ids found unknown by a fresh look-up are not looked up again for this long. */
const NEGATIVE_MS = 10_000;
const MAX_NEGATIVE = 10_000;

/**
 * Registrations and retirements made by this process, told to its registries at once (other
 * processes learn them at their next reload). A registry of another database that hears of an id
 * it does not hold loses nothing: a retired id is only dropped from memory, and asked for again.
 */
export const registryChanges = new EventEmitter<{
  registered: [TrustedDocument];
  retired: [string];
}>();
registryChanges.setMaxListeners(0);

interface Row {
  id: string;
  name: string;
  type: TrustedDocument['type'];
  body: string;
}

/**
 * Every document the hub trusts: the release manifest, fixed at start, and the documents city HRSS
 * registered (table trusted_document), held in memory and reloaded every REFRESH_MS, so the
 * usual request costs a map look-up and no SQL. A miss can ask the database directly (`fresh`):
 * an id registered a moment ago on another hub process works at once.
 */
export class TrustedDocumentRegistry {
  private readonly release = new Map<string, TrustedDocument>();
  private registered = new Map<string, TrustedDocument>();
  private readonly unknownUntil = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<TrustedDocument | null>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    release: TrustedDocument[] = loadReleaseManifest(),
  ) {
    for (const doc of release) this.release.set(doc.id, doc);
  }

  private readonly onRegistered = (doc: TrustedDocument) => this.noteRegistered(doc);
  private readonly onRetired = (id: string) => this.noteRetired(id);

  async start(): Promise<this> {
    await this.reload();
    registryChanges.on('registered', this.onRegistered);
    registryChanges.on('retired', this.onRetired);
    this.timer = setInterval(() => {
      this.reload().catch((err) =>
        this.log.warn({ err: safeErrorMessage(err) }, 'trusted documents not reloaded'),
      );
    }, REFRESH_MS);
    this.timer.unref();
    return this;
  }

  close(): void {
    registryChanges.off('registered', this.onRegistered);
    registryChanges.off('retired', this.onRetired);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Every document trusted now: the release's by name, then those city HRSS registered. */
  all(): TrustedDocument[] {
    const byName = (a: TrustedDocument, b: TrustedDocument) => a.name.localeCompare(b.name);
    return [...[...this.release.values()].sort(byName), ...[...this.registered.values()].sort(byName)];
  }

  /** The document with this id, from memory; with `fresh`, a miss asks the database. */
  async lookup(id: string, opts: { fresh: boolean }): Promise<TrustedDocument | null> {
    const known = this.release.get(id) ?? this.registered.get(id);
    if (known || !opts.fresh) return known ?? null;
    const until = this.unknownUntil.get(id);
    if (until !== undefined && until > Date.now()) return null;
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.fetchOne(id).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private noteRegistered(doc: TrustedDocument): void {
    if (this.release.has(doc.id)) return;
    this.registered.set(doc.id, doc);
    this.unknownUntil.delete(doc.id);
  }

  private noteRetired(id: string): void {
    this.registered.delete(id);
  }

  private async fetchOne(id: string): Promise<TrustedDocument | null> {
    const [row] = await sql<Row>(
      this.orm.em.fork(),
      `select id, name, type, body from trusted_document where id = ? and retired_at is null`,
      [id],
    );
    if (!row) {
      if (this.unknownUntil.size >= MAX_NEGATIVE) this.unknownUntil.clear();
      this.unknownUntil.set(id, Date.now() + NEGATIVE_MS);
      return null;
    }
    const doc = { ...row, source: 'REGISTERED' as const };
    this.registered.set(id, doc);
    return doc;
  }

  private async reload(): Promise<void> {
    const rows = await sql<Row>(
      this.orm.em.fork(),
      `select id, name, type, body from trusted_document where retired_at is null`,
    );
    this.registered = new Map(rows.map((r) => [r.id, { ...r, source: 'REGISTERED' as const }]));
  }
}
