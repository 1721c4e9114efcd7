//! The documents of an award decision in the NĐ 30/2020 layout: the decision
//! itself with its danh sách (Phụ lục III, Mẫu 1.2, quyết định cá biệt), the
//! minutes of the council's secret ballot, and the tờ trình that sends the
//! proposals the agency cannot decide itself to the level above.

use chrono::NaiveDate;
use tdkt_domain::text::format_number;

use crate::nd30::{
    AdminDocument, Align, Annex, Block, Column, DocKind, IssueDate, NUMBER_BLANK, Signature, Span,
    Table, date_words,
};

/// One line of the danh sách.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecipient {
    pub name: String,
    /// "Chuyên viên, Phòng Chính sách"; for a collective, its parent unit.
    pub position_unit: String,
    /// "Chiến sĩ thi đua cơ sở", "Giấy khen của Trưởng Ban Dân tộc".
    pub award: String,
    pub citation: String,
    /// In đồng.
    pub bonus: Option<u64>,
    pub individual: bool,
}

/// What an award decision says.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionDoc {
    /// "UBND TỈNH KHÁNH HÒA".
    pub parent_body: Option<String>,
    /// "BAN DÂN TỘC".
    pub issuer: String,
    /// "Ban Dân tộc tỉnh Khánh Hòa", for "(Kèm theo Quyết định số … của …)"
    /// and the fund that pays the bonuses.
    pub issuer_in_text: String,
    /// The whole symbol, "12/QĐ-BDT"; `None` for a draft not yet numbered.
    pub number: Option<String>,
    /// `None` for a draft: the date is left blank, with [`Self::year`].
    pub signed_on: Option<NaiveDate>,
    /// The year of the achievements.
    pub year: i32,
    pub place: String,
    /// Trích yếu: "Về việc khen thưởng thành tích năm 2021".
    pub summary: String,
    /// "TRƯỞNG BAN BAN DÂN TỘC TỈNH KHÁNH HÒA".
    pub authority_line: String,
    /// Căn cứ, one per line; the layout sets their punctuation.
    pub basis: Vec<String>,
    /// "Theo đề nghị của Chánh Văn phòng …".
    pub proposer: Option<String>,
    /// Điều 1, Điều 2, … without their labels; lines after the first of an
    /// article are its khoản. Empty: [`default_articles`].
    pub articles: Vec<String>,
    pub signature: Signature,
    /// Nơi nhận, without "Lưu".
    pub recipients: Vec<String>,
    /// What follows "Lưu:" ("VT, VP").
    pub archive: String,
    pub recipients_list: Vec<DecisionRecipient>,
}

/// The amount in words as written on Vietnamese financial documents, capitalised,
/// with "đồng": 1 490 000 → "Một triệu bốn trăm chín mươi nghìn đồng".
///
/// Groups of three digits are read with "nghìn", "triệu" and "tỷ" (larger
/// amounts repeat them: "nghìn tỷ"); a group after a higher one is read in
/// full ("không trăm linh năm"); a lone unit after "không trăm" or "… trăm"
/// takes "linh"; tens are "mười" for 1 and "… mươi" above; after "… mươi" a 1
/// reads "mốt" and a 4 "tư"; after any ten a 5 reads "lăm".
pub fn vnd_words(amount: u64) -> String {
    let mut words = Vec::new();
    if amount == 0 {
        words.push("không");
    } else {
        read_number(amount, false, &mut words);
    }
    words.push("đồng");
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// `after`: a higher group was read, so this one is read in full.
fn read_number(n: u64, after: bool, out: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        read_number(n / BILLION, after, out);
        out.push("tỷ");
        let rest = n % BILLION;
        if rest > 0 {
            read_number(rest, true, out);
        }
        return;
    }
    let mut after = after;
    for (group, unit) in [
        (n / 1_000_000, Some("triệu")),
        (n / 1_000 % 1_000, Some("nghìn")),
        (n % 1_000, None),
    ] {
        if group == 0 {
            continue;
        }
        read_group(group, after, out);
        out.extend(unit);
        after = true;
    }
}

fn read_group(g: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        (g / 100) as usize,
        (g / 10 % 10) as usize,
        (g % 10) as usize,
    );
    let hundreds = full || h > 0;
    if hundreds {
        out.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 => {
            if hundreds {
                out.push("linh");
            }
            out.push(DIGITS[u]);
        }
        0 => {}
        1 => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                u => out.push(DIGITS[u]),
            }
        }
        t => {
            out.extend([DIGITS[t], "mươi"]);
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                u => out.push(DIGITS[u]),
            }
        }
    }
}

/// "1.490.000".
fn money(amount: u64) -> String {
    format_number(i64::try_from(amount).unwrap_or(i64::MAX))
}

/// "danh hiệu “Chiến sĩ thi đua cơ sở”", but a form of commendation (a
/// Bằng khen, a Huân chương) by its own name.
fn award_phrase(award: &str) -> String {
    const FORMS: [&str; 6] = [
        "bằng khen",
        "giấy khen",
        "huân chương",
        "huy chương",
        "kỷ niệm chương",
        "cờ thi đua",
    ];
    let award = award.trim();
    const TITLE: &str = "danh hiệu";
    if let Some(head) = award.get(..TITLE.len())
        && head.to_lowercase() == TITLE
    {
        return format!("{TITLE}{}", &award[TITLE.len()..]);
    }
    let lower = award.to_lowercase();
    if FORMS.iter().any(|f| lower.starts_with(f)) {
        award.to_owned()
    } else {
        format!("danh hiệu “{award}”")
    }
}

