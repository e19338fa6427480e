/** Where the printed board is: the contract's path (docs/interface.md), and a short one for links. */
export const BOARD_PATHS = ['/projects/:projectId/rights-board', '/boards/:projectId'];

/**
 * GET /projects/{projectId}/rights-board (also /boards/{projectId}): the project's
 * rights-protection board as a printable page (R7). The
 * token is checked as GraphQL checks it (Authorization: Bearer), and the board is seen wherever
 * its project is (the projects' own scope, src/auth/scope-sql.ts): out of scope and absent are the
 * same neutral 404.
 */
import express, { type Request, type Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JwtKeys } from '../../auth/jwt-keys';
import { verifyBearer } from '../../auth/tokens';
import { todayInShanghai } from '../../clock';
import { DomainError } from '../../domain/errors';
import { currentAgreements } from '../../services/batched/agreements-batch';
import { findProjects } from '../../services/batched/projects-batch';
import { rightsBoardsOf } from '../../services/rights-board/reads';
import { BOARD_CSP, boardPage } from './board-page';

export interface BoardRouteOptions {
  orm: MikroORM;
  jwtKeys: string | JwtKeys;
  tokenMaxLifetimeS: number;
}

export function boardRouter(opts: BoardRouteOptions): express.Router {
  const router = express.Router();
  router.get(BOARD_PATHS, async (req: Request, res: Response, next) => {
    let caller;
    try {
      caller = verifyBearer(req.header('authorization'), opts.jwtKeys, opts.tokenMaxLifetimeS);
    } catch (err) {
      if (!(err instanceof DomainError)) return next(err);
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send(`${err.message}\n`);
      return;
    }
    try {
      const id = String(req.params.projectId);
      const ctx = { em: opts.orm.em.fork(), caller };
      const today = todayInShanghai();
      const [project] = await findProjects(ctx, [id]);
      if (!project) {
        res
          .status(404)
          .type('text/plain')
          .send(`project ${id.slice(0, 64)} not found\n`);
        return;
      }
      const [agreement] = await currentAgreements(ctx, [project.id], today);
      const [board] = await rightsBoardsOf(
        ctx.em,
        [{ project, agreementDueDay: agreement?.dueDay ?? null }],
        today,
      );
      res
        .set('content-security-policy', BOARD_CSP)
        .set('cache-control', 'no-store')
        .set('x-content-type-options', 'nosniff')
        .set('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(await boardPage(board, today));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
