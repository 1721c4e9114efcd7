// The council in a browser: Phòng Chính sách's dossier of three CSTĐCS
// nominees reaches the council; the Office convenes a session; the nine
// members vote by secret ballot (two disagree on one nominee, who falls short
// of 80 %); the chair closes; the Office drafts the decision and publishes the
// list; the head signs; the decision in Word and the certificates in PDF name
// the two awardees, and the public page shows them without signing in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, browser, YEAR } from './harness.mjs';

let app; let b;
before(async () => { app = await startDemo(); b = await browser(); });
after(async () => { await b?.close(); await app?.stop(); });

async function session(user) {
  const ctx = await b.newContext();
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(`${app.base}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(user);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
  return page;
}

/** The text of one member of a zip archive (a .docx), read from its central directory. */
function zipText(buf, name) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28);
    const skip = nlen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (buf.toString('utf8', p + 46, p + 46 + nlen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + skip;
  }
  throw new Error(`${name} not in the archive`);
}

const NOMINEES = [['BDT021', 'Cao Văn Sang'], ['BDT022', 'Mang Thị Út'], ['BDT023', 'Đỗ Minh Quân']];
const SHORT = 'Đỗ Minh Quân';
const MEMBERS = ['truongban', 'phoban', 'hoidong', 'vanphong', 'truongphong', 'chanhthanhtra', 'truongphongkh', 'congdoan', 'doanthanhnien'];
const AGAINST = ['chanhthanhtra', 'congdoan'];

test('Hội đồng: bỏ phiếu kín, quyết định, giấy khen, công khai', async () => {
  const year = YEAR;
  // The department's dossier, ready for the council.
  const clerk = await session('canbo');
  await clerk.getByRole('link', { name: 'Hồ sơ khen thưởng' }).click();
  await clerk.locator('#year').fill(String(year));
  await clerk.getByRole('button', { name: 'Lập hồ sơ' }).click();
  await clerk.getByText('Đã lập hồ sơ.').waitFor();
  const dossierUrl = clerk.url().split('?')[0];
  for (const [code] of NOMINEES) {
    await clerk.getByLabel('Mã cán bộ', { exact: true }).fill(code);
    await clerk.getByLabel('Danh hiệu, hình thức').selectOption({ label: 'Chiến sĩ thi đua cơ sở' });
    await clerk.getByLabel('Nội dung khen thưởng', { exact: true }).fill(`Hoàn thành xuất sắc nhiệm vụ năm ${year}`);
    await clerk.getByRole('button', { name: 'Thêm' }).click();
    await clerk.getByText('Đã lưu thay đổi.').waitFor();
  }
  await clerk.getByLabel('Ngày họp').fill(`12/06/${year}`);
  await clerk.getByLabel('Số người dự họp').fill('7');
  await clerk.getByLabel('Tổng số người của đơn vị').fill('8');
  await clerk.getByLabel('Chủ trì').fill('Nguyễn Văn Hùng');
  await clerk.getByRole('button', { name: 'Ghi kết quả họp' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'tdkt-e2e-hd-'));
  for (const [code, name] of NOMINEES) {
    const row = clerk.locator('table.list tbody tr', { hasText: name });
    await row.getByLabel(`Số phiếu đồng ý – ${name}`).fill('7');
    await row.getByRole('button', { name: 'Lưu', exact: true }).click();
    await clerk.getByText('Đã lưu thay đổi.').waitFor();
    const pdf = join(dir, `bao-cao-${code}.pdf`);
    writeFileSync(pdf, '%PDF-1.4\n% báo cáo thành tích\n');
    await clerk.getByLabel('Thành phần', { exact: true }).selectOption({ label: 'Báo cáo thành tích' });
    await clerk.getByLabel('Của', { exact: true }).selectOption({ label: `${name} – Chiến sĩ thi đua cơ sở` });
    await clerk.locator('input[type=file][name=file]').setInputFiles(pdf);
    await clerk.getByRole('button', { name: 'Tải lên' }).click();
    await clerk.getByText('Đã lưu thay đổi.').waitFor();
  }
  const head = await session('truongphong');
  await head.goto(dossierUrl);
  await head.getByRole('button', { name: 'Xác nhận kết quả bình xét (trưởng đơn vị)' }).click();
  await head.getByText('Hồ sơ đã đủ thành phần.').waitFor();
  await head.getByRole('button', { name: 'Gửi hồ sơ về Văn phòng' }).click();
  await head.getByText('Đã lưu thay đổi.').waitFor();
  const office = await session('vanphong');
  await office.goto(dossierUrl);
  for (const step of ['Tiếp nhận', 'Thẩm định', 'Chuyển trình Hội đồng']) {
    await office.getByRole('button', { name: step }).click();
    await office.getByText('Đã lưu thay đổi.').waitFor();
  }

  // The Office convenes the council and puts the three on the agenda.
  await office.getByRole('link', { name: 'Hội đồng', exact: true }).click();
  await office.getByRole('link', { name: 'Hội đồng Thi đua – Khen thưởng Ban Dân tộc tỉnh Khánh Hòa' }).click();
  await office.getByLabel('Ngày họp').fill(`15/06/${year}`);
  await office.getByLabel('Năm xét khen thưởng').fill(String(year));
  await office.getByRole('button', { name: 'Tạo phiên họp' }).click();
  await office.getByText('Đã tạo mới.').waitFor();
  const sessionUrl = office.url().split('?')[0];
  for (const [, name] of NOMINEES) {
    await office.getByLabel(new RegExp(`${name} – Chiến sĩ thi đua cơ sở`)).check();
  }
  await office.getByRole('button', { name: 'Đưa vào chương trình' }).click();
  await office.getByText('Đã lưu thay đổi.').waitFor();
  const chair = await session('truongban');
  await chair.goto(sessionUrl);
  await chair.getByRole('button', { name: 'Mở bỏ phiếu kín' }).click();
  await chair.getByText('Đang bỏ phiếu').waitFor();

  // Nine members vote; the home page tells each one first.
  for (const user of MEMBERS) {
    const m = user === 'truongban' ? chair : user === 'vanphong' ? office : user === 'truongphong' ? head : await session(user);
    await m.goto(`${app.base}/`);
    await m.getByRole('link', { name: /bỏ phiếu kín xét khen thưởng năm/ }).click();
    for (const [, name] of NOMINEES) {
      const choice = name === SHORT && AGAINST.includes(user) ? 'Không đồng ý' : 'Đồng ý';
      await m.getByLabel(`${choice} – ${name}`, { exact: true }).check();
    }
    await m.getByRole('button', { name: 'Bỏ phiếu', exact: true }).click();
    await m.getByRole('heading', { name: 'Mã phiếu của bạn' }).waitFor();
    assert.equal(await m.locator('ul.receipts li').count(), 3, `${user}: one receipt per nominee`);
  }
  // Nothing is revealed before the close.
  await office.goto(sessionUrl);
  assert.equal(await office.getByText('thành viên đồng ý').count(), 0);
  await chair.goto(sessionUrl);
  await chair.getByRole('button', { name: 'Kết thúc bỏ phiếu, công bố kết quả' }).click();
  await chair.getByText('Đã kết thúc bỏ phiếu').first().waitFor();
  const shortRow = chair.locator('table.list tbody tr', { hasText: SHORT });
  assert.match(await shortRow.innerText(), /7\/9 thành viên đồng ý \(77,8 %\), cần 8 \(80 %\)[\s\S]*Không khen thưởng/);
  const okRow = chair.locator('table.list tbody tr', { hasText: 'Cao Văn Sang' });
  assert.match(await okRow.innerText(), /9\/9 thành viên đồng ý[\s\S]*Khen thưởng theo thẩm quyền/);

  // The Office drafts the decision and publishes the list; the head signs.
  await office.goto(sessionUrl);
  await office.getByRole('button', { name: 'Công khai' }).click();
  await office.getByText('Đã lưu thay đổi.').waitFor();
  await office.getByRole('button', { name: 'Tạo dự thảo quyết định' }).click();
  await office.getByText('Đã tạo mới.').waitFor();
  const decisionUrl = office.url().split('?')[0];
  await office.getByRole('heading', { name: 'Dự thảo quyết định' }).waitFor();
  assert.equal(await office.getByRole('button', { name: 'Ký ban hành' }).count(), 0, 'the Office does not sign');
  await chair.goto(decisionUrl);
  await chair.getByRole('button', { name: 'Ký ban hành' }).click();
  await chair.getByText('Đã ký ban hành quyết định').waitFor();
  const heading = await chair.getByRole('heading', { level: 1 }).innerText();
  const number = heading.match(/Quyết định số (\S+\/QĐ-BDT)/)?.[1];
  assert.ok(number, heading);

  // The decision in Word and the certificates in PDF name the two awardees.
  const docx = Buffer.from(await (await chair.request.get(`${decisionUrl}/van-ban.docx`)).body());
  const xml = zipText(docx, 'word/document.xml');
  assert.ok(xml.includes('Cao Văn Sang') && xml.includes('Mang Thị Út'), 'both awardees in the decision');
  assert.ok(!xml.includes(SHORT), 'not the one who fell short');
  assert.ok(xml.includes(number), 'the decision carries its number');
  const cert = await chair.request.get(`${decisionUrl}/giay-khen.pdf`);
  assert.equal(cert.status(), 200);
  const pdfFile = join(dir, 'giay-khen.pdf');
  writeFileSync(pdfFile, Buffer.from(await cert.body()));
  const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' });
  assert.ok(text.includes('Cao Văn Sang') && text.includes('Mang Thị Út'), text);
  assert.ok(!text.includes(SHORT));

  // The public page, without signing in.
  const anon = await (await b.newContext()).newPage();
  await anon.goto(sessionUrl.replace('/phien-hop/', '/cong-khai/'));
  await anon.getByRole('heading', { name: `Công khai khen thưởng năm ${year}` }).waitFor();
  const body = await anon.locator('main').innerText();
  assert.ok(body.includes('Cao Văn Sang') && body.includes('Mang Thị Út') && body.includes(number), body);
  assert.ok(!body.includes(SHORT));
});
