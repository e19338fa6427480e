/**
 * The printable rights-protection board (维权信息公示牌, R7): one HTML page, A4 portrait, Chinese,
 * with the QR code drawn on the server as inline SVG. It loads nothing at all — no script, no
 * font, no image file — and its Content-Security-Policy forbids everything but its own inline
 * style (by hash) and data: images, so no printed board can ever reach a CDN or be made to.
 */
import { createHash } from 'node:crypto';
import { BOARD_ITEMS, type BoardItem, type RightsBoardView } from '../../domain/rights-board/board-content';
import { formatMoney } from '../../domain/money';

const UNSET = '未设置';
/** the full-width space between a name and its number, as Chinese typesetting spaces them */
const IDEOGRAPHIC_SPACE = '\u3000';

/** Local CJK faces only (Noto, Source Han, WenQuanYi, the Windows and macOS ones): never a web font. */
const STYLE = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #000; background: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei", sans-serif; }
.board { width: 186mm; margin: 0 auto; border: 1.2mm solid #b00; padding: 6mm 7mm; }
h1 { margin: 0 0 2mm; text-align: center; font-size: 30pt; letter-spacing: 4pt; color: #b00; }
.project { text-align: center; font-size: 14pt; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; font-size: 12pt; }
th, td { border: 0.3mm solid #444; padding: 2.2mm 3mm; vertical-align: top; text-align: left; }
th { width: 70mm; white-space: nowrap; background: #f3f3f3; font-weight: bold; }
td.unset { color: #777; }
.complaint { display: flex; gap: 6mm; align-items: center; margin-top: 6mm; }
.qr { width: 42mm; height: 42mm; flex: none; }
.qr svg { width: 42mm; height: 42mm; display: block; }
.qr.none { border: 0.3mm dashed #777; display: flex; align-items: center; justify-content: center; color: #777; }
.complaint p { margin: 0 0 2mm; font-size: 12pt; }
.target { word-break: break-all; font-size: 10pt; }
.foot { margin-top: 5mm; font-size: 9pt; color: #444; }
`;

export const BOARD_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const contact = (c: { name: string; phone: string | null } | null): string | null =>
  c && (c.phone ? `${c.name}${IDEOGRAPHIC_SPACE}电话 ${c.phone}` : c.name);

/** Each item's printed text, null when not set (printed 未设置). */
function itemText(b: RightsBoardView): Record<BoardItem, string | null> {
  const wage = b.minimumWage;
  return {
    owner: b.owner.name,
    contractor: b.contractor.name,
    projectDepartment: contact(b.projectDepartment),
    subcontractors: b.subcontractors.length ? b.subcontractors.map((s) => s.name).join('；') : null,
    labourWageManager: contact(b.labourWageManager),
    minimumWage:
      wage &&
      `月最低工资标准 ${formatMoney(wage.monthlyFen)} 元` +
        (wage.hourlyFen !== null ? `；小时最低工资标准 ${formatMoney(wage.hourlyFen)} 元` : '') +
        `（${wage.effectiveFrom} 起执行）`,
    payDay:
      b.payDay &&
      (b.payDay.source === 'RECORDED'
        ? `每月 ${b.payDay.day} 日`
        : `每月 ${b.payDay.day} 日（三方协议约定的人工费拨付日）`),
    industryAuthority:
      b.industryAuthority.phone &&
      `${b.industryAuthority.name}${IDEOGRAPHIC_SPACE}${b.industryAuthority.phone}`,
    labourInspection: b.labourInspectionPhone,
    arbitration: b.arbitration,
    legalAid: b.legalAid,
    legalServiceHotline: b.legalServiceHotline,
  };
}

export async function boardPage(b: RightsBoardView, printedOn: string): Promise<string> {
  const text = itemText(b);
  const rows = (Object.keys(BOARD_ITEMS) as BoardItem[])
    .map((k) => {
      const v = text[k];
      return `<tr><th>${escape(BOARD_ITEMS[k])}</th>${v === null ? `<td class="unset">${UNSET}</td>` : `<td>${escape(v)}</td>`}</tr>`;
    })
    .join('\n');
  const qr = b.qrTarget
    ? `<div class="qr" role="img" aria-label="投诉举报二维码">${await (
        await import('qrcode')
      ).default.toString(b.qrTarget, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      })}</div>`
    : `<div class="qr none">${UNSET}</div>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>维权信息公示牌 · ${escape(b.projectName)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="board">
<h1>维权信息公示牌</h1>
<p class="project">${escape(b.projectName)}（${escape(b.districtName)}）</p>
<table>
${rows}
</table>
<section class="complaint">
${qr}
<div>
<p>农民工朋友：被拖欠工资时，请扫描二维码或拨打上列电话投诉举报。</p>
<p class="target">${b.qrTarget ? escape(b.qrTarget) : `投诉举报渠道${UNSET}`}</p>
</div>
</section>
<p class="foot">依据《保障农民工工资支付条例》第三十四条设立。打印日期 ${escape(printedOn)}。</p>
</main>
</body>
</html>
`;
}
