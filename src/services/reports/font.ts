/**
 * The Chinese font the report PDFs embed: set once at start-up from REPORT_FONT_FILE and
 * REPORT_FONT_NAME (src/config.ts), read by every report made afterwards, by the job and the
 * mutation alike.
 */
import { DEFAULT_REPORT_FONT, type ReportFont } from './render-pdf';

let configured: ReportFont = DEFAULT_REPORT_FONT;

export function configureReportFont(font: ReportFont): void {
  configured = font;
}

export const reportFont = (): ReportFont => configured;