/// "05 cá nhân và 01 tập thể".
fn who(people: usize, units: usize) -> String {
    match (people, units) {
        (0, u) => format!("{u:02} tập thể"),
        (p, 0) => format!("{p:02} cá nhân"),
        (p, u) => format!("{p:02} cá nhân và {u:02} tập thể"),
    }
}

/// (award, individuals, collectives) in order of first appearance.
fn award_groups(list: &[DecisionRecipient]) -> Vec<(&str, usize, usize)> {
    let mut groups: Vec<(&str, usize, usize)> = Vec::new();
    for r in list {
        let award = r.award.trim();
        let i = match groups.iter().position(|g| g.0 == award) {
            Some(i) => i,
            None => {
                groups.push((award, 0, 0));
                groups.len() - 1
            }
        };
        if r.individual {
            groups[i].1 += 1;
        } else {
            groups[i].2 += 1;
        }
    }
    groups
}

/// "Nghị định số 152/2025/NĐ-CP" from the căn cứ, preferring the decree on
/// emulation and commendation: it sets the bonuses.
fn decree_reference(basis: &[String]) -> Option<String> {
    let decree = |line: &String| {
        let at = line.find("Nghị định số ")?;
        let number = line[at + "Nghị định số ".len()..]
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .next()
            .filter(|n| !n.is_empty())?;
        Some(format!(
            "Nghị định số {}",
            number.trim_end_matches(['.', ')'])
        ))
    };
    basis
        .iter()
        .filter(|l| l.contains("thi đua") || l.contains("khen thưởng"))
        .find_map(decree)
        .or_else(|| basis.iter().find_map(decree))
}

/// Điều 1 (who is awarded what), Điều 2 (the bonus, when there is one) and
/// the article on effect and execution.
pub fn default_articles(d: &DecisionDoc) -> Vec<String> {
    let list = &d.recipients_list;
    let groups = award_groups(list);
    let people = list.iter().filter(|r| r.individual).count();
    let units = list.len() - people;
    let reason = format!("đã có thành tích trong phong trào thi đua năm {}", d.year);
    let mut articles = vec![match groups.as_slice() {
        [] => format!("Khen thưởng các cá nhân, tập thể {reason} (có danh sách kèm theo)."),
        [(award, p, u)] => format!(
            "Tặng {} cho {} {reason} (có danh sách kèm theo).",
            award_phrase(award),
            who(*p, *u)
        ),
        many => {
            let mut text = format!(
                "Khen thưởng {} {reason} (có danh sách kèm theo), cụ thể:",
                who(people, units)
            );
            for (i, (award, p, u)) in many.iter().enumerate() {
                text.push_str(&format!(
                    "\n{}. Tặng {} cho {}.",
                    i + 1,
                    award_phrase(award),
                    who(*p, *u)
                ));
            }
            text
        }
    }];
    if list.iter().any(|r| r.bonus.is_some()) {
        let total = list
            .iter()
            .filter_map(|r| r.bonus)
            .fold(0u64, u64::saturating_add);
        let rule = match decree_reference(&d.basis) {
            Some(decree) => format!("tại {decree}"),
            None => "của pháp luật về thi đua, khen thưởng".to_owned(),
        };
        articles.push(format!(
            "Kèm theo danh hiệu, hình thức khen thưởng là mức tiền thưởng theo quy định {rule} (có danh sách kèm theo); tổng số tiền: {} đồng (bằng chữ: {}).\nKinh phí khen thưởng trích từ Quỹ thi đua, khen thưởng của {}.",
            money(total),
            vnd_words(total),
            d.issuer_in_text.trim()
        ));
    }
    articles.push(
        "Quyết định này có hiệu lực kể từ ngày ký.\nChánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
            .to_owned(),
    );
    articles
}

/// An article as typed, without a leading "Điều 3." a user may have kept.
fn article_text(a: &str) -> &str {
    let a = a.trim();
    let Some(rest) = a.strip_prefix("Điều ") else {
        return a;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match rest[digits..].strip_prefix('.') {
        Some(text) if digits > 0 => text.trim_start(),
        _ => a,
    }
}

/// The text with the "./." that closes the body (NĐ 30, Phụ lục I).
fn closed(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with("./.") {
        return text.to_owned();
    }
    format!("{}./.", text.trim_end_matches(['.', ';', ',', ':']))
}

/// Articles as blocks: "Điều n." and the first line, then each further line
/// as a paragraph of its own (the khoản).
fn article_blocks(articles: &[String]) -> Vec<Block> {
    let texts: Vec<&str> = articles
        .iter()
        .map(|a| article_text(a))
        .filter(|a| !a.is_empty())
        .collect();
    let mut blocks = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let text = if i + 1 == texts.len() {
            closed(text)
        } else {
            (*text).to_owned()
        };
        let mut lines = text.split('\n').map(str::trim).filter(|l| !l.is_empty());
        blocks.push(Block::Article {
            number: i as u32 + 1,
            title: None,
            text: vec![Span::plain(lines.next().unwrap_or_default())],
        });
        blocks.extend(lines.map(Block::para));
    }
    blocks
}

fn issue_date(on: Option<NaiveDate>, year: i32) -> IssueDate {
    match on {
        Some(d) => IssueDate::On(d),
        None => IssueDate::Blank { year: Some(year) },
    }
}

