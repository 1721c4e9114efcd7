// What the Office and the leadership read: the charts on the home page, the
// emulation fund (a wrong amount refused in Vietnamese, then recorded), an
// exemplar recorded, published and shown on the public page, the quarter's
// report and its workbook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, browser } from './harness.mjs';

let app; let b;
before(async () => { app = await startDemo(); b = await browser(); });
after(async () => { await b?.close(); await app?.stop(); });

async function session(user) {
  const ctx = await b.newContext();
  const page = await ctx.newPage();
  await page.goto(`${app.base}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(user);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
  return page;
}

test('báo cáo: biểu đồ, quỹ thi đua, điển hình, báo cáo định kỳ', async () => {
  const office = await session('vanphong');
  // Three charts drawn by the server, loaded as images.
  await office.getByRole('heading', { name: 'Tổng quan thi đua, khen thưởng' }).waitFor();
  const charts = office.locator('.charts img');
  assert.equal(await charts.count(), 3);
  await office.waitForFunction(() => [...document.querySelectorAll('.charts img')].every((i) => i.complete && i.naturalWidth > 0));

  // The fund of 2021: the decisions' bonuses are in the book.
  await office.goto(`${app.base}/quy-thi-dua?nam=2021`);
  await office.getByRole('cell', { name: 'Tiền thưởng theo Quyết định số 60/QĐ-BDT' }).waitFor();
  await office.getByLabel('Ngày ghi sổ').fill('20/12/2021');
  await office.getByLabel('Nội dung thu, chi').selectOption({ label: 'Chi in giấy chứng nhận, bằng khen, giấy khen, làm khung' });
  await office.getByLabel('Số tiền (đồng)').fill('1,5 triệu');
  await office.getByLabel('Diễn giải').fill('Mua khung giấy khen');
  await office.getByRole('button', { name: 'Ghi sổ' }).click();
  await office.getByText(/Số tiền phải là số đồng nguyên dương/).waitFor();
  await office.getByLabel('Số tiền (đồng)').fill('1.500.000');
  await office.getByRole('button', { name: 'Ghi sổ' }).click();
  await office.getByText('Đã ghi vào sổ quỹ thi đua, khen thưởng.').waitFor();
  await office.getByRole('cell', { name: 'Mua khung giấy khen' }).waitFor();
  const xlsx = await office.request.get(`${app.base}/quy-thi-dua/bao-cao.xlsx?nam=2021`);
  assert.equal(xlsx.status(), 200);
  assert.match(xlsx.headers()['content-type'], /spreadsheetml/);

  // An exemplar: recorded, then published; the public page shows it.
  await office.goto(`${app.base}/dien-hinh`);
  await office.getByLabel('Loại', { exact: true }).selectOption({ label: 'Mô hình mới, cách làm hay' });
  await office.getByLabel('Tên điển hình, việc tốt, mô hình').fill('Tổ tư vấn chính sách lưu động');
  await office.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Phòng Chính sách' });
  await office.getByLabel('Ngày ghi nhận').fill('15/05/2026');
  await office.getByLabel('Nội dung: thành tích, việc làm, cách làm').fill('Mỗi tháng một buổi tư vấn chính sách tại nhà văn hóa thôn cho đồng bào vùng cao.');
  await office.getByLabel(/Mã cán bộ của những người được nêu/).fill('BDT021\nKHONGCO');
  await office.getByRole('button', { name: 'Ghi vào sổ' }).click();
  await office.getByText(/Không có người mã KHONGCO/).waitFor();
  await office.getByLabel(/Mã cán bộ của những người được nêu/).fill('BDT021');
  await office.getByRole('button', { name: 'Ghi vào sổ' }).click();
  await office.getByText('Đã lưu điển hình.').waitFor();
  await office.getByRole('button', { name: 'Công bố trên trang công khai' }).click();
  await office.getByText('Đã công bố điển hình trên trang công khai.').waitFor();
  const visitor = await (await b.newContext()).newPage();
  await visitor.goto(`${app.base}/cong-khai/dien-hinh`);
  await visitor.getByRole('heading', { name: 'Tổ tư vấn chính sách lưu động' }).waitFor();
  await visitor.getByText(/Cao Văn Sang/).first().waitFor();

  // The first quarter of 2021: the registrations sent in March, by unit.
  await office.goto(`${app.base}/bao-cao/dinh-ky?ky=quy&so=1&nam=2021`);
  await office.getByRole('heading', { name: 'Báo cáo thi đua, khen thưởng quý I năm 2021' }).waitFor();
  const total = office.locator('#bang-don-vi tr.group td');
  assert.equal(await total.nth(0).textContent(), 'Cộng');
  assert.ok(Number(await total.nth(1).textContent()) > 0, 'registrations counted in March');
  const book = await office.request.get(`${app.base}/bao-cao/dinh-ky.xlsx?ky=quy&so=1&nam=2021`);
  assert.equal(book.status(), 200);
});
