import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { TrustedDocumentRecord } from '../../src/services/trusted-documents';
import { DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

export const TrustedDocumentSource = { RELEASE: 'RELEASE', REGISTERED: 'REGISTERED' } as const;
registerEnumType(TrustedDocumentSource, {
  name: 'TrustedDocumentSource',
  description:
    'RELEASE (schema/trusted-documents, shipped with the hub) | REGISTERED (by city HRSS with registerTrustedDocument)',
});

@ObjectType('TrustedDocument', {
  description:
    'A GraphQL operation the hub runs when sent by id (documentId "sha256:<id>", or extensions.persistedQuery.sha256Hash)',
})
export class TrustedDocumentType {
  @Field(() => ID, { description: 'hex SHA-256 of body; send it as documentId "sha256:<id>"' }) id!: string;
  @Field({ description: 'the operation name' }) name!: string;
  @Field({ description: 'query, mutation or subscription' }) type!: string;
  @Field({ description: 'the operation as graphql-js prints it (the text its id is the hash of)' })
  body!: string;
  @Field(() => TrustedDocumentSource) source!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true, description: "the registering token's subject" }) registeredBy!:
    string | null;
  @Field(() => DateTimeScalar, { nullable: true }) registeredAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'retired: its id is refused from then on' })
  retiredAt!: Date | null;

  static from(r: TrustedDocumentRecord): TrustedDocumentType {
    return Object.assign(new TrustedDocumentType(), r);
  }
}

export const TrustedDocumentConnection = ConnectionType(TrustedDocumentType, 'TrustedDocument');
