//! The plain data of an administrative document, and the small formatting
//! rules of NĐ 30/2020/NĐ-CP that do not depend on the output format
//! (number symbols, the date line, punctuation of lists).

use chrono::{Datelike, NaiveDate};

/// Kinds of administrative documents (NĐ 30/2020, Phụ lục III, bảng I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    QuyetDinh,
    NghiQuyet,
    ChiThi,
    QuyChe,
    QuyDinh,
    ThongBao,
    HuongDan,
    ChuongTrinh,
    KeHoach,
    PhuongAn,
    DeAn,
    BaoCao,
    BienBan,
    ToTrinh,
    HopDong,
    CongDien,
    GiayMoi,
    GiayGioiThieu,
    /// Công văn: no tên loại; its trích yếu is the "V/v …" line under the number.
    CongVan,
}

impl DocKind {
    /// The abbreviation used in the number symbol (Phụ lục III); `None` for a
    /// công văn, whose symbol is the issuer's abbreviation alone.
    pub fn abbreviation(self) -> Option<&'static str> {
        Some(match self {
            DocKind::QuyetDinh => "QĐ",
            DocKind::NghiQuyet => "NQ",
            DocKind::ChiThi => "CT",
            DocKind::QuyChe => "QC",
            DocKind::QuyDinh => "QyĐ",
            DocKind::ThongBao => "TB",
            DocKind::HuongDan => "HD",
            DocKind::ChuongTrinh => "CTr",
            DocKind::KeHoach => "KH",
            DocKind::PhuongAn => "PA",
            DocKind::DeAn => "ĐA",
            DocKind::BaoCao => "BC",
            DocKind::BienBan => "BB",
            DocKind::ToTrinh => "TTr",
            DocKind::HopDong => "HĐ",
            DocKind::CongDien => "CĐ",
            DocKind::GiayMoi => "GM",
            DocKind::GiayGioiThieu => "GGT",
            DocKind::CongVan => return None,
        })
    }

    /// The tên loại printed under the header, upper case; empty for a công văn.
    pub fn title(self) -> &'static str {
        match self {
            DocKind::QuyetDinh => "QUYẾT ĐỊNH",
            DocKind::NghiQuyet => "NGHỊ QUYẾT",
            DocKind::ChiThi => "CHỈ THỊ",
            DocKind::QuyChe => "QUY CHẾ",
            DocKind::QuyDinh => "QUY ĐỊNH",
            DocKind::ThongBao => "THÔNG BÁO",
            DocKind::HuongDan => "HƯỚNG DẪN",
            DocKind::ChuongTrinh => "CHƯƠNG TRÌNH",
            DocKind::KeHoach => "KẾ HOẠCH",
            DocKind::PhuongAn => "PHƯƠNG ÁN",
            DocKind::DeAn => "ĐỀ ÁN",
            DocKind::BaoCao => "BÁO CÁO",
            DocKind::BienBan => "BIÊN BẢN",
            DocKind::ToTrinh => "TỜ TRÌNH",
            DocKind::HopDong => "HỢP ĐỒNG",
            DocKind::CongDien => "CÔNG ĐIỆN",
            DocKind::GiayMoi => "GIẤY MỜI",
            DocKind::GiayGioiThieu => "GIẤY GIỚI THIỆU",
            DocKind::CongVan => "",
        }
    }

    /// The name in running text ("Kế hoạch"), for "(Kèm theo Kế hoạch số …)".
    pub fn name(self) -> &'static str {
        match self {
            DocKind::QuyetDinh => "Quyết định",
            DocKind::NghiQuyet => "Nghị quyết",
            DocKind::ChiThi => "Chỉ thị",
            DocKind::QuyChe => "Quy chế",
            DocKind::QuyDinh => "Quy định",
            DocKind::ThongBao => "Thông báo",
            DocKind::HuongDan => "Hướng dẫn",
            DocKind::ChuongTrinh => "Chương trình",
            DocKind::KeHoach => "Kế hoạch",
            DocKind::PhuongAn => "Phương án",
            DocKind::DeAn => "Đề án",
            DocKind::BaoCao => "Báo cáo",
            DocKind::BienBan => "Biên bản",
            DocKind::ToTrinh => "Tờ trình",
            DocKind::HopDong => "Hợp đồng",
            DocKind::CongDien => "Công điện",
            DocKind::GiayMoi => "Giấy mời",
            DocKind::GiayGioiThieu => "Giấy giới thiệu",
            DocKind::CongVan => "Công văn",
        }
    }
}

