import { isUuid } from '../../domain/uuid';
import { BlacklistEntry } from '../../entities/blacklist-entry.entity';
import type { ServiceContext } from '../context';
import { mayReadEntry } from './access';
import { entryView, type EntryView } from './published';

/** One entry as it stands now, or null when there is none or the caller may not read it. */
export async function findEntry(ctx: ServiceContext, id: string): Promise<EntryView | null> {
  const entry = isUuid(id) ? await ctx.em.findOne(BlacklistEntry, { id }) : null;
  return entry && mayReadEntry(ctx.caller, entry.districtCode) ? entryView(entry) : null;
}

/** The legal representative's entry listed with an employer's entry, as it stands now. */
export async function legalRepresentativeEntry(
  ctx: ServiceContext,
  employerEntryId: string,
): Promise<EntryView | null> {
  const person = await ctx.em.findOne(BlacklistEntry, { legalRepOf: employerEntryId });
  return person && mayReadEntry(ctx.caller, person.districtCode) ? entryView(person) : null;
}
