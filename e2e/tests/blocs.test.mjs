// An emulation bloc's year in a browser: the provincial standing body
// creates the bloc; the leader (Ban Dân tộc's office) writes the covenant,
// signs, loads the scoring table from Excel and opens scoring; the member
// (Cục Thống kê's office) signs, scores itself — a score above the maximum is
// refused — and submits; the leader cross-scores, records the meeting and its
// votes, publishes, and the ranking is there for the member to read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

const BDT = 'Ban Dân tộc tỉnh Khánh Hòa';
const CTK = 'Cục Thống kê tỉnh Khánh Hòa';

// Own scores of the demo table's criteria (1.1 … 3.2), then T3 with its reason.
async function selfScore(page, points) {
  const codes = ['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2'];
  for (const [i, c] of codes.entries()) {
    await page.getByLabel(new RegExp(`^Điểm tự chấm mục ${c.replace('.', '\\.')} `)).fill(points[i]);
  }
}

test('khối thi đua: giao ước, tự chấm, chấm chéo, công bố, xếp hạng', async () => {
  // The standing body creates the year's bloc with two members.
  const admin = await session('admin');
  await admin.goto(`${app.base}/khoi-thi-dua`);
  await admin.getByLabel('Mã khối').fill(`KTD-THU-${YEAR}`);
  await admin.getByLabel('Tên khối').fill('Khối thi đua thử nghiệm');
  await admin.getByLabel('Năm', { exact: true }).fill(String(YEAR));
  await admin.getByRole('button', { name: 'Tạo khối' }).click();
  await admin.getByText('Đã tạo mới.').waitFor();
  const blocUrl = admin.url().split('?')[0];
  for (const [unit, role] of [[BDT, 'Khối trưởng'], [CTK, 'Thành viên']]) {
    await admin.locator('#mb-unit').selectOption({ label: unit });
    await admin.locator('#mb-role').selectOption({ label: role });
    await admin.getByRole('button', { name: 'Thêm hoặc đổi vai trò' }).click();
    await admin.getByText('Đã lưu thay đổi.').waitFor();
  }

  // The leader's office: covenant, its own signature, the table, scoring opens.
  const lead = await session('vanphong');
  await lead.goto(blocUrl);
  await lead.getByLabel('Nội dung giao ước').fill('Đoàn kết, hợp tác, thi đua hoàn thành xuất sắc nhiệm vụ năm.');
  await lead.getByLabel('Chỉ tiêu thi đua (mỗi dòng một chỉ tiêu)').fill('Hoàn thành 100 % chỉ tiêu được giao\nGửi báo cáo đúng hạn');
  await lead.getByLabel('Ngày ký (ngày/tháng/năm)').fill(`15/03/${YEAR}`);
  await lead.getByRole('button', { name: 'Lưu giao ước' }).click();
  await lead.getByText('Đã lưu thay đổi.').waitFor();
  await lead.getByLabel(`Người ký cho ${BDT} (họ tên, chức vụ)`).fill('Đặng Văn Tuấn, Trưởng Ban');
  await lead.getByRole('button', { name: `Ký giao ước cho ${BDT}` }).click();
  await lead.getByText('Đã ghi nhận ký giao ước thi đua.').waitFor();
  // A member's signature is not the leader's to give.
  assert.equal(await lead.getByRole('button', { name: `Ký giao ước cho ${CTK}` }).count(), 0);

  // The 2021 bloc's table, downloaded and uploaded as offices do with Excel.
  const list = await lead.request.get(`${app.base}/khoi-thi-dua`);
  const demoId = (await list.text()).match(/href="\/khoi-thi-dua\/(\d+)">[^<]*<\/a><\/td><td>KTD-THTH-2021/)[1];
  const xlsx = await lead.request.get(`${app.base}/khoi-thi-dua/${demoId}/bang-diem.xlsx`);
  assert.equal(xlsx.status(), 200);
  await lead.goto(`${blocUrl}/bang-diem`);
  await lead.locator('#file').setInputFiles({ name: 'bang-diem.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx.body() });
  await lead.getByRole('button', { name: 'Tải lên' }).click();
  await lead.getByText('Đã ghi dữ liệu từ tệp Excel.').waitFor();
  await lead.getByRole('cell', { name: 'Thực hiện cải cách hành chính, chuyển đổi số' }).waitFor();
  await lead.getByRole('button', { name: 'Chốt bảng điểm, bắt đầu chấm điểm' }).click();
  await lead.getByText('Đã chốt bảng điểm').waitFor();

  // The member signs and scores itself; above the maximum is refused.
  const member = await session('cucthongke');
  await member.goto(blocUrl);
  await member.getByRole('button', { name: `Ký giao ước cho ${CTK}` }).click();
  await member.getByText('Đã ghi nhận ký giao ước thi đua.').waitFor();
  await member.getByRole('row', { name: new RegExp(CTK) }).getByRole('link', { name: 'Bảng điểm của đơn vị' }).click();
  await selfScore(member, ['25', '19', '19', '10', '15', '10', '5']);
  await member.getByRole('button', { name: 'Lưu điểm tự chấm' }).click();
  await member.getByText('vượt điểm tối đa 20').waitFor();
  await selfScore(member, ['20', '19', '19', '10', '15', '10', '5']);
  await member.getByLabel(/^Điểm tự chấm mục T3 /).fill('5');
  await member.getByLabel('Giải trình mục T3').fill('Mô hình thống kê số được tỉnh ghi nhận');
  await member.getByRole('button', { name: 'Lưu điểm tự chấm' }).click();
  await member.getByText('Đã lưu thay đổi.').waitFor();
  await member.locator('#tong-tu-cham', { hasText: '103' }).waitFor();
  await member.getByRole('button', { name: 'Gửi kết quả tự chấm' }).click();
  await member.getByText('Đã gửi kết quả tự chấm cho Khối trưởng.').waitFor();
  assert.equal(await member.getByRole('button', { name: 'Lưu điểm tự chấm' }).count(), 0);

  // The leader scores its own agency, then cross-scores the member.
  await lead.goto(blocUrl);
  await lead.getByRole('row', { name: new RegExp(`^${BDT}`) }).getByRole('link', { name: 'Bảng điểm của đơn vị' }).click();
  await selfScore(lead, ['20', '20', '20', '10', '15', '10', '5']);
  await lead.getByRole('button', { name: 'Lưu điểm tự chấm' }).click();
  await lead.getByText('Đã lưu thay đổi.').waitFor();
  await lead.getByRole('button', { name: 'Gửi kết quả tự chấm' }).click();
  await lead.getByText('Đã gửi kết quả tự chấm cho Khối trưởng.').waitFor();
  await lead.goto(blocUrl);
  await lead.getByRole('row', { name: new RegExp(CTK) }).getByRole('link', { name: 'Bảng điểm của đơn vị' }).click();
  await lead.getByLabel(/^Điểm thẩm định mục T3 /).fill('0');
  await lead.getByLabel('Ghi chú thẩm định mục T3').fill('Chưa có văn bản ghi nhận của tỉnh');
  await lead.getByRole('button', { name: 'Lưu điểm thẩm định' }).click();
  await lead.getByText('Đã lưu thay đổi.').waitFor();
  await lead.locator('tr.diff[data-muc="T3"]').waitFor();
  await lead.locator('#tong', { hasText: '98' }).waitFor();

  // Ranking: the meeting, its votes, publication.
  await lead.goto(`${blocUrl}/xep-hang`);
  await lead.getByText('Chưa ghi cuộc họp bình xét').waitFor();
  await lead.getByLabel('Ngày họp').fill(`15/12/${YEAR}`);
  await lead.getByLabel('Số đơn vị dự họp').fill('2');
  await lead.getByRole('button', { name: 'Lưu cuộc họp' }).click();
  await lead.getByText('Đã lưu thay đổi.').waitFor();
  await lead.getByLabel(`Số phiếu đồng ý đề nghị ${BDT}`).fill('2');
  await lead.getByLabel(`Số phiếu đồng ý đề nghị ${CTK}`).fill('2');
  await lead.getByRole('button', { name: 'Lưu kết quả biểu quyết' }).click();
  await lead.getByText('Đã lưu thay đổi.').waitFor();
  await lead.getByRole('button', { name: 'Công bố kết quả xếp hạng' }).click();
  await lead.getByText('Đã công bố kết quả xếp hạng').waitFor();
  const first = lead.locator('#xep-hang tbody tr').first();
  assert.match(await first.innerText(), new RegExp(`^1\\s+${BDT}`));
  assert.match(await lead.locator('#de-nghi').innerText(), /Cờ thi đua của UBND tỉnh[\s\S]*Thông qua/);

  // The member reads the locked result; nothing to edit any more.
  await member.goto(`${blocUrl}/xep-hang`);
  await member.getByText(/Đã công bố lúc/).waitFor();
  assert.match(await member.locator('#xep-hang').innerText(), /2\s+Cục Thống kê tỉnh Khánh Hòa[\s\S]*98/);
  assert.equal(await member.getByRole('button', { name: 'Mở lại' }).count(), 0);
  const minutes = await member.request.get(`${blocUrl}/bien-ban.docx`);
  assert.equal(minutes.status(), 200);
});
