// The start of the year in a browser: the Office publishes a plan, the clerk
// of Phòng Chính sách registers the department, its head submits, the Office
// returns it, it is corrected and resubmitted, the Office accepts, and the
// aggregate workbook lists the department.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
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

test('đăng ký thi đua: gửi, trả lại, sửa, tiếp nhận, tổng hợp', async () => {
  const year = YEAR;
  const office = await session('vanphong');
  await office.goto(`${app.base}/ke-hoach/moi`);
  await office.getByLabel('Trích yếu').fill(`Phát động phong trào thi đua năm ${year} (thử nghiệm)`);
  await office.getByLabel('Năm').fill(String(year));
  await office.getByLabel('Hạn gửi đăng ký thi đua').fill(`31/12/${year}`);
  await office.getByLabel('Cơ quan ban hành').selectOption({ label: 'Ban Dân tộc tỉnh Khánh Hòa' });
  await office.getByRole('button', { name: 'Lưu' }).click();
  await office.getByText('Đã tạo mới.').waitFor();
  const planUrl = office.url().split('?')[0];
  await office.getByRole('button', { name: 'Ban hành' }).click();
  await office.getByText('Đã ban hành kế hoạch').waitFor();

  // The clerk finds the task on her home page and registers the whole department.
  const clerk = await session('canbo');
  await clerk.getByRole('link', { name: /Phòng Chính sách: gửi đăng ký thi đua năm/ }).click();
  await clerk.getByRole('button', { name: 'Cả đơn vị đăng ký Lao động tiên tiến' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  await clerk.getByRole('checkbox', { name: 'CSTĐCS Lê Thị Mai' }).check();
  await clerk.getByRole('checkbox', { name: 'Tập thể lao động tiên tiến' }).check();
  await clerk.getByRole('button', { name: 'Lưu đăng ký' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  // A clerk does not submit: no button for her.
  assert.equal(await clerk.getByRole('button', { name: 'Gửi đăng ký về Văn phòng' }).count(), 0);

  // The head submits.
  const head = await session('truongphong');
  await head.getByRole('link', { name: /Phòng Chính sách: gửi đăng ký thi đua năm/ }).click();
  await head.getByRole('button', { name: 'Gửi đăng ký về Văn phòng' }).click();
  await head.getByText('Đã gửi đăng ký về Văn phòng.').waitFor();

  // The Office sees it waiting and returns it.
  await office.goto(`${app.base}/`);
  await office.getByRole('link', { name: /chờ tiếp nhận/ }).first().click();
  const row = office.locator('tr', { hasText: 'Phòng Chính sách' });
  await row.getByRole('link', { name: 'Xem' }).click();
  await office.getByLabel('Lý do trả lại').fill('Bổ sung chỉ tiêu cho danh hiệu tập thể');
  await office.getByRole('button', { name: 'Trả lại để sửa' }).click();
  await office.getByText('Đã trả lại đăng ký').waitFor();

  // The clerk is told why, corrects, the head resubmits.
  await clerk.goto(`${app.base}/`);
  await clerk.getByText(/Bổ sung chỉ tiêu cho danh hiệu tập thể/).first().waitFor();
  await clerk.getByRole('link', { name: /Phòng Chính sách: sửa và gửi lại đăng ký/ }).click();
  await clerk.getByLabel('Chỉ tiêu của tập thể').fill('Hoàn thành tốt nhiệm vụ; 100% hồ sơ đúng hạn');
  await clerk.getByRole('button', { name: 'Lưu đăng ký' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  await head.goto(`${app.base}/`);
  await head.getByRole('link', { name: /Phòng Chính sách: sửa và gửi lại đăng ký/ }).click();
  await head.getByRole('button', { name: 'Gửi đăng ký về Văn phòng' }).click();
  await head.getByText('Đã gửi đăng ký về Văn phòng.').waitFor();

  // Accepted; the history shows the return.
  await office.goto(planUrl);
  await office.locator('tr', { hasText: 'Phòng Chính sách' }).getByRole('link', { name: 'Xem' }).click();
  await office.getByRole('button', { name: 'Tiếp nhận' }).click();
  await office.getByText('Đã tiếp nhận đăng ký.').waitFor();
  const history = await office.locator('section', { hasText: 'Lịch sử' }).innerText();
  assert.match(history, /Trả lại để sửa/);

  // The aggregate workbook lists the department (read with Python's zipfile).
  await office.goto(planUrl);
  const res = await office.request.get(`${planUrl}/tong-hop.xlsx`);
  assert.equal(res.status(), 200);
  const dir = mkdtempSync(join(tmpdir(), 'tdkt-xlsx-'));
  const file = join(dir, 'tong-hop.xlsx');
  writeFileSync(file, await res.body());
  const strings = execFileSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', file]).toString();
  assert.match(strings, /Phòng Chính sách/);
  assert.match(strings, /Đã tiếp nhận/);
  assert.match(strings, /Lê Thị Mai/);
  assert.match(strings, /Hoàn thành tốt nhiệm vụ; 100% hồ sơ đúng hạn/);
});