/// The blanks a drafter leaves for the number and the date, as offices type
/// them (wide enough to write a number by hand).
pub const NUMBER_BLANK: &str = "       ";
const DAY_BLANK: &str = "     ";

/// Builds the "số, ký hiệu" (the part after "Số: "): "15/QĐ-UBND",
/// "05/KH-BDT" (numbers below 10 zero-padded), "15/UBND-VP" for a công văn
/// (whose `issuer_abbr` carries the drafting unit), and for a draft without a
/// number "       /KH-BDT".
pub fn document_symbol(number: Option<u32>, kind: DocKind, issuer_abbr: &str) -> String {
    let num = match number {
        Some(n) => format!("{n:02}"),
        None => NUMBER_BLANK.to_owned(),
    };
    match kind.abbreviation() {
        Some(abbr) => format!("{num}/{abbr}-{}", issuer_abbr.trim()),
        None => format!("{num}/{}", issuer_abbr.trim()),
    }
}

/// The date of issue: a real date, or blanks for a draft (the year may be known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueDate {
    On(NaiveDate),
    Blank { year: Option<i32> },
}

impl From<NaiveDate> for IssueDate {
    fn from(d: NaiveDate) -> Self {
        IssueDate::On(d)
    }
}

/// "ngày 05 tháng 01 năm 2021": days below 10 and the months 1 and 2 are
/// zero-padded (NĐ 30, Phụ lục I), so a hand-added digit cannot change them.
pub fn date_words(date: IssueDate) -> String {
    match date {
        IssueDate::On(d) => {
            let month = d.month();
            let month = if month <= 2 {
                format!("{month:02}")
            } else {
                month.to_string()
            };
            format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
        }
        IssueDate::Blank { year } => {
            let year = year
                .map(|y| y.to_string())
                .unwrap_or_else(|| DAY_BLANK.to_owned());
            format!("ngày{DAY_BLANK}tháng{DAY_BLANK}năm {year}")
        }
    }
}

/// "Khánh Hòa, ngày 05 tháng 01 năm 2021".
pub fn date_line(place: &str, date: IssueDate) -> String {
    format!("{}, {}", place.trim(), date_words(date))
}

/// Upper-case Roman numeral (sections "I.", annexes "Phụ lục II").
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A run of text inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: true,
            italic: false,
        }
    }
    pub fn italic(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: false,
            italic: true,
        }
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A table column: its header, its relative width and the alignment of its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Relative weight; the table always spans the text width.
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f32, align: Align) -> Self {
        Column {
            header: header.into(),
            width,
            align,
        }
    }
}

/// A ruled table (annex lists, report figures). The header row repeats on
/// each page the table runs over.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

/// One block of the body or of an annex.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// "I. MỤC ĐÍCH, YÊU CẦU", bold; the title is printed as given.
    Section {
        numeral: u32,
        title: String,
    },
    /// Khoản "1. …".
    Numbered {
        number: u32,
        text: Vec<Span>,
    },
    /// Điểm "a) …".
    Lettered {
        letter: char,
        text: Vec<Span>,
    },
    /// "- …".
    Bullet(Vec<Span>),
    /// A plain paragraph: justified, first-line indent.
    Paragraph(Vec<Span>),
    /// "Điều 1." bold, with an optional bold title, then the text.
    Article {
        number: u32,
        title: Option<String>,
        text: Vec<Span>,
    },
    /// A centred bold line: "QUYẾT ĐỊNH:", "DANH SÁCH".
    Heading(String),
    /// A centred italic line: "(Kèm theo …)".
    Note(String),
    Table(Table),
    PageBreak,
}

