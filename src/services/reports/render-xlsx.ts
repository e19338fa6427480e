/**
 * The report as an XLSX workbook (exceljs): a cover sheet (说明) with whose report it is and for
 * which month, then one sheet per section, its title as the sheet's name. Figures are numbers
 * (a spreadsheet sums them), rates text. Every cell is a value, never a formula.
 */
import type { ReportHeading } from './render-pdf';
import type { ReportTable } from './section';

export async function reportXlsx(heading: ReportHeading, tables: readonly ReportTable[]): Promise<Buffer> {
  // Loaded on the first report, not with the hub: exceljs is some 650 modules.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'wagewatch';
  wb.created = heading.generatedAt;
  wb.modified = heading.generatedAt;
  const cover = wb.addWorksheet('说明');
  cover.columns = [{ width: 14 }, { width: 60 }];
  cover.addRow([heading.title]).font = { bold: true, size: 14 };
  cover.addRow(['统计范围', heading.scopeName]);
  cover.addRow(['统计期间', heading.periodText]);
  cover.addRow(['生成时间', heading.generatedAtText]);
  cover.addRow(['内容', tables.map((t) => t.title).join('、')]);
  for (const t of tables) {
    const sheet = wb.addWorksheet(t.title.slice(0, 31));
    sheet.columns = t.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(12, c.header.length * 2 + 2),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of t.rows) sheet.addRow(r);
    sheet.getRow(sheet.rowCount).font = { bold: true }; // the total
    if (t.note) {
      sheet.addRow([]);
      sheet.addRow([`说明：${t.note}`]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