/// "I. CÁ NHÂN" and "II. TẬP THỂ", each with its table; a section without
/// anyone is left out. The bonus column only when someone has a bonus.
fn list_blocks(list: &[DecisionRecipient]) -> Vec<Block> {
    let with_money = list.iter().any(|r| r.bonus.is_some());
    let mut blocks = Vec::new();
    for (individual, title) in [(true, "CÁ NHÂN"), (false, "TẬP THỂ")] {
        let rows: Vec<&DecisionRecipient> =
            list.iter().filter(|r| r.individual == individual).collect();
        if rows.is_empty() {
            continue;
        }
        // Widths in points of the 468 pt text width at 13 pt: "STT" and
        // "thưởng" must fit on a line of their own.
        let mut columns = vec![Column::new("STT", 34.0, Align::Center)];
        if individual {
            columns.push(Column::new("Họ và tên", 80.0, Align::Left));
            columns.push(Column::new("Chức vụ, đơn vị", 95.0, Align::Left));
        } else {
            columns.push(Column::new("Tên tập thể", 135.0, Align::Left));
        }
        columns.push(Column::new("Danh hiệu, hình thức", 80.0, Align::Left));
        columns.push(Column::new("Nội dung khen thưởng", 120.0, Align::Left));
        if with_money {
            columns.push(Column::new("Tiền thưởng (đồng)", 60.0, Align::Right));
        }
        let mut table_rows: Vec<Vec<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![(i + 1).to_string()];
                if individual {
                    row.push(r.name.clone());
                    row.push(r.position_unit.clone());
                } else if r.position_unit.trim().is_empty() {
                    row.push(r.name.clone());
                } else {
                    row.push(format!("{}, {}", r.name.trim(), r.position_unit.trim()));
                }
                row.push(r.award.clone());
                row.push(r.citation.clone());
                if with_money {
                    row.push(r.bonus.map(money).unwrap_or_default());
                }
                row
            })
            .collect();
        if with_money {
            let total = rows
                .iter()
                .filter_map(|r| r.bonus)
                .fold(0u64, u64::saturating_add);
            let mut row = vec![String::new(); columns.len()];
            row[1] = "Cộng".to_owned();
            if let Some(last) = row.last_mut() {
                *last = money(total);
            }
            table_rows.push(row);
        }
        blocks.push(Block::section(blocks.len() as u32 / 2 + 1, title));
        blocks.push(Block::Table(Table {
            columns,
            rows: table_rows,
        }));
    }
    blocks
}

/// The award decision with its danh sách.
pub fn decision(d: &DecisionDoc) -> AdminDocument {
    let articles = if d.articles.iter().all(|a| a.trim().is_empty()) {
        default_articles(d)
    } else {
        d.articles.clone()
    };
    let mut body = vec![Block::Heading("QUYẾT ĐỊNH:".to_owned())];
    body.extend(article_blocks(&articles));
    let mut doc = AdminDocument {
        parent_body: d.parent_body.clone(),
        number: d.number.clone(),
        date: issue_date(d.signed_on, d.year),
        summary: d.summary.clone(),
        authority_line: Some(d.authority_line.clone()),
        legal_basis: d.basis.clone(),
        proposer: d.proposer.clone(),
        body,
        signature: d.signature.clone(),
        recipients: d.recipients.clone(),
        archive: d.archive.clone(),
        ..AdminDocument::new(DocKind::QuyetDinh, d.issuer.clone(), d.place.clone())
    };
    if !d.recipients_list.is_empty() {
        doc.annexes.push(Annex {
            label: None,
            title: "DANH SÁCH".to_owned(),
            subtitle: Some(doc.attached_note(&d.issuer_in_text)),
            blocks: list_blocks(&d.recipients_list),
        });
    }
    doc
}

/// One nominee's result in the council's secret ballot.
#[derive(Debug, Clone, PartialEq)]
pub struct BallotLine {
    pub name: String,
    pub award: String,
    pub agree: u32,
    pub disagree: u32,
    pub abstain: u32,
    /// All members of the council: the share is of them, not of the votes cast.
    pub members: u32,
    /// `None`: the award needs no vote.
    pub threshold_percent: Option<f64>,
    /// "Đề nghị tặng", "Không đạt", …
    pub outcome: String,
}

/// The council's meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilMinutes {
    pub parent_body: Option<String>,
    /// "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG".
    pub council: String,
    /// "Ban Dân tộc tỉnh Khánh Hòa".
    pub agency_in_text: String,
    pub place: String,
    pub held_on: NaiveDate,
    pub year: i32,
    pub chair: String,
    pub secretary: String,
    /// "Nguyễn Văn A, Phó Trưởng ban — Chủ tịch Hội đồng".
    pub present: Vec<String>,
    /// As given, with their "(có ý kiến bằng văn bản)".
    pub absent: Vec<String>,
    pub members_total: u32,
    pub lines: Vec<BallotLine>,
    pub notes: String,
}

/// "88,9 %": one decimal with the Vietnamese comma, none when it is zero.
fn percent(p: f64) -> String {
    let tenths = (p * 10.0).round() as i64;
    match tenths % 10 {
        0 => format!("{} %", tenths / 10),
        d => format!("{},{} %", tenths / 10, d.abs()),
    }
}