impl Block {
    pub fn para(text: impl Into<String>) -> Self {
        Block::Paragraph(vec![Span::plain(text)])
    }
    pub fn bullet(text: impl Into<String>) -> Self {
        Block::Bullet(vec![Span::plain(text)])
    }
    pub fn numbered(number: u32, text: impl Into<String>) -> Self {
        Block::Numbered {
            number,
            text: vec![Span::plain(text)],
        }
    }
    pub fn lettered(letter: char, text: impl Into<String>) -> Self {
        Block::Lettered {
            letter,
            text: vec![Span::plain(text)],
        }
    }
    pub fn section(numeral: u32, title: impl Into<String>) -> Self {
        Block::Section {
            numeral,
            title: title.into(),
        }
    }
    pub fn article(number: u32, text: impl Into<String>) -> Self {
        Block::Article {
            number,
            title: None,
            text: vec![Span::plain(text)],
        }
    }
}

/// Authority prefixes of the signature block (NĐ 30, Điều 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignPrefix {
    /// Thay mặt (on behalf of a collective).
    Tm,
    /// Ký thay (a deputy for the head).
    Kt,
    /// Quyền (acting head).
    Q,
    /// Thừa lệnh (by order).
    Tl,
    /// Thừa ủy quyền (by delegation).
    Tuq,
}

impl SignPrefix {
    pub fn abbreviation(self) -> &'static str {
        match self {
            SignPrefix::Tm => "TM.",
            SignPrefix::Kt => "KT.",
            SignPrefix::Q => "Q.",
            SignPrefix::Tl => "TL.",
            SignPrefix::Tuq => "TUQ.",
        }
    }
}

/// The signature block. With a prefix and an authority it prints
/// "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"; with a prefix alone "Q. GIÁM ĐỐC".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signature {
    pub prefix: Option<SignPrefix>,
    pub authority: Option<String>,
    pub position: String,
    /// Empty for a draft not yet assigned to a signer.
    pub signer: String,
}

impl Signature {
    /// The upper-case bold lines above the signing space.
    pub fn title_lines(&self) -> Vec<String> {
        let position = self.position.trim().to_uppercase();
        let authority = self
            .authority
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_uppercase);
        match (self.prefix, authority) {
            (Some(p), Some(a)) => vec![format!("{} {a}", p.abbreviation()), position],
            (Some(p), None) => vec![format!("{} {position}", p.abbreviation())],
            (None, Some(a)) => vec![a, position],
            (None, None) => vec![position],
        }
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect()
    }
}

/// An annex ("Phụ lục I", or the "DANH SÁCH" attached to a decision), on new
/// pages numbered on their own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annex {
    /// "Phụ lục I"; `None` when the title alone names it.
    pub label: Option<String>,
    /// Upper-case bold title ("DANH SÁCH").
    pub title: String,
    /// "(Kèm theo Quyết định số … ngày … của …)", italic.
    pub subtitle: Option<String>,
    pub blocks: Vec<Block>,
}

/// An administrative document in the NĐ 30/2020 layout.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminDocument {
    pub kind: DocKind,
    /// Cơ quan chủ quản, printed above the issuer ("UBND TỈNH KHÁNH HÒA").
    pub parent_body: Option<String>,
    /// Cơ quan ban hành ("BAN DÂN TỘC"); printed upper case.
    pub issuer: String,
    /// The part after "Số: " ("15/QĐ-UBND", see [`document_symbol`]); `None`
    /// or empty prints blanks for a draft.
    pub number: Option<String>,
    pub place: String,
    pub date: IssueDate,
    /// Tên loại ("KẾ HOẠCH"); empty for a công văn.
    pub title: String,
    /// Trích yếu; lines split on '\n'. For a công văn it is the "V/v" line.
    pub summary: String,
    /// Kính gửi (tờ trình, báo cáo sent upward, công văn).
    pub kinh_gui: Vec<String>,
    /// The issuing authority of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …").
    pub authority_line: Option<String>,
    /// Căn cứ, one per line, italic; the punctuation is set here (";" then ".").
    pub legal_basis: Vec<String>,
    /// "Theo đề nghị của …", italic, after the căn cứ.
    pub proposer: Option<String>,
    pub body: Vec<Block>,
    pub signature: Signature,
    /// A second signer on the left, beside [`Self::signature`]: the secretary
    /// of a biên bản (NĐ 30, Phụ lục III, the biên bản form). With it, Nơi nhận moves
    /// below the two signatures.
    pub co_signature: Option<Signature>,
    /// Nơi nhận, without the final "Lưu" line.
    pub recipients: Vec<String>,
    /// A note after "Nơi nhận:", e.g. "(VBĐT)".
    pub recipients_note: Option<String>,
    /// What follows "Lưu:" ("VT, VP").
    pub archive: String,
    pub annexes: Vec<Annex>,
}

