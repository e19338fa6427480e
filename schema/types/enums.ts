import { registerEnumType } from 'type-graphql';
import { INDUSTRIES, type Industry as IndustryValue } from '../../src/entities/project.entity';
import {
  ACCOUNT_EVENT_TYPES,
  type AccountEventType as AccountEventTypeValue,
} from '../../src/domain/account-event';

/** type-graphql wants TS enums; these objects mirror the domain's string unions one to one. */
export const Industry = Object.fromEntries(INDUSTRIES.map((v) => [v, v])) as { [K in IndustryValue]: K };
registerEnumType(Industry, {
  name: 'Industry',
  description: 'HOUSING | TRANSPORT | WATER | BENGANG | OTHER',
});

export const AccountEventType = Object.fromEntries(ACCOUNT_EVENT_TYPES.map((v) => [v, v])) as {
  [K in AccountEventTypeValue]: K;
};
registerEnumType(AccountEventType, { name: 'AccountEventType' });
