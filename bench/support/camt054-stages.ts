import { randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mapCamtEntries } from '../../adapters/iso20022/camt-map';
import { readCamt } from '../../adapters/iso20022/camt-read';
import { parseSafeXml } from '../../adapters/xml/safe-xml';
import { decodeXml } from '../../adapters/xml/xml-encoding';
import { sql } from '../../src/db/sql';
import { signedHeaders, verifySignature } from '../../src/http/webhook-signature';
import { ingestForBank } from '../../src/services/ingestion';
import type { BenchHub } from './bench-hub';
import { BANK, SECRET } from './intake-runs';

/**
 * fast-xml-parser's options as adapters/xml/safe-xml.ts sets them (it does not export them); the
 * baseline must parse exactly as the adapter does. Keep the two in step.
 */
export const SAFE_XML_PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: '#cdata',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 48,
};

/** The baseline: the document's bytes to fast-xml-parser's tree, nothing else. */
export function parseWithLibraryAlone(doc: Buffer): unknown {
  return new XMLParser(SAFE_XML_PARSER_OPTIONS).parse(doc.toString('utf8'));
}

export async function timedAsync<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export interface Stage {
  what: string;
  seconds: number;
}

/**
 * Where the intake's time goes, one step at a time on the same document, each as the hub runs it
 * (the adapter's own functions, the ingestion service on the hub's ORM). `reset` empties the
 * tables before each database step so it inserts every row, as the measured push did; `collect`
 * runs a full garbage collection before each step. `rowsJson`
 * is not a step of its own: it sizes the JSON parameter inside ingestForBank's time.
 */
export async function intakeStages(
  b: BenchHub,
  doc: Buffer,
  reset: () => Promise<void>,
  collect: () => void,
): Promise<{ stages: Stage[]; rowsJson: { chars: number; seconds: number } }> {
  const stages: Stage[] = [];
  const step = async <T>(what: string, work: () => Promise<T> | T): Promise<T> => {
    collect();
    const { value, seconds } = await timedAsync(work);
    stages.push({ what, seconds });
    return value;
  };
  const headers = signedHeaders(SECRET, doc, 'msg_stages');
  await step('signature (HMAC-SHA256 over the body)', () =>
    verifySignature(
      SECRET,
      { id: 'msg_stages', timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] },
      doc,
      new Date(),
    ),
  );
  const text = await step('decode (strict UTF-8)', () => decodeXml(doc, null));
  await step('XMLValidator.validate', () => XMLValidator.validate(text));
  await step('XMLParser.parse (the baseline)', () => {
    new XMLParser(SAFE_XML_PARSER_OPTIONS).parse(text);
  });
  collect();
  const safe = await timedAsync(() => parseSafeXml(doc, { maxBytes: doc.length }));
  const parsedSoFar = stages.slice(1).reduce((s, x) => s + x.seconds, 0);
  stages.push({
    what: 'tree to XmlElement (parseSafeXml − the three above)',
    seconds: safe.seconds - parsedSoFar,
  });
  const camt = await step('readCamt (elements to camt entries)', () => readCamt(safe.value));
  const mapped = await step('mapCamtEntries (entries to events, raw)', () => mapCamtEntries(camt));
  // The rows ingestForBank sends as one JSON parameter (its insertEvents shape), to size them.
  const rowsJson = await timedAsync(() =>
    JSON.stringify(
      mapped.events.map((e) => ({
        ...e,
        amountFen: e.amountFen === null ? null : e.amountFen.toString(),
        bookedAt: e.bookedAt.toISOString(),
      })),
    ),
  );
  const em = b.hub.orm.em.fork();
  await reset();
  const ingest = await step(`ingestForBank (${mapped.events.length} events, one statement)`, () =>
    em.transactional((tx) =>
      ingestForBank(tx as EntityManager, BANK, { ...mapped, statements: [] }, new Date()),
    ),
  );
  if (ingest.accepted !== mapped.events.length) {
    throw new Error(`stages: ingestForBank accepted ${ingest.accepted} of ${mapped.events.length}`);
  }
  await reset();
  await step('archive row (the bytes as bytea)', () =>
    em.transactional((tx) =>
      sql(
        tx as EntityManager,
        `insert into inbound_document (id, bank_code, content_type, body, sha256, size, received_at, adapter)
         values (?, ?, 'application/xml', ?, repeat('0', 64), ?, now(), 'iso20022')`,
        [randomUUID(), BANK, doc, doc.length],
      ),
    ),
  );
  await reset();
  return { stages, rowsJson: { chars: rowsJson.value.length, seconds: rowsJson.seconds } };
}
