//! Ready-made documents: the 2021 plan of the seed (tests, benches and the
//! demo reuse it) and a decision on awards with its attached list.

use chrono::NaiveDate;

use super::model::{
    AdminDocument, Align, Annex, Block, Column, DocKind, IssueDate, SignPrefix, Signature, Span,
    Table, document_symbol,
};

/// The 2021 plan of Ban Dân tộc tỉnh Khánh Hòa launching the emulation
/// movement, with every sentence of the seed verbatim. It is a draft: the
/// number and the day are left blank ("Số:       /KH-BDT", "ngày … năm 2021").
pub fn seed_plan_2021() -> AdminDocument {
    AdminDocument {
        parent_body: Some("UBND TỈNH KHÁNH HÒA".to_owned()),
        number: Some(document_symbol(None, DocKind::KeHoach, "BDT")),
        date: IssueDate::Blank { year: Some(2021) },
        summary: "Phát động Phong trào thi đua công tác dân tộc năm 2021".to_owned(),
        body: vec![
            Block::para(
                "Thực hiện Chỉ thị số 04/CT-UBND ngày 22/01/2021 của UBND tỉnh Khánh Hòa về việc phát động phong trào “Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm tỉnh Khánh Hòa 2021; Ban Dân tộc xây dựng Kế hoạch phát động phong trào thi đua năm 2021 với các nội dung như sau:",
            ),
            Block::section(1, "MỤC ĐÍCH, YÊU CẦU"),
            Block::bullet(
                "Phát động phong trào thi đua nhằm tạo không khí thi đua sôi nổi, cổ vũ các tập thể, cá nhân Ban Dân tộc phát huy tinh thần sáng tạo, dám nghĩ, dám làm, quyết tâm phấn đấu hoàn thành mọi nhiệm vụ được giao, đặc biệt trong việc tham mưu triển khai Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2025, định hướng đến năm 2030 trên địa bàn tỉnh Khánh Hòa.",
            ),
            Block::bullet(
                "Nâng cao chất lượng công tác thi đua khen thưởng, thực hiện tốt Luật thi đua, khen thưởng và các văn bản hướng dẫn thi hành; phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến.",
            ),
            Block::bullet(
                "Công tác thi đua khen thưởng phải được thực hiện thường xuyên, liên tục và được theo dõi chặt chẽ; triển khai kịp thời chủ trương của Đảng, chính sách pháp luật của Nhà nước gắn với nhiệm vụ chính trị của cơ quan, mục tiêu, chỉ tiêu phát triển kinh tế - xã hội năm 2021 của tỉnh. Gắn kết chặt chẽ kết quả thực hiện phong trào thi đua với công tác khen thưởng; khen thưởng phải trên cơ sở kết quả, thành tích thi đua; thực hiện đúng quy trình, nâng cao chất lượng khen thưởng, bảo đảm khen thưởng kịp thời, thực chất, chính xác, dân chủ, công khai.",
            ),
            Block::section(2, "NỘI DUNG THỰC HIỆN"),
            Block::numbered(
                1,
                "Tiếp tục tuyên truyền, quán triệt tư tưởng của Hồ Chí Minh về thi đua yêu nước, Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về thi đua, khen thưởng và Chỉ thị số 16-CT/TU ngày 25/9/2014 của Ban Thường vụ Tỉnh ủy Khánh Hòa về việc tiếp tục đổi mới công tác thi đua, khen thưởng; trách nhiệm nêu gương của người đứng đầu cơ quan, đơn vị trong việc triển khai công tác thi đua khen thưởng.",
            ),
            Block::numbered(
                2,
                "Tiếp tục thực hiện có hiệu quả các phong trào thi đua do tỉnh và trung ương phát động: “Cả nước chung tay xây dựng nông thôn mới”; “Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau”; “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”; “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”.",
            ),
            Block::numbered(
                3,
                "Tổ chức phong trào thi đua gắn với nhiệm vụ chính trị của cơ quan; kế hoạch phát triển kinh tế - xã hội tỉnh Khánh Hoà năm 2021 và công tác phòng, chống dịch bệnh Covid-19 trong tình hình mới.",
            ),
            Block::para(
                "Tiếp tục triển khai thực hiện Nghị quyết số 04-NQ/TW ngày 20/10/2016 của Ban Chấp hành Trung ương Đảng khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng, chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ; Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ về tăng cường kỷ luật, kỷ cương trong cơ quan hành chính nhà nước các cấp; Cuộc vận động xây dựng người cán bộ, công chức, viên chức “Trung thành - Trách nhiệm - Liêm chính - Sáng tạo” trong thời kỳ đẩy mạnh công nghiệp hoá - hiện đại hoá đất nước”; tập trung tuyên truyền các ngày lễ, kỷ niệm lớn của đất nước, của tỉnh, đặc biệt tuyên truyền Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng, bầu cử Đại biểu Quốc hội khóa XV và Đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026. Trong đó, trọng tâm thi đua:",
            ),
            Block::bullet(
                "Thi đua triển khai có hiệu quả Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Khánh Hòa lần thứ XVIII nhiệm kỳ 2020 - 2025; Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2025, định hướng đến năm 2030 trên địa bàn tỉnh Khánh Hòa;",
            ),
            Block::bullet(
                "Thi đua đẩy mạnh cải cách hành chính theo kế hoạch cải cách hành chính của tỉnh giai đoạn 2021 - 2030 và kế hoạch năm 2021; nâng cao hiệu lực, hiệu quả quản lý nhà nước về công tác dân tộc; bảo đảm an ninh chính trị, trật tự an toàn xã hội vùng đồng bào dân tộc thiểu số và miền núi;",
            ),
            Block::bullet(
                "Thi đua thực hiện tốt công tác bầu cử Đại biểu Quốc hội khóa XV và Đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026;",
            ),
            Block::numbered(
                4,
                "Kịp thời phát hiện, tuyên truyền, biểu dương, tôn vinh điển hình tiên tiến trong Phong trào thi đua, gương “Người tốt, việc tốt”, các mô hình mới, nhân tố mới tạo sự lan tỏa trong cộng đồng nhằm thúc đẩy, cổ vũ phong trào thi đua yêu nước góp phần tạo động lực thi đua hoàn thành xuất sắc nhiệm vụ được giao. Chú trọng khen thưởng công chức, người lao động không giữ chức vụ quản lý; quan tâm khen thưởng cá nhân, tập thể từ yếu, kém phấn đấu trở thành điển hình tiên tiến trong phong trào thi đua; các cán bộ tận tâm, tận tụy, sáng tạo trong tham mưu công tác thi đua khen thưởng. Đề cao vai trò của người lãnh đạo trong việc chủ động phát hiện, lựa chọn các tập thể, cá nhân có thành tích xứng đáng để khen thưởng hoặc trình cấp trên khen thưởng.",
            ),
            Block::numbered(
                5,
                "Chủ trì, phối hợp với các đơn vị thành viên Khối thi đua các cơ quan tham mưu tổng hợp xây dựng các tiêu chí thi đua, bảng chấm điểm phù hợp với đặc điểm, tính chất hoạt động của Khối, các đơn vị thành viên và theo quy định của Hội đồng Thi đua - Khen thưởng tỉnh; xây dựng chương trình, kế hoạch hoạt động của Khối theo từng quý và tổ chức ký kết giao ước thi đua Khối ngay từ đầu năm 2021 theo quy định.",
            ),
            Block::section(3, "TỔ CHỨC THỰC HIỆN"),
            Block::numbered(
                1,
                "Đăng ký danh hiệu thi đua: các phòng tổ chức đăng ký thi đua đối với tập thể, cá nhân thuộc đơn vị mình; nội dung đăng ký thi đua theo quy định tại Quy chế Thi đua khen thưởng của Ủy ban nhân dân tỉnh. Kết quả đăng ký thi đua của từng phòng gửi về Văn phòng Ban trước ngày 15/03/2021 để tổng hợp báo cáo cấp trên.",
            ),
            Block::numbered(
                2,
                "Các phòng căn cứ vào các nội dung tại Kế hoạch công tác năm 2021 đã được Lãnh đạo Ban phê duyệt và Kế hoạch này để phát động thi đua thực hiện nhiệm vụ chuyên môn gắn liền với các phong trào thi đua khen thưởng. Kết thúc đợt thi đua, tiến hành bình xét và đề nghị Hội đồng thi đua khen thưởng của Ban, Hồ sơ đề nghị xét sáng kiến gửi về trước ngày 01/11/2021 và hồ sơ đề nghị khen thưởng gửi về trước ngày 20/11/2021.",
            ),
            Block::numbered(
                3,
                "Hội đồng thi đua khen thưởng có trách nhiệm tham mưu cho Trưởng Ban trong việc tổ chức, chỉ đạo, thường xuyên hướng dẫn, đôn đốc, kiểm tra các tập thể, cá nhân triển khai thực hiện Kế hoạch và tổng hợp đăng ký thi đua báo cáo cấp có thẩm quyền theo quy định. Hướng dẫn về việc bình xét, đề nghị khen thưởng và tổng hợp hồ sơ đề nghị khen tham mưu Hội đồng thi đua khen thưởng Ban xem xét trình Trưởng Ban quyết định./.",
            ),
        ],
        signature: Signature {
            prefix: None,
            authority: None,
            position: "TRƯỞNG BAN".to_owned(),
            signer: "Đặng Văn Tuấn".to_owned(),
        },
        recipients: vec![
            "Ủy ban Dân tộc".to_owned(),
            "Ban TĐ-KT tỉnh".to_owned(),
            "Phòng DT các huyện, TX, TP".to_owned(),
            "Các Phòng thuộc Ban".to_owned(),
            "CĐCS, Đoàn TN Ban Dân tộc".to_owned(),
        ],
        recipients_note: Some("(VBĐT)".to_owned()),
        archive: "VT, VP".to_owned(),
        ..AdminDocument::new(DocKind::KeHoach, "BAN DÂN TỘC", "Khánh Hòa")
    }
}

