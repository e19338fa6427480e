import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Browser } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must } from '../support/fixtures';
import { dutyProject } from '../support/duty-fixtures';
import { loadReleaseManifest } from '../../src/trusted-documents/documents';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Under TRUSTED_DOCUMENTS=refuse a contractor runs registered documents only: their exact text. */
const registered = (name: string) => loadReleaseManifest().find((d) => d.name === name)!.body;
const COMPLAINT_URL = 'https://complaint.example.cn/benxi/210502?from=board';

/** As the console's browser test: no faketime inside Chromium (it stalls its timers). */
function browserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('FAKETIME')) continue;
    env[k] =
      k === 'LD_PRELOAD'
        ? v
            .split(/[:\s]+/)
            .filter((lib) => !lib.includes('faketime'))
            .join(':')
        : v;
  }
  return env;
}

/** Every item of the board as printed (RULES.md "Rights-protection board"), in Chinese. */
const EXPECTED = [
  '维权信息公示牌',
  '建设单位',
  '本溪市城建投资有限公司',
  '施工总承包单位',
  '辽宁本溪建工集团有限公司',
  '项目部',
  '辽宁本溪建工集团平山安置房项目部',
  '分包单位',
  '本溪劳务分包有限公司',
  '劳资专管员',
  '王劳资',
  '当地最低工资标准',
  '1910.00',
  '工资支付日期',
  '每月 10 日',
  '行业工程建设主管部门投诉举报电话',
  '024-4280 0002',
  '劳动保障监察投诉举报电话',
  '024-4280 0001',
  '劳动争议调解仲裁申请渠道',
  '平山区劳动人事争议仲裁院',
  '法律援助申请渠道',
  '平山区法律援助中心',
  '公共法律服务热线',
  '12348',
];

/**
 * The printable board in real Chromium: it loads nothing from outside the hub (every request
 * recorded), shows each item in Chinese, prints to an A4 PDF whose text holds them, and its QR
 * code, read back from a screenshot, opens the district's complaint page.
 */
describe('the rights-protection board, printed from Chromium', () => {
  let t: TestHub;
  let browser: Browser;
  let p: Awaited<ReturnType<typeof dutyProject>>;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`,
      );
    // a production hub (trusted documents refused, introspection off); city HRSS seeds ad hoc
    t = await startTestHub({ NODE_ENV: 'production', RUN_JOBS: 'false' });
    const admin = t.token({ org: 'HRSS', district: '210500' });
    p = await dutyProject(t);
    await must(
      t.gql(admin, `mutation($i: RightsChannelsInput!) { setRightsChannels(input: $i) { districtCode } }`, {
        i: {
          districtCode: '210502',
          labourInspectionPhone: '024-4280 0001',
          industryAuthorityPhones: [{ industry: 'HOUSING', phone: '024-4280 0002' }],
          arbitration: '平山区劳动人事争议仲裁院（窗口受理）',
          legalAid: '平山区法律援助中心',
          complaintUrl: COMPLAINT_URL,
        },
      }),
    );
    await must(
      t.gql(
        admin,
        `mutation { setMinimumWage(districtCode: "210502", effectiveFrom: "2026-10-01", monthly: "1910.00", hourly: "19.00") { monthly } }`,
      ),
    );
    await must(
      t.gql(p.contractor, registered('RecordRightsBoard'), {
        input: {
          projectId: p.projectId,
          projectDepartment: '辽宁本溪建工集团平山安置房项目部',
          labourWageManagerName: '王劳资',
          labourWageManagerPhone: '138 0414 0000',
          payDay: 10,
          subcontractors: [{ name: '本溪劳务分包有限公司' }],
        },
      }),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], env: browserEnv() });
    dir = mkdtempSync(path.join(tmpdir(), 'board-'));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows every item in Chinese, loads nothing from outside, prints to A4 and its QR code opens the complaint channel', async () => {
    const hubOrigin = new URL(t.url).origin;
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${p.contractor}` },
      viewport: { width: 900, height: 1300 },
    });
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      const u = new URL(url);
      return u.origin === hubOrigin || u.protocol === 'data:'
        ? route.continue()
        : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(`${t.url}/projects/${p.projectId}/rights-board`);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    await expect(page.title()).resolves.toMatch(/^维权信息公示牌/);

    const shown = await page.locator('main').innerText();
    for (const item of EXPECTED) expect(shown).toContain(item);
    expect(shown).not.toContain('未设置');
    expect(violations).toEqual([]);
    expect(requested).toEqual([`${t.url}/projects/${p.projectId}/rights-board`]);

    // the QR code, read back from what the page shows
    const shot = PNG.sync.read(await page.locator('.qr').screenshot());
    const code = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(code?.data).toBe(COMPLAINT_URL);

    // printed on A4 (pdfinfo names the size), on one page, and the text of the PDF holds every item
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const file = path.join(dir, 'board.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\n/);
    // compared without white space: a long value may wrap inside its cell
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '');
    for (const item of EXPECTED) expect(text).toContain(item.replace(/\s+/g, ''));
    await context.close();
  }, 90_000);

  it('says 未设置 for what is not set, and is refused without a token or out of scope', async () => {
    const q = await dutyProject(t);
    const res = await fetch(`${t.url}/boards/${q.projectId}`, {
      headers: { authorization: `Bearer ${q.contractor}` },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<th>项目部<\/th><td class="unset">未设置<\/td>/);
    expect(html).toContain('12348');
    // the contractor records the posting and reads its board back, by registered documents
    const posted = await must(
      t.gql<any>(q.contractor, registered('RecordRightsBoardPosted'), {
        projectId: q.projectId,
        postedOn: '2026-11-30',
      }),
    );
    expect(posted.recordRightsBoardPosted.rightsBoard.posting.postedOn).toBe('2026-11-30');
    const read = await must(t.gql<any>(q.contractor, registered('RightsBoard'), { projectId: q.projectId }));
    expect(read.project.rightsBoard.posting.postedOn).toBe('2026-11-30');
    expect(read.project.rightsBoard.missing).toContain('projectDepartment');
    expect((await fetch(`${t.url}/boards/${q.projectId}`)).status).toBe(401);
    const outside = await fetch(`${t.url}/boards/${q.projectId}`, {
      headers: { authorization: `Bearer ${t.token({ org: 'HRSS', district: '210503' })}` },
    });
    expect(outside.status).toBe(404);
    expect(await outside.text()).not.toContain('平山');
  });
});