impl AdminDocument {
    /// An empty document of this kind with its tên loại set.
    pub fn new(kind: DocKind, issuer: impl Into<String>, place: impl Into<String>) -> Self {
        AdminDocument {
            kind,
            parent_body: None,
            issuer: issuer.into(),
            number: None,
            place: place.into(),
            date: IssueDate::Blank { year: None },
            title: kind.title().to_owned(),
            summary: String::new(),
            kinh_gui: Vec::new(),
            authority_line: None,
            legal_basis: Vec::new(),
            proposer: None,
            body: Vec::new(),
            signature: Signature::default(),
            co_signature: None,
            recipients: Vec::new(),
            recipients_note: None,
            archive: "VT".to_owned(),
            annexes: Vec::new(),
        }
    }

    /// "Số: 15/QĐ-UBND", or "Số:" followed by blanks for a draft.
    pub fn number_line(&self) -> String {
        // Leading blanks are kept: a draft's "       /KH-BDT" leaves room for the number.
        match self.number.as_deref() {
            Some(n) if !n.trim().is_empty() => format!("Số: {}", n.trim_end()),
            _ => format!("Số:{NUMBER_BLANK}"),
        }
    }

    /// "Khánh Hòa, ngày 05 tháng 01 năm 2021".
    pub fn date_line(&self) -> String {
        date_line(&self.place, self.date)
    }

    /// "(Kèm theo Kế hoạch số 15/KH-BDT ngày 05 tháng 01 năm 2021 của Ban Dân tộc)",
    /// the subtitle of an annex; `of` names the issuer in running text.
    pub fn attached_note(&self, of: &str) -> String {
        let number = match self.number.as_deref().map(str::trim_end) {
            Some(n) if !n.trim().is_empty() => n.to_owned(),
            _ => NUMBER_BLANK.to_owned(),
        };
        format!(
            "(Kèm theo {} số {number} {} của {})",
            self.kind.name(),
            date_words(self.date),
            of.trim()
        )
    }

    /// The căn cứ and the proposer line with their final punctuation: each
    /// ends with ";", the last with ".".
    pub fn basis_lines(&self) -> Vec<String> {
        let mut lines: Vec<&str> = self
            .legal_basis
            .iter()
            .map(|s| s.as_str())
            .filter(|s| !s.trim().is_empty())
            .collect();
        if let Some(p) = self.proposer.as_deref().filter(|p| !p.trim().is_empty()) {
            lines.push(p);
        }
        let last = lines.len().saturating_sub(1);
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let end = if i == last { "." } else { ";" };
                format!("{}{end}", strip_end(l))
            })
            .collect()
    }

    /// "- Ủy ban Dân tộc;" … "- Lưu: VT, VP.".
    pub fn recipient_lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .recipients
            .iter()
            .map(|r| strip_end(r.trim().trim_start_matches('-')).to_owned())
            .filter(|r| !r.is_empty())
            .map(|r| format!("- {r};"))
            .collect();
        let archive = strip_end(&self.archive);
        let archive = if archive.is_empty() {
            "VT".to_owned()
        } else if archive.starts_with("VT") {
            archive.to_owned()
        } else {
            format!("VT, {archive}")
        };
        out.push(format!("- Lưu: {archive}."));
        out
    }

    /// The Kính gửi block: one recipient on the label's line ("Kính gửi: X."),
    /// several as "- X;" lines, the last ending with ".".
    pub fn kinh_gui_lines(&self) -> Vec<String> {
        let items: Vec<&str> = self
            .kinh_gui
            .iter()
            .map(|r| strip_end(r.trim().trim_start_matches('-')))
            .filter(|r| !r.is_empty())
            .collect();
        match items.len() {
            0 => Vec::new(),
            1 => vec![format!("{}.", items[0])],
            n => items
                .iter()
                .enumerate()
                .map(|(i, r)| format!("- {r}{}", if i + 1 == n { "." } else { ";" }))
                .collect(),
        }
    }
}

