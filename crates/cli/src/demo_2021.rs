//! The seed's 2021 year in the demo: the movements it carries on, the Ban's
//! launch plan entered as data (the text of the seed), and every unit's
//! registration done — one returned for correction and resubmitted — so the
//! aggregate and the upward report can be downloaded.

use chrono::NaiveDate;
use std::collections::HashMap;
use tdkt_domain::codes::AwardCode;
use tdkt_domain::emulation::movement::MovementInput;
use tdkt_domain::emulation::plan::PlanInput;
use tdkt_domain::emulation::registration::RegistrationAction;
use tdkt_store::WriteTx;
use tdkt_store::emulation::NewEntry;

fn err(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

pub const PLAN_TITLE: &str = "Phát động Phong trào thi đua công tác dân tộc năm 2021";

pub const PREAMBLE: &str = "Thực hiện Chỉ thị số 04/CT-UBND ngày 22/01/2021 của UBND tỉnh Khánh Hòa về việc phát động phong trào “Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm tỉnh Khánh Hòa 2021; Ban Dân tộc xây dựng Kế hoạch phát động phong trào thi đua năm 2021 với các nội dung như sau:";

pub const PURPOSE: &str = "- Phát động phong trào thi đua nhằm tạo không khí thi đua sôi nổi, cổ vũ các tập thể, cá nhân Ban Dân tộc phát huy tinh thần sáng tạo, dám nghĩ, dám làm, quyết tâm phấn đấu hoàn thành mọi nhiệm vụ được giao, đặc biệt trong việc tham mưu triển khai Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2025, định hướng đến năm 2030 trên địa bàn tỉnh Khánh Hòa.
- Nâng cao chất lượng công tác thi đua khen thưởng, thực hiện tốt Luật thi đua, khen thưởng và các văn bản hướng dẫn thi hành; phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.
- Công tác thi đua khen thưởng phải được thực hiện thường xuyên, liên tục và được theo dõi chặt chẽ; triển khai kịp thời chủ trương của Đảng, chính sách pháp luật của Nhà nước gắn với nhiệm vụ chính trị của cơ quan, mục tiêu, chỉ tiêu phát triển kinh tế - xã hội năm 2021 của tỉnh. Gắn kết chặt chẽ kết quả thực hiện phong trào thi đua với công tác khen thưởng; khen thưởng phải trên cơ sở kết quả, thành tích thi đua; thực hiện đúng quy trình, nâng cao chất lượng khen thưởng, bảo đảm khen thưởng kịp thời, thực chất, chính xác, dân chủ, công khai.";

pub const CONTENT: &str = "1. Tiếp tục tuyên truyền, quán triệt tư tưởng của Hồ Chí Minh về thi đua yêu nước, Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về thi đua, khen thưởng và Chỉ thị số 16-CT/TU ngày 25/9/2014 của Ban Thường vụ Tỉnh ủy Khánh Hòa về việc tiếp tục đổi mới công tác thi đua, khen thưởng; trách nhiệm nêu gương của người đứng đầu cơ quan, đơn vị trong việc triển khai công tác thi đua khen thưởng.
2. Tiếp tục thực hiện có hiệu quả các phong trào thi đua do tỉnh và trung ương phát động: “Cả nước chung tay xây dựng nông thôn mới”; “Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau”; “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”; “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”.
3. Tổ chức phong trào thi đua gắn với nhiệm vụ chính trị của cơ quan; kế hoạch phát triển kinh tế - xã hội tỉnh Khánh Hoà năm 2021 và công tác phòng, chống dịch bệnh Covid-19 trong tình hình mới.
Tiếp tục triển khai thực hiện Nghị quyết số 04-NQ/TW ngày 20/10/2016 của Ban Chấp hành Trung ương Đảng khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng, chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ; Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ về tăng cường kỷ luật, kỷ cương trong cơ quan hành chính nhà nước các cấp; Cuộc vận động xây dựng người cán bộ, công chức, viên chức “Trung thành - Trách nhiệm - Liêm chính - Sáng tạo” trong thời kỳ đẩy mạnh công nghiệp hoá - hiện đại hoá đất nước”; tập trung tuyên truyền các ngày lễ, kỷ niệm lớn của đất nước, của tỉnh, đặc biệt tuyên truyền Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng, bầu cử Đại biểu Quốc hội khóa XV và Đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026. Trong đó, trọng tâm thi đua:
- Thi đua triển khai có hiệu quả Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Khánh Hòa lần thứ XVIII nhiệm kỳ 2020 - 2025; Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2025, định hướng đến năm 2030 trên địa bàn tỉnh Khánh Hòa;
- Thi đua đẩy mạnh cải cách hành chính theo kế hoạch cải cách hành chính của tỉnh giai đoạn 2021 - 2030 và kế hoạch năm 2021; nâng cao hiệu lực, hiệu quả quản lý nhà nước về công tác dân tộc; bảo đảm an ninh chính trị, trật tự an toàn xã hội vùng đồng bào dân tộc thiểu số và miền núi;
- Thi đua thực hiện tốt công tác bầu cử Đại biểu Quốc hội khóa XV và Đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026;
4. Kịp thời phát hiện, tuyên truyền, biểu dương, tôn vinh điển hình tiên tiến trong Phong trào thi đua, gương “Người tốt, việc tốt”, các mô hình mới, nhân tố mới tạo sự lan tỏa trong cộng đồng nhằm thúc đẩy, cổ vũ phong trào thi đua yêu nước góp phần tạo động lực thi đua hoàn thành xuất sắc nhiệm vụ được giao. Chú trọng khen thưởng công chức, người lao động không giữ chức vụ quản lý; quan tâm khen thưởng cá nhân, tập thể từ yếu, kém phấn đấu trở thành điển hình tiên tiến trong phong trào thi đua; các cán bộ tận tâm, tận tụy, sáng tạo trong tham mưu công tác thi đua khen thưởng. Đề cao vai trò của người lãnh đạo trong việc chủ động phát hiện, lựa chọn các tập thể, cá nhân có thành tích xứng đáng để khen thưởng hoặc trình cấp trên khen thưởng.
5. Chủ trì, phối hợp với các đơn vị thành viên Khối thi đua các cơ quan tham mưu tổng hợp xây dựng các tiêu chí thi đua, bảng chấm điểm phù hợp với đặc điểm, tính chất hoạt động của Khối, các đơn vị thành viên và theo quy định của Hội đồng Thi đua - Khen thưởng tỉnh; xây dựng chương trình, kế hoạch hoạt động của Khối theo từng quý và tổ chức ký kết giao ước thi đua Khối ngay từ đầu năm 2021 theo quy định.";

pub const ORGANISATION: &str = "1. Đăng ký danh hiệu thi đua: các phòng tổ chức đăng ký thi đua đối với tập thể, cá nhân thuộc đơn vị mình; nội dung đăng ký thi đua theo quy định tại Quy chế Thi đua khen thưởng của Ủy ban nhân dân tỉnh. Kết quả đăng ký thi đua của từng phòng gửi về Văn phòng Ban trước ngày 15/03/2021 để tổng hợp báo cáo cấp trên.
2. Các phòng căn cứ vào các nội dung tại Kế hoạch công tác năm 2021 đã được Lãnh đạo Ban phê duyệt và Kế hoạch này để phát động thi đua thực hiện nhiệm vụ chuyên môn gắn liền với các phong trào thi đua khen thưởng. Kết thúc đợt thi đua, tiến hành bình xét và đề nghị Hội đồng thi đua khen thưởng của Ban, Hồ sơ đề nghị xét sáng kiến gửi về trước ngày 01/11/2021 và hồ sơ đề nghị khen thưởng gửi về trước ngày 20/11/2021.
3. Hội đồng thi đua khen thưởng có trách nhiệm tham mưu cho Trưởng Ban trong việc tổ chức, chỉ đạo, thường xuyên hướng dẫn, đôn đốc, kiểm tra các tập thể, cá nhân triển khai thực hiện Kế hoạch và tổng hợp đăng ký thi đua báo cáo cấp có thẩm quyền theo quy định. Hướng dẫn về việc bình xét, đề nghị khen thưởng và tổng hợp hồ sơ đề nghị khen tham mưu Hội đồng thi đua khen thưởng Ban xem xét trình Trưởng Ban quyết định./.";

pub const RECIPIENTS: &str = "- Ủy ban Dân tộc;\n- Ban TĐ-KT tỉnh;\n- Phòng DT các huyện, TX, TP;\n- Các Phòng thuộc Ban;\n- CĐCS, Đoàn TN Ban Dân tộc;\n- Lưu: VT, VP.";

/// The four movements the seed carries on (II.2), the province's movement of
/// Chỉ thị 04/CT-UBND and the Ban's own, relaunched from it.
pub async fn load(
    w: &mut WriteTx<'_>,
    ids: &HashMap<&str, i64>,
    staff: &[(i64, &str, &str, NaiveDate)],
) -> anyhow::Result<i64> {
    let province = ids["UBND-KH"];
    let ban = ids["BDT-KH"];
    for (name, scope) in [
        ("Cả nước chung tay xây dựng nông thôn mới", "Toàn quốc"),
        (
            "Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau",
            "Toàn quốc",
        ),
        (
            "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
            "Toàn quốc",
        ),
        (
            "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
            "Toàn quốc",
        ),
    ] {
        let v = MovementInput {
            name: name.into(),
            kind: "thuong-xuyen".into(),
            scope: scope.into(),
            start: "01/01/2021".into(),
            ..Default::default()
        }
        .validate()
        .map_err(err)?;
        let id = w.create_movement(province, None, &v).await.map_err(err)?;
        w.advance_movement(id).await.map_err(err)?;
    }
    let v = MovementInput {
        name: "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2021 tỉnh Khánh Hòa".into(),
        kind: "thuong-xuyen".into(),
        scope: "Toàn tỉnh (Chỉ thị số 04/CT-UBND ngày 22/01/2021)".into(),
        start: "22/01/2021".into(),
        end: "31/12/2021".into(),
        ..Default::default()
    }
    .validate()
    .map_err(err)?;
    let provincial = w.create_movement(province, None, &v).await.map_err(err)?;
    w.advance_movement(provincial).await.map_err(err)?;
    let v = MovementInput {
        name: "Phong trào thi đua công tác dân tộc năm 2021".into(),
        kind: "thuong-xuyen".into(),
        scope: "Ban Dân tộc tỉnh Khánh Hòa".into(),
        start: "01/02/2021".into(),
        end: "31/12/2021".into(),
        targets: "100% tập thể, cá nhân đăng ký thi đua trước ngày 15/03/2021\nTham mưu triển khai Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số giai đoạn 2021 - 2025\nKý kết giao ước thi đua Khối ngay từ đầu năm 2021".into(),
    }
    .validate()
    .map_err(err)?;
    let movement = w
        .create_movement(ban, Some(provincial), &v)
        .await
        .map_err(err)?;
    w.advance_movement(movement).await.map_err(err)?;

    let plan = PlanInput {
        year: "2021".into(),
        title: PLAN_TITLE.into(),
        number: String::new(),
        preamble: PREAMBLE.into(),
        purpose: PURPOSE.into(),
        content: CONTENT.into(),
        organisation: ORGANISATION.into(),
        registration_due: "15/03/2021".into(),
        initiative_due: "01/11/2021".into(),
        dossier_due: "20/11/2021".into(),
        recipients: RECIPIENTS.into(),
        place: "Khánh Hòa".into(),
        signed_on: "01/02/2021".into(),
        signer: "Đặng Văn Tuấn".into(),
        signer_position: "TRƯỞNG BAN".into(),
    }
    .validate()
    .map_err(err)?;
    let plan_id = w
        .create_plan(ban, Some(movement), &plan)
        .await
        .map_err(err)?;
    w.publish_plan(plan_id).await.map_err(err)?;

    // Every unit registers: LĐTT for everyone in post before the year, CSTĐCS
    // for those whose history shows initiatives, and the collective's title.
    let cstdcs = ["BDT004", "BDT013", "BDT020", "BDT028", "BDT006"];
    for (unit, collective) in [
        ("BDT-KH", None),
        ("VP", Some(AwardCode::Ttldxs)),
        ("TTR", Some(AwardCode::Ttldtt)),
        ("PCS", Some(AwardCode::Ttldxs)),
        ("KHTH", Some(AwardCode::Ttldtt)),
    ] {
        let uid = ids[unit];
        let mut entries: Vec<NewEntry> = Vec::new();
        for (pid, code, punit, start) in staff {
            if *punit != unit {
                continue;
            }
            // Only those in post on the registration day; the recruit of 15/03/2021 is
            // registered anyway, and the hint warns that she cannot be LĐTT that year.
            if *start > d(2021, 3, 15) {
                continue;
            }
            entries.push(NewEntry {
                person_id: Some(*pid),
                unit_id: None,
                award: AwardCode::Ldtt,
                targets: "Hoàn thành tốt nhiệm vụ được giao".into(),
            });
            if cstdcs.contains(code) {
                entries.push(NewEntry {
                    person_id: Some(*pid),
                    unit_id: None,
                    award: AwardCode::Cstdcs,
                    targets: "Có sáng kiến được công nhận cấp cơ sở".into(),
                });
            }
        }
        if let Some(a) = collective {
            entries.push(NewEntry {
                person_id: None,
                unit_id: Some(uid),
                award: a,
                targets: "Hoàn thành xuất sắc nhiệm vụ năm 2021".into(),
            });
        }
        let reg = w
            .save_registration(plan_id, uid, &entries)
            .await
            .map_err(err)?;
        w.now = crate::demo_bloc::at(2021, 3, 10, 2);
        w.registration_action(reg, RegistrationAction::Submit, "", d(2021, 3, 10), None)
            .await
            .map_err(err)?;
        if unit == "PCS" {
            w.now = crate::demo_bloc::at(2021, 3, 11, 2);
            w.registration_action(reg, RegistrationAction::Return, "Đề nghị bổ sung chỉ tiêu cụ thể cho danh hiệu Tập thể lao động xuất sắc và rà soát người mới tuyển dụng.", d(2021, 3, 11),
                None,
            )
            .await
            .map_err(err)?;
            let mut fixed = entries.clone();
            for e in fixed.iter_mut().filter(|e| e.unit_id.is_some()) {
                e.targets = "Hoàn thành xuất sắc nhiệm vụ; 100% hồ sơ chính sách đúng hạn; 2 sáng kiến cấp cơ sở".into();
            }
            w.save_registration(plan_id, uid, &fixed)
                .await
                .map_err(err)?;
            w.now = crate::demo_bloc::at(2021, 3, 12, 2);
            w.registration_action(reg, RegistrationAction::Submit, "", d(2021, 3, 12), None)
                .await
                .map_err(err)?;
        }
        w.now = crate::demo_bloc::at(2021, 3, 16, 2);
        w.registration_action(reg, RegistrationAction::Accept, "", d(2021, 3, 16), None)
            .await
            .map_err(err)?;
    }
    Ok(plan_id)
}
