import { createHash } from 'node:crypto';
import { BOARD_CSP, boardPage } from '../../src/http/boards/board-page';
import { assembleBoard } from '../../src/domain/rights-board/board-content';
import {
  complaintUrlOrNull,
  phoneOrNull,
  sha256OrNull,
  subcontractorsOf,
} from '../../src/domain/rights-board/board-inputs';
import { DomainError } from '../../src/domain/errors';

const board = (subcontractor: string, complaintUrl: string | null) =>
  assembleBoard({
    project: {
      id: 'p',
      name: '安置房 <b>一期</b>',
      districtCode: '210502',
      industry: 'HOUSING',
      owner: { name: '建设单位甲', uscc: 'x' },
      contractor: { name: '总包乙', uscc: 'y' },
    },
    board: {
      projectDepartment: null,
      projectDepartmentPhone: null,
      labourWageManagerName: null,
      labourWageManagerPhone: null,
      payDay: null,
      subcontractors: [{ name: subcontractor, uscc: null }],
      postedOn: null,
      photoSha256: null,
      postedRecordedAt: null,
    },
    channels: {
      district: null,
      city: {
        districtCode: '210500',
        labourInspectionPhone: null,
        industryAuthorityPhones: {},
        arbitration: null,
        legalAid: null,
        legalServiceHotline: '12348',
        complaintUrl,
      },
    },
    minimumWage: null,
    agreementDueDay: null,
    posting: { dueBy: '2026-10-08', dueByProvisional: false },
  });

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err.field;
    throw err;
  }
  return undefined;
};

describe('the printed board page', () => {
  it('escapes what parties wrote, so a name cannot add markup to a posted board', async () => {
    const html = await boardPage(board('<img src=x onerror=alert(1)>', null), '2026-12-01');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('安置房 &lt;b&gt;一期&lt;/b&gt;');
  });

  it('allows its one inline style by hash and nothing from anywhere else', async () => {
    const html = await boardPage(board('班组', 'https://c.example/x'), '2026-12-01');
    const style = html.match(/<style>([\s\S]*?)<\/style>/)![1];
    expect(BOARD_CSP).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(BOARD_CSP).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toMatch(/<div class="qr"[^>]*><svg /);
  });

  it('marks unset items 未设置, and an unset complaint channel leaves the QR box empty', async () => {
    const html = await boardPage(board('班组', null), '2026-12-01');
    expect(html).toContain('<th>劳资专管员</th><td class="unset">未设置</td>');
    expect(html).toContain('<div class="qr none">未设置</div>');
    expect(html).toContain('<th>公共法律服务热线</th><td>12348</td>');
  });
});

describe('what a board may say', () => {
  it('telephone numbers as printed, nothing else', () => {
    expect(phoneOrNull(' 024-4280 0001 ', 'p')).toBe('024-4280 0001');
    expect(phoneOrNull('+86 (024) 4280-0001转123', 'p')).toBe('+86 (024) 4280-0001转123');
    expect(phoneOrNull('', 'p')).toBeNull();
    expect(fieldOf(() => phoneOrNull('call 12348', 'legalServiceHotline'))).toBe('legalServiceHotline');
  });

  it('the QR code opens https pages only', () => {
    expect(complaintUrlOrNull('https://c.example/a?b=1')).toBe('https://c.example/a?b=1');
    expect(fieldOf(() => complaintUrlOrNull('javascript:alert(1)'))).toBe('complaintUrl');
    expect(fieldOf(() => complaintUrlOrNull('not a url'))).toBe('complaintUrl');
  });

  it('a photo digest is 64 hex digits, kept in lower case', () => {
    expect(sha256OrNull('AB'.repeat(32))).toBe('ab'.repeat(32));
    expect(fieldOf(() => sha256OrNull('ab'.repeat(31)))).toBe('photoSha256');
  });

  it('subcontractors: each named once, a USCC when given is checked (GB 32100)', () => {
    expect(subcontractorsOf([{ name: ' 班组甲 ' }])).toEqual([{ name: '班组甲', uscc: null }]);
    expect(fieldOf(() => subcontractorsOf([{ name: '甲' }, { name: '甲' }]))).toBe('subcontractors[1]');
    expect(fieldOf(() => subcontractorsOf([{ name: ' ' }]))).toBe('subcontractors[0].name');
  });
});
