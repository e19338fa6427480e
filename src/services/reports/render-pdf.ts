/**
 * The report as an A4 PDF (pdfkit) in Chinese: a title block, then each section's heading, table
 * and note. The Chinese font is embedded (subset to the characters used) from a TrueType file on
 * the hub's own disk, never fetched: REPORT_FONT_FILE, by default Debian's fonts-wqy-microhei
 * (a .ttc collection, so the face is picked by its PostScript name, REPORT_FONT_NAME). Without the
 * file no PDF is made at all (ReportFontMissing), rather than one whose Chinese is blank boxes.
 */
import { existsSync } from 'node:fs';
import type { ReportTable } from './section';

export interface ReportFont {
  file: string;
  /** the face inside a .ttc collection (its PostScript name); ignored for a .ttf */
  name: string;
}

export const DEFAULT_REPORT_FONT: ReportFont = {
  file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  name: 'WenQuanYiMicroHei',
};

export interface ReportHeading {
  title: string;
  scopeName: string;
  periodText: string;
  generatedAt: Date;
  generatedAtText: string;
}

export class ReportFontMissing extends Error {
  override name = 'ReportFontMissing';
}

const MARGIN = 40;
const FONT_SIZE = 9;
const PAD = 3;

export async function reportPdf(
  heading: ReportHeading,
  tables: readonly ReportTable[],
  font: ReportFont,
): Promise<Buffer> {
  if (!existsSync(font.file)) {
    throw new ReportFontMissing(
      `the Chinese font file ${font.file} is not on this host (REPORT_FONT_FILE; Debian: apt-get install fonts-wqy-microhei)`,
    );
  }
  // Loaded on the first PDF, not with the hub (pdfkit and its font code are a tenth of its start).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: heading.title, Author: 'wagewatch', CreationDate: heading.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  try {
    doc.registerFont('cjk', font.file, font.file.toLowerCase().endsWith('.ttc') ? font.name : undefined);
    doc.font('cjk');
  } catch (err) {
    throw new ReportFontMissing(
      `the font ${font.name} could not be read from ${font.file} (${(err as Error).message})`,
    );
  }
  doc.fontSize(16).text(heading.title, { align: 'center' });
  doc.moveDown(0.5);
  doc
    .fontSize(10)
    .text(`统计范围：${heading.scopeName}    统计期间：${heading.periodText}`, { align: 'center' });
  doc.text(`生成时间：${heading.generatedAtText}`, { align: 'center' });
  tables.forEach((t, i) => drawTable(doc, `${'一二三四五六七八九十'[i] ?? i + 1}、${t.title}`, t));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawTable(doc: PDFKit.PDFDocument, title: string, table: ReportTable): void {
  const width = doc.page.width - 2 * MARGIN;
  const weights = table.columns.map((c, i) => (i === 0 ? 2.6 : c.width ? c.width / 12 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width);
  const bottom = () => doc.page.height - MARGIN;
  doc.moveDown(1);
  if (doc.y + 60 > bottom()) doc.addPage();
  doc.fontSize(12).text(title, MARGIN, doc.y);
  doc.moveDown(0.3);
  doc.fontSize(FONT_SIZE);
  const row = (cells: (string | number)[], header: boolean) => {
    const texts = cells.map(String);
    const h =
      Math.max(...texts.map((s, i) => doc.heightOfString(s, { width: widths[i] - 2 * PAD }))) + 2 * PAD;
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    texts.forEach((s, i) => {
      if (header) doc.rect(x, y, widths[i], h).fillAndStroke('#e8e8e8', '#888888').fillColor('#000000');
      else doc.rect(x, y, widths[i], h).strokeColor('#888888').stroke();
      doc.text(s, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: i === 0 ? 'left' : 'center' });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(
    table.columns.map((c) => c.header),
    true,
  );
  for (const r of table.rows) row(r, false);
  if (table.note) {
    doc.moveDown(0.4);
    doc.fontSize(8).fillColor('#444444').text(`说明：${table.note}`, MARGIN, doc.y, { width });
    doc.fillColor('#000000');
  }
}
