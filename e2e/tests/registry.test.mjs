// A secretary's morning: log in, add a department, add a person to it, find
// the person by typing the name without diacritics, see both changes in the
// audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, browser } from './harness.mjs';

let app; let b;
before(async () => { app = await startDemo(); b = await browser(); });
after(async () => { await b?.close(); await app?.stop(); });

test('đăng nhập, thêm phòng, thêm cán bộ, tìm không dấu, xem nhật ký', async () => {
  const page = await b.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(`${app.base}/`);
  await page.waitForURL(/dang-nhap/);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('sai');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').waitFor();
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('admin');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();

  // A new department under the Ban.
  await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
  await page.getByRole('link', { name: 'Thêm đơn vị' }).click();
  await page.getByLabel('Mã đơn vị *').fill('PTT');
  await page.getByLabel('Tên đơn vị *').fill('Phòng Tuyên truyền');
  await page.getByLabel('Trực thuộc').selectOption({ label: '— Ban Dân tộc tỉnh Khánh Hòa' });
  await page.getByLabel('Cấp', { exact: true }).selectOption('phong');
  await page.getByLabel('Loại', { exact: true }).selectOption('department');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã tạo mới.').waitFor();
  assert.match(await page.locator('h1').innerText(), /Phòng Tuyên truyền/);

  // A person in it; a wrong date first, then corrected.
  await page.getByRole('link', { name: 'Cán bộ', exact: true }).click();
  await page.getByRole('link', { name: 'Thêm cán bộ' }).click();
  await page.getByLabel('Mã cán bộ *').fill('BDT099');
  await page.getByLabel('Họ và tên *').fill('Nguyễn Thị Ngọc Hường');
  await page.getByLabel('Nữ').check();
  await page.getByLabel('Ngày sinh (ngày/tháng/năm)').fill('31/02/1990');
  await page.getByLabel('Chức vụ', { exact: true }).fill('Chuyên viên');
  await page.getByLabel('Đơn vị *').selectOption({ label: '— — Phòng Tuyên truyền' });
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Ngày sinh «31/02/1990» không hợp lệ').waitFor();
  await page.getByLabel('Ngày sinh (ngày/tháng/năm)').fill('28/02/1990');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã tạo mới.').waitFor();
  assert.match(await page.locator('h1').innerText(), /Nguyễn Thị Ngọc Hường/);

  // Found by a search typed without diacritics.
  await page.getByRole('link', { name: 'Cán bộ', exact: true }).click();
  await page.getByLabel(/Tìm theo tên/).fill('nguyen thi ngoc huong');
  await page.getByRole('button', { name: 'Tìm' }).click();
  const row = page.locator('table.list tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.first().innerText(), /Nguyễn Thị Ngọc Hường[\s\S]*28\/02\/1990[\s\S]*Phòng Tuyên truyền/);

  // Both changes in the audit log, under the admin's name.
  await page.getByRole('link', { name: 'Nhật ký', exact: true }).click();
  const log = await page.locator('table.list').innerText();
  assert.match(log, /admin\s+Cán bộ\s+Thêm cán bộ «Nguyễn Thị Ngọc Hường» \(BDT099\)/);
  assert.match(log, /admin\s+Đơn vị\s+Tạo đơn vị «Phòng Tuyên truyền» \(PTT\)/);
});

test('phiên người khác không xem được dữ liệu đơn vị khác', async () => {
  const ctx = await b.newContext();
  const page = await ctx.newPage();
  await page.goto(`${app.base}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill('canbo');
  await page.getByLabel('Mật khẩu').fill('canbo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
  await page.goto(`${app.base}/can-bo?q=tran+thi+thu+ha`);
  assert.equal(await page.locator('table.list tbody tr').count(), 0, 'a clerk of Phòng Chính sách does not see Văn phòng staff');
  const r = await page.goto(`${app.base}/tai-khoan`);
  assert.equal(r.status(), 403);
  await ctx.close();
});
