// The Office imports a staff list as offices keep it: the signature block is
// not read as people, "Phòng Kế hoạch - Tổng hợp" finds the unit written with
// an en dash, and the one unit name the registry does not know is mapped once
// for the whole file from the closest suggestion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemo, browser } from './harness.mjs';

const SHEET = join(process.cwd(), '..', 'testdata', 'sheets', 'office-list.xlsx');

let app; let b;
before(async () => { app = await startDemo(); b = await browser(); });
after(async () => { await b?.close(); await app?.stop(); });

test('nhập danh sách của một phòng: phần ký tên bỏ qua, đơn vị lạ chọn một lần', async () => {
  const page = await b.newPage();
  await page.goto(`${app.base}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill('vanphong');
  await page.getByLabel('Mật khẩu').fill('vanphong');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();

  await page.goto(`${app.base}/nhap-can-bo`);
  await page.setInputFiles('#file', SHEET);
  await page.getByRole('button', { name: 'Kiểm tra và nhập' }).click();
  const errors = page.locator('ol.errors li');
  await errors.first().waitFor();
  const lines = await errors.allInnerTexts();
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /dòng 7, cột F: Không có đơn vị «Phòng Chính sách dân tộc».*Có phải «Phòng Chính sách»\?/);

  // The suggestion is offered, not chosen: the user picks it.
  const choice = page.getByLabel('Đơn vị cho «Phòng Chính sách dân tộc»');
  assert.equal(await choice.inputValue(), '');
  await choice.selectOption({ label: 'Phòng Chính sách (gợi ý)' });
  await page.setInputFiles('#file-again', SHEET);
  await page.getByRole('button', { name: 'Nhập với các đơn vị đã chọn' }).click();
  await page.getByText(/thêm mới 2 người/).waitFor();

  // Found without diacritics, in the unit chosen; the signer is nobody's record.
  await page.goto(`${app.base}/can-bo?q=luu thi ngoc anh`);
  const row = page.locator('tr', { hasText: 'Lưu Thị Ngọc Ánh' });
  await row.waitFor();
  assert.match(await row.innerText(), /Phòng Chính sách/);
  await page.goto(`${app.base}/can-bo?q=dang minh khoa`);
  assert.match(await page.locator('tr', { hasText: 'Đặng Minh Khoa' }).innerText(), /Kế hoạch – Tổng hợp/);
  await page.goto(`${app.base}/can-bo?q=nguoi lap bieu`);
  assert.equal(await page.locator('tr', { hasText: /NGƯỜI LẬP BIỂU/i }).count(), 0);
});
