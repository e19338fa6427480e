import type { SqlCondition } from '../../auth/scope-sql';

/** A WHERE clause built condition by condition, each with its `?` bind parameters in order. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  constructor(first?: SqlCondition) {
    if (first) this.add(first.sql, ...first.params);
  }

  add(condition: string, ...params: unknown[]): this {
    this.parts.push(`(${condition})`);
    this.params.push(...params);
    return this;
  }

  get sql(): string {
    return this.parts.length ? this.parts.join(' and ') : 'true';
  }
}

/** `%text%` for ILIKE, with the pattern characters of `text` escaped (PostgreSQL's default escape `\`). */
export const containsPattern = (text: string): string => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
