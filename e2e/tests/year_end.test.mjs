// The year end in a browser, from an initiative to "ready for council": the
// clerk of Phòng Chính sách enters an initiative, her head submits it, the
// Office puts it to the initiative council and records its recognition; the
// clerk rates the department, lists the nominees in the dossier (the rules
// engine's verdict beside each), records the evaluation meeting and uploads a
// report; the head confirms and submits; the Office returns it with a reason,
// it is fixed and resubmitted, and the Office passes it to the council.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

test('cuối năm: sáng kiến, xếp loại, hồ sơ đề nghị đến khi sẵn sàng trình Hội đồng', async () => {
  const year = YEAR;
  // The Office publishes the year's plan (its initiative and dossier deadlines are prefilled).
  const office = await session('vanphong');
  await office.goto(`${app.base}/ke-hoach/moi`);
  const planTitle = `Phát động phong trào thi đua năm ${year} (cuối năm)`;
  await office.getByLabel('Trích yếu').fill(planTitle);
  await office.getByLabel('Năm').fill(String(year));
  await office.getByLabel('Hạn gửi đăng ký thi đua').fill(`31/12/${year}`);
  await office.getByLabel('Hạn nộp hồ sơ sáng kiến').fill(`01/11/${year}`);
  await office.getByLabel('Hạn nộp hồ sơ đề nghị khen thưởng').fill(`20/11/${year}`);
  await office.getByLabel('Cơ quan ban hành').selectOption({ label: 'Ban Dân tộc tỉnh Khánh Hòa' });
  await office.getByRole('button', { name: 'Lưu' }).click();
  await office.getByText('Đã tạo mới.').waitFor();
  await office.getByRole('button', { name: 'Ban hành' }).click();
  await office.getByText('Đã ban hành kế hoạch').waitFor();

  // The clerk enters an initiative of Lê Thị Mai (BDT020).
  const clerk = await session('canbo');
  await clerk.getByRole('link', { name: 'Sáng kiến', exact: true }).click();
  await clerk.getByRole('link', { name: 'Nộp sáng kiến, đề tài' }).click();
  await clerk.getByLabel('Theo kế hoạch', { exact: true }).selectOption({ label: `${planTitle} (${year}) – hạn nộp sáng kiến 01/11/${year}` });
  await clerk.getByLabel('Tên sáng kiến, đề tài *').fill('Tra cứu chính sách dân tộc trên điện thoại');
  await clerk.getByLabel(/Mô tả nội dung/).fill('Ứng dụng tra cứu văn bản chính sách cho cán bộ cơ sở.');
  await clerk.getByLabel(/Phạm vi, nơi đã áp dụng/).fill('Phòng Chính sách và 3 huyện miền núi');
  await clerk.getByLabel(/Hiệu quả, lợi ích/).fill('Giảm một nửa thời gian trả lời vướng mắc của cơ sở.');
  await clerk.getByLabel('Mã cán bộ tác giả 1').fill('BDT020');
  await clerk.getByRole('button', { name: 'Lưu' }).click();
  await clerk.getByText('Đã tạo sáng kiến').waitFor();
  const initiativeUrl = clerk.url().split('?')[0];
  assert.equal(await clerk.getByRole('button', { name: 'Nộp để xét công nhận' }).count(), 0, 'the clerk does not submit');

  const head = await session('truongphong');
  await head.goto(initiativeUrl);
  await head.getByRole('button', { name: 'Nộp để xét công nhận' }).click();
  await head.getByText('Đã lưu thay đổi.').waitFor();

  await office.goto(initiativeUrl);
  await office.getByRole('button', { name: 'Đưa ra Hội đồng sáng kiến' }).click();
  await office.getByText('Đã lưu thay đổi.').waitFor();
  await office.getByLabel('Số quyết định *').fill(`61/QĐ-BDT`);
  await office.getByLabel('Ngày quyết định *').fill(`10/06/${year}`);
  await office.getByRole('button', { name: 'Ghi nhận công nhận' }).click();
  await office.getByText('Đã lưu thay đổi.').waitFor();
  await office.getByText('61/QĐ-BDT').first().waitFor();

  // The clerk rates the department for the year.
  await clerk.goto(`${app.base}/don-vi`);
  await clerk.getByRole('link', { name: 'Phòng Chính sách' }).first().click();
  await clerk.getByRole('link', { name: 'Đánh giá, xếp loại chất lượng hằng năm' }).click();
  await clerk.goto(`${clerk.url().split('?')[0]}?nam=${year}`);
  await clerk.getByLabel('Xếp loại – Lê Thị Mai').selectOption('HTXS');
  await clerk.getByLabel('Xếp loại – Cao Văn Sang').selectOption('HTT');
  await clerk.getByRole('button', { name: 'Lưu xếp loại' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();

  // The dossier: two nominees, each with the engine's verdict.
  await clerk.getByRole('link', { name: 'Hồ sơ khen thưởng' }).click();
  await clerk.locator('#year').fill(String(year));
  await clerk.getByLabel('Theo kế hoạch (hạn nộp hồ sơ)').selectOption({ label: `${planTitle} (${year})` });
  await clerk.getByRole('button', { name: 'Lập hồ sơ' }).click();
  await clerk.getByText('Đã lập hồ sơ.').waitFor();
  const dossierUrl = clerk.url().split('?')[0];
  for (const [code, award] of [['BDT020', 'Chiến sĩ thi đua cơ sở'], ['BDT021', 'Lao động tiên tiến']]) {
    await clerk.getByLabel('Mã cán bộ', { exact: true }).fill(code);
    await clerk.getByLabel('Danh hiệu, hình thức').selectOption({ label: award });
    await clerk.getByLabel('Nội dung khen thưởng', { exact: true }).fill(`Hoàn thành xuất sắc nhiệm vụ năm ${year}`);
    await clerk.getByRole('button', { name: 'Thêm' }).click();
    await clerk.getByText('Đã lưu thay đổi.').waitFor();
  }
  const rows = clerk.locator('table.list tbody tr');
  assert.equal(await rows.count(), 2);
  // LĐTT is decided now; CSTĐCS still waits for the council's vote, and says so.
  assert.match(await rows.nth(1).innerText(), /Đủ điều kiện/);
  assert.match(await rows.nth(0).innerText(), /Thiếu thông tin[\s\S]*bỏ phiếu của Hội đồng/);
  await clerk.getByText('Còn thiếu').waitFor();

  // Meeting, votes and the CSTĐCS report.
  await clerk.getByLabel('Ngày họp').fill(`12/06/${year}`);
  await clerk.getByLabel('Số người dự họp').fill('7');
  await clerk.getByLabel('Tổng số người của đơn vị').fill('8');
  await clerk.getByLabel('Chủ trì').fill('Nguyễn Văn Hùng');
  await clerk.getByRole('button', { name: 'Ghi kết quả họp' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  for (const name of ['Lê Thị Mai', 'Cao Văn Sang']) {
    const row = clerk.locator('table.list tbody tr', { hasText: name });
    await row.getByLabel(`Số phiếu đồng ý – ${name}`).fill('7');
    await row.getByRole('button', { name: 'Lưu', exact: true }).click();
    await clerk.getByText('Đã lưu thay đổi.').waitFor();
  }
  const dir = mkdtempSync(join(tmpdir(), 'tdkt-e2e-bc-'));
  const pdf = join(dir, 'bao-cao-le-thi-mai.pdf');
  writeFileSync(pdf, '%PDF-1.4\n% báo cáo thành tích\n');
  await clerk.getByLabel('Thành phần', { exact: true }).selectOption({ label: 'Báo cáo thành tích' });
  await clerk.getByLabel('Của', { exact: true }).selectOption({ label: 'Lê Thị Mai – Chiến sĩ thi đua cơ sở' });
  await clerk.locator('input[type=file][name=file]').setInputFiles(pdf);
  await clerk.getByRole('button', { name: 'Tải lên' }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  await clerk.getByRole('link', { name: 'bao-cao-le-thi-mai.pdf' }).waitFor();

  // The head confirms the meeting and submits.
  await head.goto(dossierUrl);
  await head.getByRole('button', { name: 'Xác nhận kết quả bình xét (trưởng đơn vị)' }).click();
  await head.getByText('Đã lưu thay đổi.').waitFor();
  await head.getByText('Hồ sơ đã đủ thành phần.').waitFor();
  await head.getByRole('button', { name: 'Gửi hồ sơ về Văn phòng' }).click();
  await head.getByText('Đã lưu thay đổi.').waitFor();

  // The Office: received, returned with a reason, fixed, resubmitted, passed on.
  await office.goto(dossierUrl);
  await office.getByRole('button', { name: 'Tiếp nhận' }).click();
  await office.getByText('Đã lưu thay đổi.').waitFor();
  await office.getByLabel('Lý do, ghi chú (bắt buộc khi trả lại)').fill('Nêu cụ thể sáng kiến trong nội dung khen thưởng.');
  await office.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
  await office.getByText('Đã lưu thay đổi.').waitFor();

  await clerk.goto(dossierUrl);
  await clerk.getByText('Văn phòng trả lại: Nêu cụ thể sáng kiến').waitFor();
  const mai = clerk.locator('table.list tbody tr', { hasText: 'Lê Thị Mai' });
  await mai.getByLabel('Nội dung khen thưởng – Lê Thị Mai').fill(`Hoàn thành xuất sắc nhiệm vụ năm ${year}; sáng kiến «Tra cứu chính sách dân tộc trên điện thoại» được công nhận cấp cơ sở`);
  await mai.getByRole('button', { name: 'Lưu', exact: true }).click();
  await clerk.getByText('Đã lưu thay đổi.').waitFor();
  await head.goto(dossierUrl);
  await head.getByRole('button', { name: 'Gửi hồ sơ về Văn phòng' }).click();
  await head.getByText('Đã lưu thay đổi.').waitFor();

  await office.goto(dossierUrl);
  for (const step of ['Tiếp nhận', 'Thẩm định', 'Chuyển trình Hội đồng']) {
    await office.getByRole('button', { name: step }).click();
    await office.getByText('Đã lưu thay đổi.').waitFor();
  }
  await office.getByText('Sẵn sàng trình Hội đồng').first().waitFor();
  await office.goto(`${app.base}/ho-so?nam=${year}`);
  const line = office.locator('table.list tbody tr', { hasText: 'Phòng Chính sách' });
  assert.match(await line.innerText(), /Sẵn sàng trình Hội đồng/);
  // The demo's 2021 dossiers are all ready, one nominee flagged with the reason.
  await office.goto(`${app.base}/ho-so?nam=2021`);
  assert.equal(await office.locator('table.list tbody tr', { hasText: 'Sẵn sàng trình Hội đồng' }).count(), 4);
  await office.locator('table.list').getByRole('link', { name: 'Văn phòng Ban', exact: true }).click();
  await office.getByText(/yêu cầu từ 10 tháng/).waitFor();
});
