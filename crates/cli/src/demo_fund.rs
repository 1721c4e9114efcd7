//! The demo's emulation fund and exemplars of 2021: the budget's allocation
//! and the Office's spending beside the bonuses the signed decisions wrote;
//! two exemplars of Phòng Chính sách, one published with the award it led to.

use chrono::NaiveDate;
use tdkt_domain::commendation::fund::EntryInput;
use tdkt_domain::emulation::exemplar::ExemplarInput;
use tdkt_store::{Store, WriteTx};

fn err(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

pub async fn load(w: &mut WriteTx<'_>, store: &Store, agency: i64) -> anyhow::Result<()> {
    let year_end = NaiveDate::from_ymd_opt(2021, 12, 31).ok_or_else(|| anyhow::anyhow!("ngày"))?;
    for (on, category, amount, description, voucher) in [
        (
            "15/01/2021",
            "ngan-sach",
            "60.000.000",
            "Trích lập quỹ thi đua, khen thưởng năm 2021 từ dự toán ngân sách",
            "PT-01/2021",
        ),
        (
            "10/06/2021",
            "dong-gop",
            "5.000.000",
            "Công đoàn cơ sở hỗ trợ khen thưởng phong trào «Dân vận khéo»",
            "PT-07/2021",
        ),
        (
            "22/12/2021",
            "in-an",
            "2.400.000",
            "In giấy khen, làm khung năm 2021",
            "PC-31/2021",
        ),
        (
            "28/12/2021",
            "to-chuc",
            "8.500.000",
            "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021",
            "PC-33/2021",
        ),
    ] {
        let e = EntryInput {
            entry_on: on.into(),
            category: category.into(),
            amount: amount.into(),
            description: description.into(),
            voucher: voucher.into(),
        }
        .check(year_end)
        .map_err(err)?;
        w.add_fund_entry(agency, &e).await.map_err(err)?;
    }
    let pcs = store
        .unit_by_code("PCS")
        .await
        .map_err(err)?
        .ok_or_else(|| anyhow::anyhow!("thiếu đơn vị PCS"))?;
    let mut published = None;
    for (kind, title, story, on, source, people, publish) in [
        (
            "dien-hinh",
            "Đưa chính sách hỗ trợ đồng bào dân tộc thiểu số đến tận thôn, buôn",
            "Chị Lê Thị Mai đã đi cơ sở hơn 60 ngày trong năm, hướng dẫn người dân ở các xã vùng cao huyện Khánh Vĩnh, Khánh Sơn lập hồ sơ hưởng chính sách hỗ trợ nhà ở, đất sản xuất, nước sinh hoạt.\nNhờ cách làm «cầm tay chỉ việc», 100 % hồ sơ của các xã được duyệt đúng hạn, không có khiếu nại.",
            "15/11/2021",
            "Phòng Chính sách đề xuất; Hội nghị sơ kết 9 tháng ghi nhận",
            "BDT020",
            true,
        ),
        (
            "nguoi-tot",
            "Nhặt được tài sản, trả lại người đánh rơi",
            "Anh Cao Văn Sang nhặt được chiếc ví có 12 triệu đồng và giấy tờ tùy thân trên đường công tác tại xã Sơn Bình, đã liên hệ công an xã trả lại người đánh rơi.",
            "05/08/2021",
            "Công an xã Sơn Bình thông báo",
            "BDT021",
            false,
        ),
    ] {
        let t = ExemplarInput {
            kind: kind.into(),
            title: title.into(),
            story: story.into(),
            recognised_on: on.into(),
            source: source.into(),
        }
        .check(year_end)
        .map_err(err)?;
        let id = w
            .save_exemplar(None, pcs.id, None, &t, people)
            .await
            .map_err(err)?;
        if publish {
            w.publish_exemplar(id, true).await.map_err(err)?;
            published = Some(id);
        }
    }
    // The published one carries its person's awards of 2021 (signed before).
    if let Some(id) = published
        && let Some(pid) = store.person_id_by_code("BDT020").await.map_err(err)?
    {
        let history = store
            .history(tdkt_store::history::Subject::Person(pid))
            .await
            .map_err(err)?;
        let ids: Vec<i64> = history
            .awards
            .iter()
            .filter(|a| a.year == 2021)
            .map(|a| a.id)
            .collect();
        w.set_exemplar_awards(id, &ids, &ids).await.map_err(err)?;
    }
    Ok(())
}