/// A decision awarding Bằng khen, in the shape of the production template
/// (NĐ 30 Mẫu 1.2; căn cứ updated to Luật 06/2022/QH15 and NĐ 152/2025/NĐ-CP),
/// with the "DANH SÁCH" of individuals and collectives attached. Names are
/// invented.
pub fn sample_decision() -> AdminDocument {
    let date = NaiveDate::from_ymd_opt(2026, 1, 5)
        .map(IssueDate::On)
        .unwrap_or(IssueDate::Blank { year: Some(2026) });
    let mut doc = AdminDocument {
        parent_body: None,
        number: Some(document_symbol(Some(15), DocKind::QuyetDinh, "UBND")),
        date,
        summary: "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh".to_owned(),
        authority_line: Some("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA".to_owned()),
        legal_basis: vec![
            "Căn cứ Luật Tổ chức chính quyền địa phương".to_owned(),
            "Căn cứ Luật Thi đua, khen thưởng".to_owned(),
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng".to_owned(),
            "Căn cứ Thông tư số 15/2025/TT-BNV của Bộ trưởng Bộ Nội vụ".to_owned(),
        ],
        proposer: Some("Theo đề nghị của Trưởng Ban Thi đua - Khen thưởng tỉnh tại Tờ trình số 12/TTr-BTĐKT ngày 02 tháng 01 năm 2026".to_owned()),
        body: vec![
            Block::Heading("QUYẾT ĐỊNH:".to_owned()),
            Block::Article {
                number: 1,
                title: None,
                text: vec![Span::plain("Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 cá nhân và 01 tập thể (có danh sách kèm theo) đã có thành tích xuất sắc trong phong trào thi đua năm 2025.")],
            },
            Block::article(2, "Kèm theo Bằng khen được tặng tiền thưởng theo quy định."),
            Block::article(3, "Chánh Văn phòng Ủy ban nhân dân tỉnh, Trưởng Ban Thi đua - Khen thưởng tỉnh, Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
        ],
        signature: Signature {
            prefix: Some(SignPrefix::Kt),
            authority: Some("Chủ tịch".to_owned()),
            position: "Phó Chủ tịch".to_owned(),
            signer: "Nguyễn Văn An".to_owned(),
        },
        recipients: vec!["Như Điều 3".to_owned(), "Ban TĐKT tỉnh".to_owned()],
        archive: "VT, NC".to_owned(),
        ..AdminDocument::new(DocKind::QuyetDinh, "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA", "Khánh Hòa")
    };
    let columns = |who: &str| {
        vec![
            Column::new("STT", 0.6, Align::Center),
            Column::new(who, 3.0, Align::Left),
            Column::new("Chức vụ, đơn vị công tác", 4.0, Align::Left),
        ]
    };
    doc.annexes.push(Annex {
        label: None,
        title: "DANH SÁCH".to_owned(),
        subtitle: Some(doc.attached_note("Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa")),
        blocks: vec![
            Block::section(1, "Cá nhân"),
            Block::Table(Table {
                columns: columns("Họ và tên"),
                rows: vec![
                    vec![
                        "1".to_owned(),
                        "Bà Trần Thị Bình".to_owned(),
                        "Chuyên viên Phòng Tổng hợp, Văn phòng Ủy ban nhân dân tỉnh".to_owned(),
                    ],
                    vec![
                        "2".to_owned(),
                        "Ông Lê Văn Cường".to_owned(),
                        "Trưởng phòng Nghiệp vụ, Ban Dân tộc tỉnh".to_owned(),
                    ],
                ],
            }),
            Block::section(2, "Tập thể"),
            Block::Table(Table {
                columns: columns("Tên tập thể"),
                rows: vec![vec![
                    "1".to_owned(),
                    "Phòng Chính sách".to_owned(),
                    "Ban Dân tộc tỉnh Khánh Hòa".to_owned(),
                ]],
            }),
        ],
    });
    doc
}
