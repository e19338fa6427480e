/**
 * GET /reports/{id}.xlsx and GET /reports/{id}.pdf: a monthly report's files (R21). The token is
 * checked as GraphQL checks it (Authorization: Bearer; none or a bad one: 401); a report outside
 * the caller's scope and one that does not exist are the same 404, naming nothing. A PDF made
 * while the Chinese font was missing is not served as a broken file: 503 with the reason.
 */
import express, { type Request, type Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JwtKeys } from '../../auth/jwt-keys';
import { verifyBearer } from '../../auth/tokens';
import { DomainError } from '../../domain/errors';
import { reportFile, type ReportFormat } from '../../services/reports/archive';

export const REPORT_PATH = '/reports/:file';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ReportRouteOptions {
  orm: MikroORM;
  jwtKeys: string | JwtKeys;
  tokenMaxLifetimeS: number;
}

export function reportRouter(opts: ReportRouteOptions): express.Router {
  const router = express.Router();
  router.get(REPORT_PATH, async (req: Request, res: Response, next) => {
    let caller;
    try {
      caller = verifyBearer(req.header('authorization'), opts.jwtKeys, opts.tokenMaxLifetimeS);
    } catch (err) {
      if (!(err instanceof DomainError)) return next(err);
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send(`${err.message}\n`);
      return;
    }
    try {
      const m = /^([0-9a-fA-F-]{36})\.(xlsx|pdf)$/.exec(String(req.params.file));
      const file = m ? await reportFile(opts.orm.em.fork(), caller, m[1], m[2] as ReportFormat) : null;
      if (!file) {
        res.status(404).type('text/plain').send('not found\n');
        return;
      }
      if (!file.bytes) {
        res
          .status(503)
          .type('text/plain; charset=utf-8')
          .send(
            `this report has no PDF: ${file.missingBecause ?? 'it was not made'}; make the report again once the font is installed\n`,
          );
        return;
      }
      const format = m![2] as ReportFormat;
      res
        .set('cache-control', 'private, no-store')
        .set('x-content-type-options', 'nosniff')
        .set(
          'content-disposition',
          `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .type(CONTENT_TYPES[format])
        .send(file.bytes);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