/// The biên bản of the council's meeting and secret ballot, signed by the
/// secretary and the chair.
pub fn council_minutes(m: &CouncilMinutes) -> AdminDocument {
    let mut body = vec![Block::para(format!(
        "Vào {}, tại {}, Hội đồng Thi đua – Khen thưởng họp xét khen thưởng năm {}.",
        date_words(IssueDate::On(m.held_on)),
        m.agency_in_text.trim(),
        m.year
    ))];
    body.push(Block::section(1, "THÀNH PHẦN"));
    body.push(Block::numbered(1, format!("Chủ trì: {}.", m.chair.trim())));
    body.push(Block::numbered(
        2,
        format!("Thư ký: {}.", m.secretary.trim()),
    ));
    body.push(Block::numbered(
        3,
        format!(
            "Thành viên Hội đồng có mặt: {:02}/{:02} người, gồm:",
            m.present.len(),
            m.members_total
        ),
    ));
    body.extend(m.present.iter().map(|p| Block::bullet(p.trim())));
    if m.absent.is_empty() {
        body.push(Block::numbered(4, "Thành viên Hội đồng vắng mặt: không."));
    } else {
        body.push(Block::numbered(
            4,
            format!(
                "Thành viên Hội đồng vắng mặt: {:02} người, gồm:",
                m.absent.len()
            ),
        ));
        body.extend(m.absent.iter().map(|a| Block::bullet(a.trim())));
    }
    body.push(Block::section(2, "NỘI DUNG"));
    body.push(Block::para(format!(
        "Hội đồng đã nghe báo cáo tóm tắt thành tích của các cá nhân, tập thể được đề nghị khen thưởng, thảo luận và bỏ phiếu kín. Kết quả kiểm phiếu (tỷ lệ tính trên tổng số {} thành viên Hội đồng) như sau:",
        m.members_total
    )));
    body.push(Block::Table(Table {
        columns: vec![
            // In points of the 468 pt text width: the narrow columns fit "Không" and "Ngưỡng".
            Column::new("STT", 34.0, Align::Center),
            Column::new("Họ tên / tập thể", 78.0, Align::Left),
            Column::new("Danh hiệu, hình thức", 64.0, Align::Left),
            Column::new("Đồng ý", 44.0, Align::Center),
            Column::new("Không đồng ý", 46.0, Align::Center),
            Column::new("Không biểu quyết", 46.0, Align::Center),
            Column::new("Tỷ lệ đồng ý / tổng số thành viên", 54.0, Align::Center),
            Column::new("Ngưỡng", 52.0, Align::Center),
            Column::new("Kết quả", 50.0, Align::Left),
        ],
        rows: m
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let members = if l.members > 0 {
                    l.members
                } else {
                    m.members_total
                };
                // An item the rules put to no ballot shows no counts.
                let voted = l.threshold_percent.is_some_and(f64::is_finite);
                let dash = || "—".to_owned();
                let share = if members > 0 && voted {
                    percent(f64::from(l.agree) * 100.0 / f64::from(members))
                } else {
                    dash()
                };
                let count = |n: u32| if voted { n.to_string() } else { dash() };
                vec![
                    (i + 1).to_string(),
                    l.name.clone(),
                    l.award.clone(),
                    count(l.agree),
                    count(l.disagree),
                    count(l.abstain),
                    share,
                    l.threshold_percent
                        .filter(|t| t.is_finite())
                        .map(|t| {
                            if (t / 100.0 - tdkt_domain::commendation::ballot::MAJORITY).abs()
                                < 1e-9
                            {
                                "quá bán".to_owned()
                            } else {
                                format!("≥ {}", percent(t))
                            }
                        })
                        .unwrap_or_else(dash),
                    l.outcome.clone(),
                ]
            })
            .collect(),
    }));
    body.push(Block::section(3, "KẾT LUẬN"));
    let notes: Vec<&str> = m
        .notes
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if notes.is_empty() {
        body.push(Block::para(
            "Hội đồng thống nhất kết quả bỏ phiếu nêu trên và đề nghị khen thưởng các cá nhân, tập thể đạt tỷ lệ phiếu theo quy định.",
        ));
    }
    body.extend(notes.into_iter().map(Block::para));
    body.push(Block::para(
        "Biên bản đã được thông qua tại cuộc họp, các thành viên dự họp nhất trí./.",
    ));
    AdminDocument {
        parent_body: m.parent_body.clone(),
        date: IssueDate::On(m.held_on),
        summary: format!(
            "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín xét khen thưởng năm {}",
            m.year
        ),
        body,
        signature: Signature {
            position: "Chủ tịch Hội đồng".to_owned(),
            signer: m.chair.clone(),
            ..Signature::default()
        },
        co_signature: Some(Signature {
            position: "Thư ký".to_owned(),
            signer: m.secretary.clone(),
            ..Signature::default()
        }),
        recipients: vec!["Thành viên Hội đồng".to_owned()],
        archive: "VT".to_owned(),
        ..AdminDocument::new(DocKind::BienBan, m.council.clone(), m.place.clone())
    }
}

/// A tờ trình sending proposals to the level that decides them.
#[derive(Debug, Clone, PartialEq)]
pub struct UpwardProposal {
    pub parent_body: Option<String>,
    pub issuer: String,
    /// The whole symbol, "15/TTr-BDT"; `None` for a draft.
    pub number: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub year: i32,
    pub place: String,
    /// "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa".
    pub to: String,
    /// The body that receives the file on the way: "Sở Nội vụ (Ban Thi đua – Khen thưởng)".
    pub via: Option<String>,
    pub basis: Vec<String>,
    /// "Căn cứ kết quả họp và bỏ phiếu của Hội đồng … ngày …".
    pub council_line: String,
    pub signature: Signature,
    pub recipients_list: Vec<DecisionRecipient>,
}

