import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { AuditEntry, AuditKind as AuditKindValue } from '../../src/services/audit-log';
import { DateScalar, DateTimeScalar } from '../scalars';
import { PageInfo } from './connection';

export const AuditKind = { MUTATION: 'MUTATION', PERSONAL_DATA_READ: 'PERSONAL_DATA_READ' } as const;
registerEnumType(AuditKind, {
  name: 'AuditKind',
  description:
    "MUTATION (any, whatever its outcome) | PERSONAL_DATA_READ (an answer carrying a person's unmasked name)",
});

@ObjectType('AuditEntry', {
  description: 'Who did or read what, and when: append-only, kept AUDIT_RETENTION_DAYS',
})
export class AuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => AuditKind) kind!: AuditKindValue;
  @Field({ description: "the token's subject" }) sub!: string;
  @Field() org!: string;
  @Field() district!: string;
  @Field(() => String, { nullable: true }) bank!: string | null;
  @Field(() => String, { nullable: true }) uscc!: string | null;
  @Field({
    description: "the first 16 hex digits of the token's SHA-256: tells tokens apart, never the token",
  })
  tokenHash!: string;
  @Field(() => String, { nullable: true }) operationName!: string | null;
  @Field(() => [String], { description: 'ids the caller named in its variables (at most 20)' })
  objectIds!: string[];
  @Field({ description: 'ok, or the first error code' }) outcome!: string;
  @Field(() => String, { nullable: true, description: 'as in the hub log' }) requestId!: string | null;

  static from(e: AuditEntry): AuditEntryType {
    return Object.assign(new AuditEntryType(), e);
  }
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdge {
  @Field() cursor!: string;
  @Field(() => AuditEntryType) node!: AuditEntryType;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge]) edges!: AuditEntryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** counted only when asked for */
  countTotal!: () => Promise<number>;
}

@InputType('AuditFilter')
export class AuditFilter {
  @Field(() => String, { nullable: true }) sub?: string | null;
  @Field(() => String, { nullable: true }) org?: string | null;
  @Field(() => AuditKind, { nullable: true }) kind?: AuditKindValue | null;
  @Field(() => String, { nullable: true }) operationName?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'from this Shanghai date, inclusive' }) from?:
    string | null;
  @Field(() => DateScalar, { nullable: true, description: 'to this Shanghai date, inclusive' }) to?:
    string | null;
}
