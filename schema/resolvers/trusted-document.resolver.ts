import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  findTrustedDocument,
  listRegisteredTrustedDocuments,
  registerTrustedDocument,
  releaseTrustedDocuments,
  retireTrustedDocument,
} from '../../src/services/trusted-documents';
import { assertCityHrss } from '../../src/auth/scope';
import { registryChanges } from '../../src/trusted-documents/registry';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { TrustedDocumentConnection, TrustedDocumentType } from '../types/trusted-document';

@Resolver()
export class TrustedDocumentResolver {
  @Mutation(() => TrustedDocumentType, {
    description:
      'city HRSS only: trusts one named operation, valid against the schema; answers its id (SHA-256 of the printed body), which works at once on every hub process. A retired document registered again is trusted again',
  })
  async registerTrustedDocument(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('body', { description: 'the operation (and its fragments), at most 100,000 characters' })
    body: string,
    @Arg('note', () => String, { nullable: true, description: 'whose system sends it, and why' })
    note?: string | null,
  ): Promise<TrustedDocumentType> {
    const doc = await inTransaction(ctx, (svc) => registerTrustedDocument(svc, info.schema, { body, note }));
    // committed: this process's registries trust it now, not at their next reload
    registryChanges.emit('registered', doc);
    return TrustedDocumentType.from(doc);
  }

  @Mutation(() => TrustedDocumentType, {
    description:
      'city HRSS only: a document it registered is refused from now on (PERSISTED_QUERY_NOT_FOUND), on every hub process within 10 s',
  })
  async retireTrustedDocument(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: '"sha256:<hex>" or the hex' }) id: string,
  ): Promise<TrustedDocumentType> {
    const doc = await inTransaction(ctx, (svc) => retireTrustedDocument(svc, id));
    registryChanges.emit('retired', doc.id);
    return TrustedDocumentType.from(doc);
  }

  @Query(() => TrustedDocumentType, { nullable: true, description: 'city HRSS only; released or registered' })
  async trustedDocument(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { description: '"sha256:<hex>" or the hex' }) id: string,
  ): Promise<TrustedDocumentType | null> {
    const doc = await findTrustedDocument(serviceContext(ctx), id);
    return doc ? TrustedDocumentType.from(doc) : null;
  }

  @Query(() => TrustedDocumentConnection, {
    description: 'city HRSS only; the documents it registered, newest first, retired ones with retiredAt',
  })
  async trustedDocuments(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<TrustedDocumentType>> {
    const page = await listRegisteredTrustedDocuments(serviceContext(ctx), first, after);
    return toConnection(page, TrustedDocumentType.from);
  }

  @Query(() => [TrustedDocumentType], {
    description: "city HRSS only; the documents of the hub's release (schema/trusted-documents), by name",
  })
  releasedTrustedDocuments(@Ctx() ctx: GraphQLContext): TrustedDocumentType[] {
    assertCityHrss(serviceContext(ctx).caller, 'read trusted documents');
    return releaseTrustedDocuments().map(TrustedDocumentType.from);
  }
}
