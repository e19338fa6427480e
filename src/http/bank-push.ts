import express, { type Request, type Response, type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DocumentRejected, type InboundDocument } from '../../adapters/bank-adapter';
import { UnsupportedDocument, selectAdapter } from '../../adapters/registry';
import { Bank } from '../entities';
import { DomainError } from '../domain/errors';
import { checkAccountNoHint, ingestInboundDocument } from '../services/inbound-documents';
import { SignatureRefused, verifySignature } from './webhook-signature';
import { now as clockNow } from '../clock';

/**
 * `POST /banks/{bankCode}/events`: a bank's signed push. The order of checks is the contract's:
 * size (413), signature and clock (401), media type (415), document (422); each refusal stores
 * nothing. Valid events of a readable document are stored in one transaction.
 */
export function bankPushRouter(orm: MikroORM, maxBytes: number): Router {
  const router = express.Router();
  router.post(
    '/banks/:bankCode/events',
    express.raw({ type: () => true, limit: maxBytes }),
    async (req, res, next) => {
      try {
        await handlePush(orm, req, res);
      } catch (err) {
        next(err);
      }
    },
  );
  return router;
}

async function handlePush(orm: MikroORM, req: Request, res: Response): Promise<void> {
  const em = orm.em.fork();
  const bankCode = String(req.params.bankCode);
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const bank = await em.findOne(Bank, { code: bankCode });
  try {
    // An unknown bank is refused like a bad signature, so the route does not list banks.
    if (!bank) throw new SignatureRefused('webhook-signature does not match');
    verifySignature(
      bank.webhookSecret,
      {
        id: req.header('webhook-id'),
        timestamp: req.header('webhook-timestamp'),
        signature: req.header('webhook-signature'),
      },
      body,
      clockNow(),
    );
  } catch (err) {
    if (err instanceof SignatureRefused)
      return void res.status(401).json({ error: err.message, code: 'UNAUTHENTICATED' });
    throw err;
  }
  const doc = inboundDocument(bank!.code, req, body);
  let parsed, adapter;
  try {
    adapter = selectAdapter(doc);
    checkAccountNoHint(doc);
    parsed = adapter.parse(doc, bank!.adapterOptions);
  } catch (err) {
    if (err instanceof UnsupportedDocument)
      return void res.status(415).json({ error: err.message, code: 'UNSUPPORTED_MEDIA_TYPE' });
    if (err instanceof DocumentRejected)
      return void res.status(422).json({ error: err.message, code: err.code });
    throw err;
  }
  req.log?.info(
    {
      bank: bank!.code,
      adapter: adapter.name,
      events: parsed.events.length,
      rejected: parsed.rejected.length,
    },
    'bank push parsed',
  );
  try {
    const received = {
      doc,
      adapter: adapter.name,
      receivedAt: clockNow(),
      webhookId: req.header('webhook-id') ?? null,
    };
    const result = await em.transactional((tx) => ingestInboundDocument(tx as typeof em, received, parsed));
    res.status(200).json(result);
  } catch (err) {
    if (err instanceof DomainError) return void res.status(403).json({ error: err.message, code: err.code });
    throw err;
  }
}

function inboundDocument(bankCode: string, req: Request, body: Buffer): InboundDocument {
  const header = req.header('content-type') ?? '';
  const [mediaType, ...params] = header.split(';');
  const charset = params.map((p) => p.trim().match(/^charset="?([^"]+)"?$/i)?.[1]).find(Boolean) ?? null;
  const accountNoHint = typeof req.query.accountNo === 'string' ? req.query.accountNo : null;
  return {
    bankCode,
    contentType: mediaType.trim().toLowerCase(),
    charset: charset?.toLowerCase() ?? null,
    body,
    accountNoHint,
  };
}
