import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock';

/**
 * A monthly report (通报, R21) as it was produced: its workbook and its PDF as bytes, beside whose
 * report it is. One row per (month, district, department): producing it again replaces it, so the
 * archive grows by at most 35 rows a month (city and six districts, each for HRSS and the four
 * industry departments). Written by src/services/reports/archive.ts (SQL upsert); the files are
 * lazy, so lists never load them.
 */
@Entity({ tableName: 'report' })
@Index({ properties: ['generatedAt', 'id'] })
export class ReportArchive {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** 'YYYY-MM' */
  @Property({ type: 'string', length: 7 })
  period!: string;

  /** 210500: the city's report */
  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  /** an industry department's report (HOUSING, TRANSPORT, WATER, BENGANG); null: the district's */
  @Property({ type: 'string', length: 16, nullable: true })
  department: string | null = null;

  /** the last day counted: the month's last, or the day it was made for a month not over */
  @Property({ type: 'date' })
  through!: string;

  @Property({ type: 'boolean' })
  toDate!: boolean;

  /** the sections' titles, in order */
  @Property({ type: 'json' })
  sections!: string[];

  @Property({ type: 'datetime' })
  generatedAt: Opt<Date> = clockNow();

  /** 'scheduler', or org:district:sub of whoever asked for it */
  @Property({ type: 'text' })
  generatedBy!: string;

  @Property({ type: 'blob', lazy: true })
  xlsx!: Buffer;

  @Property({ type: 'integer' })
  xlsxBytes!: number;

  @Property({ type: 'blob', lazy: true, nullable: true })
  pdf: Buffer | null = null;

  @Property({ type: 'integer', nullable: true })
  pdfBytes: number | null = null;

  /** why there is no PDF (the Chinese font was missing when it was made) */
  @Property({ type: 'text', nullable: true })
  pdfError: string | null = null;
}
