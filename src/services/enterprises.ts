import { Enterprise } from '../entities';
import { badInput, forbidden } from '../domain/errors';
import { checkUscc, normalizeUscc } from '../domain/identifiers';
import { assertRegistrar, isCityHrss } from '../auth/scope';
import { requiredText, type ServiceContext } from './context';
import { conflictOnDuplicate } from './unique-violation';
import { requirePerson } from './cases/personal-data';

export interface EnterpriseInput {
  uscc: string;
  name: string;
  /** city HRSS only: a really issued code that fails the GB 32100 check character */
  acceptFailedCheckCharacter?: boolean | null;
  /** 法定代表人: listed with the firm (B1); the ID number is checked (GB 11643) and never returned unmasked */
  legalRepresentative?: { name: string; idNumber: string } | null;
}

export async function registerEnterprise(ctx: ServiceContext, input: EnterpriseInput): Promise<Enterprise> {
  assertRegistrar(ctx.caller);
  const uscc = normalizeUscc(input.uscc);
  const check = checkUscc(uscc);
  let verified = true;
  if (!check.ok) {
    if (check.reason === 'format') {
      throw badInput(
        'uscc',
        'a unified social credit code is 18 characters from 0-9 and A-Y without I, O, Z, S, V',
      );
    }
    if (!input.acceptFailedCheckCharacter) {
      throw badInput(
        'uscc',
        `check character does not match (GB 32100); city HRSS may register a really issued code with acceptFailedCheckCharacter: true`,
      );
    }
    if (!isCityHrss(ctx.caller))
      throw forbidden(
        'acceptFailedCheckCharacter: only city-level HRSS may register a code that fails its check',
      );
    verified = false;
  }
  const name = requiredText(input.name, 'name');
  const rep = input.legalRepresentative
    ? requirePerson(input.legalRepresentative, 'legalRepresentative')
    : null;
  const enterprise = ctx.em.create(Enterprise, {
    uscc,
    name,
    usccCheckVerified: verified,
    legalRepName: rep?.name ?? null,
    legalRepIdNumber: rep?.idNumber ?? null,
  });
  await conflictOnDuplicate(() => ctx.em.flush(), `uscc: enterprise ${uscc} is already registered`, 'uscc');
  return enterprise;
}

export async function requireEnterprise(
  ctx: ServiceContext,
  usccInput: string,
  field: string,
): Promise<Enterprise> {
  const enterprise = await ctx.em.findOne(Enterprise, { uscc: normalizeUscc(usccInput) });
  if (!enterprise) throw badInput(field, `no enterprise ${usccInput} is registered; register it first`);
  return enterprise;
}