/// The tờ trình with the counts per award and the danh sách annexed.
pub fn upward_to_trinh(p: &UpwardProposal) -> AdminDocument {
    let trimmed = |s: &str| s.trim().trim_end_matches([';', '.', ',']).to_owned();
    let mut body: Vec<Block> = p
        .basis
        .iter()
        .filter(|b| !b.trim().is_empty())
        .map(|b| Block::para(format!("{};", trimmed(b))))
        .collect();
    if !p.council_line.trim().is_empty() {
        body.push(Block::para(format!("{},", trimmed(&p.council_line))));
    }
    let people = p.recipients_list.iter().filter(|r| r.individual).count();
    let units = p.recipients_list.len() - people;
    body.push(Block::para(format!(
        "Kính đề nghị {} xem xét, khen thưởng cho {} đã có thành tích trong phong trào thi đua năm {}, cụ thể:",
        p.to.trim(),
        who(people, units),
        p.year
    )));
    for (i, (award, people, units)) in award_groups(&p.recipients_list).into_iter().enumerate() {
        body.push(Block::numbered(
            i as u32 + 1,
            format!("{award}: {}.", who(people, units)),
        ));
    }
    body.push(Block::Note("(Có danh sách và hồ sơ kèm theo)".to_owned()));
    body.push(Block::para(format!(
        "Kính trình {} xem xét, quyết định./.",
        p.to.trim()
    )));
    let mut kinh_gui = vec![p.to.clone()];
    kinh_gui.extend(p.via.iter().filter(|v| !v.trim().is_empty()).cloned());
    let date = issue_date(p.signed_on, p.year);
    let number = match p.number.as_deref().map(str::trim_end) {
        Some(n) if !n.trim().is_empty() => n.to_owned(),
        _ => NUMBER_BLANK.to_owned(),
    };
    let mut doc = AdminDocument {
        parent_body: p.parent_body.clone(),
        number: p.number.clone(),
        date,
        summary: format!("Về việc đề nghị khen thưởng năm {}", p.year),
        kinh_gui,
        body,
        signature: p.signature.clone(),
        recipients: vec!["Như trên".to_owned()],
        archive: "VT".to_owned(),
        ..AdminDocument::new(DocKind::ToTrinh, p.issuer.clone(), p.place.clone())
    };
    if !p.recipients_list.is_empty() {
        doc.annexes.push(Annex {
            label: None,
            title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".to_owned(),
            // The issuer is known only in capitals here, so the note names the tờ trình alone.
            subtitle: Some(format!(
                "(Kèm theo Tờ trình số {number} {})",
                date_words(date)
            )),
            blocks: list_blocks(&p.recipients_list),
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nd30::{SignPrefix, to_docx, to_pdf};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The text of each paragraph of the Word file, `w:br` as '\n'.
    fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
        use quick_xml::events::Event;
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut in_t = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().0 == "w:p" => cur.clear(),
                Event::End(e) if e.name().0 == "w:p" => out.push(std::mem::take(&mut cur)),
                Event::Start(e) if e.name().0 == "w:t" => in_t = true,
                Event::End(e) if e.name().0 == "w:t" => in_t = false,
                Event::Empty(e) if e.name().0 == "w:br" => cur.push('\n'),
                Event::Text(t) if in_t => {
                    cur.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0))
                }
                Event::GeneralRef(r) if in_t => cur.push(match r.into_inner().as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    _ => '\'',
                }),
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    /// The PDF's text, each page's lines joined by single spaces.
    pub(crate) fn pdf_text(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        doc.get_pages()
            .keys()
            .map(|n| {
                doc.extract_text(&[*n])
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn recipient(
        name: &str,
        award: &str,
        bonus: Option<u64>,
        individual: bool,
    ) -> DecisionRecipient {
        DecisionRecipient {
            name: name.into(),
            position_unit: if individual {
                "Chuyên viên, Phòng Chính sách".into()
            } else {
                "Ban Dân tộc tỉnh Khánh Hòa".into()
            },
            award: award.into(),
            citation: "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021".into(),
            bonus,
            individual,
        }
    }

    fn decision_doc() -> DecisionDoc {
        DecisionDoc {
            parent_body: Some("UBND TỈNH KHÁNH HÒA".into()),
            issuer: "BAN DÂN TỘC".into(),
            issuer_in_text: "Ban Dân tộc tỉnh Khánh Hòa".into(),
            number: Some("12/QĐ-BDT".into()),
            signed_on: Some(ymd(2021, 12, 20)),
            year: 2021,
            place: "Khánh Hòa".into(),
            summary: "Về việc khen thưởng thành tích năm 2021".into(),
            authority_line: "TRƯỞNG BAN BAN DÂN TỘC TỈNH KHÁNH HÒA".into(),
            basis: vec![
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into(),
                "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng".into(),
            ],
            proposer: Some("Theo đề nghị của Chánh Văn phòng Ban".into()),
            articles: Vec::new(),
            signature: Signature {
                prefix: None,
                authority: None,
                position: "Trưởng ban".into(),
                signer: "Đặng Văn Tuấn".into(),
            },
            recipients: vec!["Như Điều 3".into(), "Sở Nội vụ".into()],
            archive: "VT, VP".into(),
            recipients_list: vec![
                recipient("Nguyễn Thị Hồng Nhung", "Chiến sĩ thi đua cơ sở", Some(1_490_000), true),
                recipient("Trần Văn Đức", "Chiến sĩ thi đua cơ sở", Some(1_490_000), true),
                recipient("Phòng Chính sách", "Chiến sĩ thi đua cơ sở", None, false),
            ],
        }
    }

    #[test]
    fn amounts_in_words() {
        let cases: &[(u64, &str)] = &[
            (0, "Không đồng"),
            (1, "Một đồng"),
            (5, "Năm đồng"),
            (10, "Mười đồng"),
            (11, "Mười một đồng"),
            (14, "Mười bốn đồng"),
            (15, "Mười lăm đồng"),
            (20, "Hai mươi đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi tư đồng"),
            (25, "Hai mươi lăm đồng"),
            (55, "Năm mươi lăm đồng"),
            (100, "Một trăm đồng"),
            (101, "Một trăm linh một đồng"),
            (104, "Một trăm linh bốn đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (115, "Một trăm mười lăm đồng"),
            (121, "Một trăm hai mươi mốt đồng"),
            (1_000, "Một nghìn đồng"),
            (1_001, "Một nghìn không trăm linh một đồng"),
            (1_010, "Một nghìn không trăm mười đồng"),
            (1_015, "Một nghìn không trăm mười lăm đồng"),
            (1_100, "Một nghìn một trăm đồng"),
            (10_000, "Mười nghìn đồng"),
            (15_000, "Mười lăm nghìn đồng"),
            (21_000, "Hai mươi mốt nghìn đồng"),
            (105_000, "Một trăm linh năm nghìn đồng"),
            (702_000, "Bảy trăm linh hai nghìn đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_000_005, "Một triệu không trăm linh năm đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
            (1_490_000, "Một triệu bốn trăm chín mươi nghìn đồng"),
            (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
            (
                45_450_000,
                "Bốn mươi lăm triệu bốn trăm năm mươi nghìn đồng",
            ),
            (1_000_000_000, "Một tỷ đồng"),
            (1_000_000_500, "Một tỷ năm trăm đồng"),
            (2_001_000_000, "Hai tỷ không trăm linh một triệu đồng"),
            (1_000_000_000_000, "Một nghìn tỷ đồng"),
            (
                5_021_000_000_000,
                "Năm nghìn không trăm hai mươi mốt tỷ đồng",
            ),
        ];
        for (n, words) in cases {
            assert_eq!(vnd_words(*n), *words, "{n}");
        }
        // The largest amount still reads, down to its last digit.
        let max = vnd_words(u64::MAX);
        // 18 446 744 073 709 551 615: "tỷ" repeats, the middle read in full.
        assert!(
            max.starts_with(
                "Mười tám tỷ bốn trăm bốn mươi sáu triệu bảy trăm bốn mươi tư nghìn không trăm bảy mươi ba tỷ bảy trăm linh chín triệu"
            ),
            "{max}"
        );
        assert!(max.ends_with("sáu trăm mười lăm đồng"), "{max}");
    }

    #[test]
    fn default_articles_count_per_award_and_total_the_bonus() {
        let d = decision_doc();
        let a = default_articles(&d);
        assert_eq!(a.len(), 3);
        assert_eq!(
            a[0],
            "Tặng danh hiệu “Chiến sĩ thi đua cơ sở” cho 02 cá nhân và 01 tập thể đã có thành tích trong phong trào thi đua năm 2021 (có danh sách kèm theo)."
        );
        assert!(
            a[1].contains("theo quy định tại Nghị định số 98/2023/NĐ-CP"),
            "{}",
            a[1]
        );
        assert!(
            a[1].contains(
                "tổng số tiền: 2.980.000 đồng (bằng chữ: Hai triệu chín trăm tám mươi nghìn đồng)"
            ),
            "{}",
            a[1]
        );
        assert!(a[1].contains("Quỹ thi đua, khen thưởng của Ban Dân tộc tỉnh Khánh Hòa."));
        assert!(a[2].contains("tại Điều 1 chịu trách nhiệm thi hành Quyết định này."));

        // Several awards: one sentence each; no bonus: no article on it.
        let mut d = decision_doc();
        for r in &mut d.recipients_list {
            r.bonus = None;
        }
        d.recipients_list[1].award = "Giấy khen của Trưởng Ban Dân tộc".into();
        let a = default_articles(&d);
        assert_eq!(a.len(), 2);
        let lines: Vec<&str> = a[0].lines().collect();
        assert_eq!(
            lines,
            vec![
                "Khen thưởng 02 cá nhân và 01 tập thể đã có thành tích trong phong trào thi đua năm 2021 (có danh sách kèm theo), cụ thể:",
                "1. Tặng danh hiệu “Chiến sĩ thi đua cơ sở” cho 01 cá nhân và 01 tập thể.",
                "2. Tặng Giấy khen của Trưởng Ban Dân tộc cho 01 cá nhân.",
            ]
        );
        assert!(a[1].starts_with("Quyết định này có hiệu lực"));
    }

    #[test]
    fn the_decision_has_its_lines_articles_and_list() {
        let doc = decision(&decision_doc());
        let paras = docx_paragraphs(&to_docx(&doc).unwrap());
        let has = |s: &str| paras.iter().any(|p| p == s);
        for line in [
            "UBND TỈNH KHÁNH HÒA",
            "BAN DÂN TỘC",
            "Số: 12/QĐ-BDT",
            "Khánh Hòa, ngày 20 tháng 12 năm 2021",
            "QUYẾT ĐỊNH",
            "Về việc khen thưởng thành tích năm 2021",
            "TRƯỞNG BAN BAN DÂN TỘC TỈNH KHÁNH HÒA",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Theo đề nghị của Chánh Văn phòng Ban.",
            "QUYẾT ĐỊNH:",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
            "Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
            "- Như Điều 3;",
            "- Lưu: VT, VP.",
            "DANH SÁCH",
            "(Kèm theo Quyết định số 12/QĐ-BDT ngày 20 tháng 12 năm 2021 của Ban Dân tộc tỉnh Khánh Hòa)",
            "I. CÁ NHÂN",
            "II. TẬP THỂ",
            "Tiền thưởng (đồng)",
            "1.490.000",
            "2.980.000",
            "Phòng Chính sách, Ban Dân tộc tỉnh Khánh Hòa",
        ] {
            assert!(has(line), "{line:?} not in {paras:#?}");
        }
        assert_eq!(paras.iter().filter(|p| p.contains("./.")).count(), 1);

        let pages = pdf_text(&to_pdf(&doc).unwrap());
        let all = pages.join(" ");
        for want in [
            "Số: 12/QĐ-BDT",
            "ngày 20 tháng 12 năm 2021",
            "Nguyễn Thị Hồng Nhung",
            "Trần Văn Đức",
            "Đặng Văn Tuấn",
            "I. CÁ NHÂN",
        ] {
            assert!(all.contains(want), "{want} not in the PDF: {all}");
        }
        assert!(pages.last().unwrap().starts_with("DANH SÁCH"));
    }

    #[test]
    fn empty_sections_are_left_out_and_the_rest_numbered_from_one() {
        let mut d = decision_doc();
        d.recipients_list.retain(|r| !r.individual);
        let doc = decision(&d);
        let blocks = &doc.annexes[0].blocks;
        assert_eq!(blocks[0], Block::section(1, "TẬP THỂ"));
        assert_eq!(blocks.len(), 2);
        let Block::Table(t) = &blocks[1] else {
            panic!()
        };
        assert_eq!(t.columns[1].header, "Tên tập thể");
        // No one has a bonus here: no money column, no total.
        assert!(t.columns.iter().all(|c| !c.header.starts_with("Tiền")));
        assert_eq!(t.rows.len(), 1);
        assert!(
            doc.body
                .iter()
                .all(|b| !matches!(b, Block::Article { number: 3, .. }))
        );

        d.recipients_list.clear();
        assert!(decision(&d).annexes.is_empty());
    }

    #[test]
    fn a_draft_leaves_blanks_and_typed_articles_are_kept() {
        let mut d = decision_doc();
        d.number = None;
        d.signed_on = None;
        d.articles = vec![
            "Điều 1. Tặng Giấy khen cho ông A.".into(),
            "  ".into(),
            "Quyết định này có hiệu lực kể từ ngày ký.".into(),
        ];
        let doc = decision(&d);
        assert_eq!(doc.date_line(), "Khánh Hòa, ngày     tháng     năm 2021");
        assert_eq!(
            doc.annexes[0].subtitle.as_deref(),
            Some(
                format!(
                    "(Kèm theo Quyết định số {NUMBER_BLANK} ngày     tháng     năm 2021 của Ban Dân tộc tỉnh Khánh Hòa)"
                )
                .as_str()
            )
        );
        let articles: Vec<&Block> = doc
            .body
            .iter()
            .filter(|b| matches!(b, Block::Article { .. }))
            .collect();
        assert_eq!(
            articles,
            vec![
                &Block::article(1, "Tặng Giấy khen cho ông A."),
                &Block::article(2, "Quyết định này có hiệu lực kể từ ngày ký./."),
            ]
        );
        assert!(to_pdf(&doc).is_ok() && to_docx(&doc).is_ok());
    }

    fn minutes() -> CouncilMinutes {
        CouncilMinutes {
            parent_body: Some("BAN DÂN TỘC TỈNH KHÁNH HÒA".into()),
            council: "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG".into(),
            agency_in_text: "Ban Dân tộc tỉnh Khánh Hòa".into(),
            place: "Khánh Hòa".into(),
            held_on: ymd(2021, 12, 15),
            year: 2021,
            chair: "Nguyễn Văn Ánh".into(),
            secretary: "Lê Thị Thư".into(),
            present: vec![
                "Nguyễn Văn Ánh, Phó Trưởng ban — Chủ tịch Hội đồng".into(),
                "Lê Thị Thư, Chánh Văn phòng — Thư ký".into(),
            ],
            absent: vec!["Phạm Quốc Việt, Trưởng phòng (có ý kiến bằng văn bản)".into()],
            members_total: 9,
            lines: vec![
                BallotLine {
                    name: "Nguyễn Thị Hồng Nhung".into(),
                    award: "Chiến sĩ thi đua cơ sở".into(),
                    agree: 8,
                    disagree: 1,
                    abstain: 0,
                    members: 9,
                    threshold_percent: Some(80.0),
                    outcome: "Đề nghị tặng".into(),
                },
                BallotLine {
                    name: "Phòng Chính sách".into(),
                    award: "Giấy khen".into(),
                    agree: 5,
                    disagree: 2,
                    abstain: 2,
                    members: 9,
                    threshold_percent: None,
                    outcome: "Đề nghị tặng".into(),
                },
            ],
            notes: "Hội đồng thống nhất đề nghị Trưởng ban khen thưởng 02 trường hợp.".into(),
        }
    }

    #[test]
    fn the_minutes_carry_the_ballot_and_two_signatures() {
        let doc = council_minutes(&minutes());
        let paras = docx_paragraphs(&to_docx(&doc).unwrap());
        let has = |s: &str| paras.iter().any(|p| p == s);
        for line in [
            "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
            "BIÊN BẢN",
            "Họp Hội đồng Thi đua – Khen thưởng và kết quả bỏ phiếu kín xét khen thưởng năm 2021",
            "Khánh Hòa, ngày 15 tháng 12 năm 2021",
            "I. THÀNH PHẦN",
            "3. Thành viên Hội đồng có mặt: 02/09 người, gồm:",
            "- Phạm Quốc Việt, Trưởng phòng (có ý kiến bằng văn bản)",
            "II. NỘI DUNG",
            "88,9 %",
            "≥ 80 %",
            "—",
            "III. KẾT LUẬN",
            "Hội đồng thống nhất đề nghị Trưởng ban khen thưởng 02 trường hợp.",
            "THƯ KÝ",
            "CHỦ TỊCH HỘI ĐỒNG",
            "Lê Thị Thư",
            "Nguyễn Văn Ánh",
        ] {
            assert!(has(line), "{line:?} not in {paras:#?}");
        }
        assert!(
            !has("55,6 %"),
            "no share for an item the rules put to no ballot"
        );
        let pdf = pdf_text(&to_pdf(&doc).unwrap()).join(" ");
        for want in [
            "88,9 %",
            "≥ 80 %",
            "THƯ KÝ",
            "CHỦ TỊCH HỘI ĐỒNG",
            "Nguyễn Thị Hồng Nhung",
            "Lê Thị Thư",
            "Nơi nhận:",
        ] {
            assert!(pdf.contains(want), "{want} not in the PDF: {pdf}");
        }
        // The secretary's signature, then the chair's, then Nơi nhận below them.
        let at = |s: &str| pdf.find(s).unwrap();
        assert!(at("THƯ KÝ") < at("CHỦ TỊCH HỘI ĐỒNG"));
        assert!(at("CHỦ TỊCH HỘI ĐỒNG") < at("Nơi nhận:"));
    }

    #[test]
    fn percentages_use_the_decimal_comma() {
        assert_eq!(percent(800.0 / 9.0), "88,9 %");
        assert_eq!(percent(80.0), "80 %");
        assert_eq!(percent(100.0), "100 %");
        assert_eq!(percent(200.0 / 3.0), "66,7 %");
    }

    #[test]
    fn the_upward_to_trinh_counts_and_lists() {
        let p = UpwardProposal {
            parent_body: Some("UBND TỈNH KHÁNH HÒA".into()),
            issuer: "BAN DÂN TỘC".into(),
            number: Some("15/TTr-BDT".into()),
            signed_on: Some(ymd(2021, 12, 20)),
            year: 2021,
            place: "Khánh Hòa".into(),
            to: "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa".into(),
            via: Some("Sở Nội vụ (Ban Thi đua – Khen thưởng)".into()),
            basis: vec!["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022.".into()],
            council_line: "Căn cứ kết quả họp và bỏ phiếu của Hội đồng Thi đua – Khen thưởng Ban Dân tộc ngày 15 tháng 12 năm 2021".into(),
            signature: Signature {
                prefix: Some(SignPrefix::Kt),
                authority: None,
                position: "Trưởng ban".into(),
                signer: "Đặng Văn Tuấn".into(),
            },
            recipients_list: vec![
                recipient("Nguyễn Thị Hồng Nhung", "Bằng khen của Chủ tịch UBND tỉnh", None, true),
                recipient("Trần Văn Đức", "Bằng khen của Chủ tịch UBND tỉnh", None, true),
                recipient("Phòng Chính sách", "Bằng khen của Chủ tịch UBND tỉnh", None, false),
                recipient("Lê Văn Một", "Chiến sĩ thi đua cấp tỉnh", None, true),
            ],
        };
        let doc = upward_to_trinh(&p);
        assert_eq!(doc.kind, DocKind::ToTrinh);
        let paras = docx_paragraphs(&to_docx(&doc).unwrap());
        // The first Kính gửi line starts with the label and a tab.
        let has = |s: &str| {
            paras
                .iter()
                .any(|p| p == s || p.ends_with(&format!("Kính gửi:{s}")))
        };
        for line in [
            "TỜ TRÌNH",
            "Số: 15/TTr-BDT",
            "Khánh Hòa, ngày 20 tháng 12 năm 2021",
            "- Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa;",
            "- Sở Nội vụ (Ban Thi đua – Khen thưởng).",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ kết quả họp và bỏ phiếu của Hội đồng Thi đua – Khen thưởng Ban Dân tộc ngày 15 tháng 12 năm 2021,",
            "1. Bằng khen của Chủ tịch UBND tỉnh: 02 cá nhân và 01 tập thể.",
            "2. Chiến sĩ thi đua cấp tỉnh: 01 cá nhân.",
            "Kính trình Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa xem xét, quyết định./.",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "(Kèm theo Tờ trình số 15/TTr-BDT ngày 20 tháng 12 năm 2021)",
            "I. CÁ NHÂN",
            "II. TẬP THỂ",
        ] {
            assert!(has(line), "{line:?} not in {paras:#?}");
        }
        assert!(!paras.iter().any(|p| p == "Tiền thưởng (đồng)"));
        let pdf = pdf_text(&to_pdf(&doc).unwrap()).join(" ");
        for want in ["Nguyễn Thị Hồng Nhung", "Lê Văn Một", "KT. TRƯỞNG BAN"] {
            assert!(pdf.contains(want), "{want} not in the PDF: {pdf}");
        }
    }

    #[test]
    fn award_phrases() {
        assert_eq!(
            award_phrase("Lao động tiên tiến"),
            "danh hiệu “Lao động tiên tiến”"
        );
        assert_eq!(
            award_phrase(" Giấy khen của Giám đốc "),
            "Giấy khen của Giám đốc"
        );
        assert_eq!(
            award_phrase("Danh hiệu Tập thể lao động tiên tiến"),
            "danh hiệu Tập thể lao động tiên tiến"
        );
        assert_eq!(
            award_phrase("Cờ thi đua của UBND tỉnh"),
            "Cờ thi đua của UBND tỉnh"
        );
    }
}
