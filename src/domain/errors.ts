/**
 * The one error type the hub's own code throws for anything a caller can act on. `code` maps to
 * GraphQL `extensions.code` in schema/errors.ts; `field` names the input field that is wrong.
 */
export type DomainErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
    /** a stable name for why, beside the contract's code (extensions.reason), e.g. JOINT_ASSESSMENT_REQUIRED */
    readonly reason?: string,
    /** every problem of an input refused as a whole (a payroll's lines), each naming its field */
    readonly problems?: readonly { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string): DomainError =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);

export const forbidden = (message = 'not allowed for this caller'): DomainError =>
  new DomainError('FORBIDDEN', message);

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);

export const conflict = (message: string, field?: string, reason?: string): DomainError =>
  new DomainError('CONFLICT', message, field, reason);
