import type {
  BlacklistEntry,
  EntryStatus,
  ListingGround,
  RemovalReason,
  SubjectKind,
} from '../../entities/blacklist-entry.entity';
import { maskIdNumber } from '../../domain/identifiers';

/**
 * An entry as the hub publishes it: what every answer and every feed snapshot carries. The ID
 * number exists here only masked; the full one never leaves `blacklist_entry`.
 */
export interface PublishedEntry {
  id: string;
  caseId: string;
  subjectKind: SubjectKind;
  name: string;
  uscc: string | null;
  maskedIdNumber: string | null;
  /** PERSON entries: the employer's entry of the same decision */
  legalRepresentativeOf: string | null;
  ground: ListingGround;
  districtCode: string;
  decidedOn: string;
  listedUntil: string;
  status: EntryStatus;
  removedOn: string | null;
  removalReason: RemovalReason | null;
}

export function publishedEntry(e: BlacklistEntry): PublishedEntry {
  return {
    id: e.id,
    caseId: e.caseId,
    subjectKind: e.subjectKind,
    name: e.name,
    uscc: e.uscc,
    maskedIdNumber: e.idNumber ? maskIdNumber(e.idNumber) : null,
    legalRepresentativeOf: e.legalRepOf,
    ground: e.ground,
    districtCode: e.districtCode,
    decidedOn: e.decidedOn,
    listedUntil: e.listedUntil,
    status: e.status,
    removedOn: e.removedOn,
    removalReason: e.removalReason,
  };
}

/**
 * An entry as a case officer reads it: the published entry and the server's receipt times beside
 * its stated dates. Not part of the feed's snapshots (the credit platform's record stays as it was).
 */
export interface EntryView extends PublishedEntry {
  /** when the hub recorded the listing decision */
  recordedAt: Date;
  /** when the hub recorded the removal or the expiry */
  removalRecordedAt: Date | null;
}

export const entryView = (e: BlacklistEntry): EntryView => ({
  ...publishedEntry(e),
  recordedAt: e.createdAt,
  removalRecordedAt: e.removalRecordedAt,
});