/// Trailing punctuation a user may or may not have typed, dropped so the
/// layout's own punctuation is not doubled.
fn strip_end(s: &str) -> &str {
    s.trim().trim_end_matches([';', '.', ',']).trim_end()
}

/// Text as it may go into a document: NFC (so a decomposed "ệ" typed on some
/// systems prints with the font's precomposed glyph), no control characters
/// (XML 1.0 cannot carry them), tabs as spaces, CRLF as LF.
pub(crate) fn clean(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.replace("\r\n", "\n")
        .nfc()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' | '\r' => Some(' '),
            c if c.is_control() => None,
            '\u{FFFE}' | '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_zero_padded() {
        assert_eq!(
            document_symbol(Some(5), DocKind::KeHoach, "BDT"),
            "05/KH-BDT"
        );
        assert_eq!(
            document_symbol(Some(15), DocKind::QuyetDinh, "UBND"),
            "15/QĐ-UBND"
        );
        assert_eq!(
            document_symbol(Some(120), DocKind::CongVan, "UBND-VP"),
            "120/UBND-VP"
        );
        assert_eq!(
            document_symbol(None, DocKind::KeHoach, "BDT"),
            format!("{NUMBER_BLANK}/KH-BDT")
        );
    }

    #[test]
    fn dates_pad_days_and_first_two_months() {
        let d = |y, m, d| IssueDate::On(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(
            date_line("Hà Nội", d(2020, 1, 5)),
            "Hà Nội, ngày 05 tháng 01 năm 2020"
        );
        assert_eq!(date_words(d(2021, 2, 28)), "ngày 28 tháng 02 năm 2021");
        assert_eq!(date_words(d(2021, 3, 9)), "ngày 09 tháng 3 năm 2021");
        assert_eq!(date_words(d(2021, 12, 10)), "ngày 10 tháng 12 năm 2021");
        assert_eq!(
            date_words(IssueDate::Blank { year: Some(2021) }),
            "ngày     tháng     năm 2021"
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(2024), "MMXXIV");
    }

    #[test]
    fn punctuation_of_lists() {
        let mut d = AdminDocument::new(DocKind::QuyetDinh, "UBND", "Hà Nội");
        d.legal_basis = vec!["Căn cứ Luật A.".into(), "Căn cứ Luật B".into()];
        d.proposer = Some("Theo đề nghị của X;".into());
        assert_eq!(
            d.basis_lines(),
            vec!["Căn cứ Luật A;", "Căn cứ Luật B;", "Theo đề nghị của X."]
        );
        d.recipients = vec!["- Như Điều 3".into(), "Sở Nội vụ;".into()];
        d.archive = "NC".into();
        assert_eq!(
            d.recipient_lines(),
            vec!["- Như Điều 3;", "- Sở Nội vụ;", "- Lưu: VT, NC."]
        );
        d.kinh_gui = vec!["Bộ Nội vụ".into()];
        assert_eq!(d.kinh_gui_lines(), vec!["Bộ Nội vụ."]);
        d.kinh_gui.push("Ban TĐKT Trung ương".into());
        assert_eq!(
            d.kinh_gui_lines(),
            vec!["- Bộ Nội vụ;", "- Ban TĐKT Trung ương."]
        );
    }

    #[test]
    fn signature_lines() {
        let s = Signature {
            prefix: Some(SignPrefix::Tm),
            authority: Some("Ủy ban nhân dân".into()),
            position: "Chủ tịch".into(),
            signer: "Nguyễn Văn A".into(),
        };
        assert_eq!(s.title_lines(), vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
        let q = Signature {
            prefix: Some(SignPrefix::Q),
            position: "Giám đốc".into(),
            ..Signature::default()
        };
        assert_eq!(q.title_lines(), vec!["Q. GIÁM ĐỐC"]);
    }

    #[test]
    fn clean_composes_and_drops_controls() {
        assert_eq!(
            clean("Vie\u{0323}\u{0302}t\u{0}\u{1b}\tA\r\nB"),
            "Việt A\nB"
        );
    }
}
