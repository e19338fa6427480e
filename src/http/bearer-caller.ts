/**
 * The bearer token of a plain HTTP route (a printed board, a report's file), checked as GraphQL
 * checks it. None or a bad one is answered 401 here; the caller gets undefined and stops.
 */
import type { NextFunction, Request, Response } from 'express';
import type { JwtKeys } from '../auth/jwt-keys';
import { verifyBearer } from '../auth/tokens';
import { DomainError } from '../domain/errors';

export interface BearerRouteOptions {
  jwtKeys: string | JwtKeys;
  tokenMaxLifetimeS: number;
}

export function bearerCaller(
  req: Request,
  res: Response,
  next: NextFunction,
  opts: BearerRouteOptions,
): ReturnType<typeof verifyBearer> | undefined {
  try {
    return verifyBearer(req.header('authorization'), opts.jwtKeys, opts.tokenMaxLifetimeS);
  } catch (err) {
    if (!(err instanceof DomainError)) next(err);
    else res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send(`${err.message}\n`);
    return undefined;
  }
}
