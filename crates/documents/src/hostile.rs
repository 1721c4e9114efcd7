//! Files that attack the sheet reader, made on the spot for tests and
//! benchmarks (feature `hostile`): each is small on the wire and enormous,
//! or endless, once read naively.

use flate2::{Compress, Compression, FlushCompress};

/// A part of a zip: its name, its deflated bytes, CRC-32 and size inflated.
struct Part {
    name: String,
    deflated: Vec<u8>,
    crc: u32,
    size: u32,
}

fn deflate_all(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::default(), false);
    let mut out = Vec::with_capacity(data.len() / 4 + 64);
    loop {
        let before = c.total_in() as usize;
        out.reserve(64 * 1024);
        let status = c
            .compress_vec(&data[before..], &mut out, FlushCompress::Finish)
            .unwrap_or(flate2::Status::StreamEnd);
        if status == flate2::Status::StreamEnd {
            return out;
        }
    }
}

fn part(name: &str, data: &[u8]) -> Part {
    Part {
        name: name.into(),
        deflated: deflate_all(data),
        crc: crc32fast::hash(data),
        size: data.len() as u32,
    }
}

/// `head`, then `filler` `times` times, then `tail`, deflated without ever
/// being held: the filler is deflated once after a full flush (which makes
/// its blocks stand alone) and its bytes repeated.
fn repeated_part(name: &str, head: &[u8], filler: &[u8], times: u32, tail: &[u8]) -> Part {
    let mut c = Compress::new(Compression::best(), false);
    let mut run = |input: &[u8], flush: FlushCompress| {
        let mut out = Vec::with_capacity(input.len() + 1024);
        let start = c.total_in();
        loop {
            let done = (c.total_in() - start) as usize;
            out.reserve(64 * 1024);
            let status = c
                .compress_vec(&input[done..], &mut out, flush)
                .unwrap_or(flate2::Status::StreamEnd);
            let consumed = (c.total_in() - start) as usize == input.len();
            if status == flate2::Status::StreamEnd
                || (consumed && flush != FlushCompress::Finish && out.capacity() > out.len())
            {
                return out;
            }
        }
    };
    let head_z = run(head, FlushCompress::Full);
    let filler_z = run(filler, FlushCompress::Full);
    let tail_z = run(tail, FlushCompress::Finish);
    let mut deflated = head_z;
    for _ in 0..times {
        deflated.extend_from_slice(&filler_z);
    }
    deflated.extend_from_slice(&tail_z);
    let mut crc = crc32fast::Hasher::new();
    crc.update(head);
    let mut one = crc32fast::Hasher::new();
    one.update(filler);
    for _ in 0..times {
        crc.combine(&one);
    }
    crc.update(tail);
    let size = head.len() as u64 + filler.len() as u64 * u64::from(times) + tail.len() as u64;
    Part {
        name: name.into(),
        deflated,
        crc: crc.finalize(),
        size: u32::try_from(size).unwrap_or(u32::MAX),
    }
}

/// A zip of `parts`, written by hand so that sizes need not be honest.
fn zip_of(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let fixed = |buf: &mut Vec<u8>, central: bool| {
            if central {
                buf.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
                buf.extend_from_slice(&20u16.to_le_bytes()); // made by
            } else {
                buf.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            }
            buf.extend_from_slice(&20u16.to_le_bytes()); // version needed
            buf.extend_from_slice(&0u16.to_le_bytes()); // flags
            buf.extend_from_slice(&8u16.to_le_bytes()); // deflate
            buf.extend_from_slice(&0u32.to_le_bytes()); // time, date
            buf.extend_from_slice(&p.crc.to_le_bytes());
            buf.extend_from_slice(&(p.deflated.len() as u32).to_le_bytes());
            buf.extend_from_slice(&p.size.to_le_bytes());
            buf.extend_from_slice(&(p.name.len() as u16).to_le_bytes());
            buf.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        fixed(&mut out, false);
        out.extend_from_slice(p.name.as_bytes());
        out.extend_from_slice(&p.deflated);
        fixed(&mut central, true);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(p.name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";

fn skeleton() -> Vec<Part> {
    vec![
        part("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        part("_rels/.rels", ROOT_RELS.as_bytes()),
        part("xl/workbook.xml", WORKBOOK.as_bytes()),
        part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
    ]
}

/// An `.xlsx` whose sheet is one header row of a staff list followed by
/// `gib` GiB of XML (four parts of at most 2 GiB each: a zip without
/// zip64 holds no more per part). A few MB on the wire.
pub fn zip_bomb(gib: u32) -> Vec<u8> {
    let mut parts = skeleton();
    let filler = vec![b' '; 1024 * 1024];
    let head = format!("{SHEET_HEAD}{}", header_row());
    let per_part = gib.min(2) * 1024;
    let mut left = gib * 1024;
    let mut n = 0;
    while left > 0 {
        let times = left.min(per_part.max(1));
        let name = if n == 0 {
            "xl/worksheets/sheet1.xml".to_string()
        } else {
            format!("xl/media/image{n}.xml")
        };
        parts.push(repeated_part(
            &name,
            head.as_bytes(),
            &filler,
            times,
            SHEET_TAIL.as_bytes(),
        ));
        left -= times;
        n += 1;
    }
    zip_of(&parts)
}

fn header_row() -> String {
    let heads = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Đơn vị",
        "Lãnh đạo, quản lý",
        "Ngày bắt đầu công tác",
    ];
    let cells: String = heads
        .iter()
        .enumerate()
        .map(|(j, h)| {
            format!(
                r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#,
                crate::xlsx::column_letter(j)
            )
        })
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// A staff sheet of `rows` people whose every row is wrong in four cells
/// (no name, birth date and start date not dates, leader flag unreadable):
/// `4 × rows` problems. The rows are alike and carry no cell references
/// (both optional in the format), so two million faulty cells deflate to a
/// few hundred KB.
pub fn faulty_cells(rows: u32) -> Vec<u8> {
    const ROW: &str = r#"<row><c><v>1</v></c><c t="inlineStr"><is><t> </t></is></c><c t="inlineStr"><is><t>31/02/1990</t></is></c><c t="inlineStr"><is><t>Nam</t></is></c><c t="inlineStr"><is><t>VP</t></is></c><c t="inlineStr"><is><t>?</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>"#;
    const PER_BLOCK: u32 = 1000;
    let head = format!("{SHEET_HEAD}{}", header_row());
    let block = ROW.repeat(PER_BLOCK as usize);
    let tail = format!("{}{SHEET_TAIL}", ROW.repeat((rows % PER_BLOCK) as usize));
    let mut parts = skeleton();
    parts.push(repeated_part(
        "xl/worksheets/sheet1.xml",
        head.as_bytes(),
        block.as_bytes(),
        rows / PER_BLOCK,
        tail.as_bytes(),
    ));
    zip_of(&parts)
}

/// A sheet that stores two cells, A1 and XFD1048576: 1.5 KB that a reader
/// building a grid turns into 17 billion cells.
pub fn sparse_corners() -> Vec<u8> {
    let xml = format!(
        r#"{SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>{SHEET_TAIL}"#
    );
    let mut parts = skeleton();
    parts.push(part("xl/worksheets/sheet1.xml", xml.as_bytes()));
    zip_of(&parts)
}

/// A workbook whose shared strings claim a trillion entries in a 1 KB file
/// (a reader reserving room for them asks for terabytes).
pub fn shared_strings_claim() -> Vec<u8> {
    let mut parts = skeleton();
    parts.push(part(
        "xl/sharedStrings.xml",
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000000000" uniqueCount="1000000000000"><si><t>Ho va ten</t></si></sst>"#,
    ));
    parts.push(part(
        "xl/worksheets/sheet1.xml",
        format!(r#"{SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>{SHEET_TAIL}"#)
            .as_bytes(),
    ));
    zip_of(&parts)
}

/// A bomb stored under a name that looks like a folder (`…/sheet1.xml/`),
/// which a relationship may still name.
pub fn folder_named_bomb() -> Vec<u8> {
    let mut parts = skeleton();
    let filler = vec![b' '; 1024 * 1024];
    parts.push(repeated_part(
        "xl/worksheets/sheet1.xml/",
        SHEET_HEAD.as_bytes(),
        &filler,
        1024,
        SHEET_TAIL.as_bytes(),
    ));
    zip_of(&parts)
}

/// A sheet that names the same cell over and over, each time pointing to
/// one long shared string: a reader copying every cell copies it each time.
pub fn repeated_cell(times: u32) -> Vec<u8> {
    let mut parts = skeleton();
    let long = "x".repeat(30_000);
    parts.push(part(
        "xl/sharedStrings.xml",
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#)
        .as_bytes(),
    ));
    let head = format!("{SHEET_HEAD}{}<row r=\"2\">", header_row());
    parts.push(repeated_part(
        "xl/worksheets/sheet1.xml",
        head.as_bytes(),
        r#"<c r="B2" t="s"><v>0</v></c>"#.repeat(1000).as_bytes(),
        times / 1000,
        format!("</row>{SHEET_TAIL}").as_bytes(),
    ));
    zip_of(&parts)
}

/// A styles part with one attribute of `len` bytes (a font name copied into
/// every cell format that names the font).
pub fn long_style_attribute(len: usize) -> Vec<u8> {
    let mut parts = skeleton();
    let name = "A".repeat(len);
    parts.push(part(
        "xl/styles.xml",
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="{name}"/></font></fonts></styleSheet>"#)
        .as_bytes(),
    ));
    parts.push(part(
        "xl/worksheets/sheet1.xml",
        format!("{SHEET_HEAD}{}{SHEET_TAIL}", header_row()).as_bytes(),
    ));
    zip_of(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{CheckedWorkbook, SheetLimits};
    use std::io::Read;

    #[test]
    fn the_bomb_is_a_valid_zip_that_inflates_as_declared() {
        let bytes = zip_bomb(1);
        assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut sheet = z.by_name("xl/worksheets/sheet1.xml").unwrap();
        assert_eq!(
            sheet.size(),
            1024 * 1024 * 1024 + (SHEET_HEAD.len() + header_row().len() + SHEET_TAIL.len()) as u64
        );
        let mut start = vec![0u8; SHEET_HEAD.len()];
        sheet.read_exact(&mut start).unwrap();
        assert_eq!(start, SHEET_HEAD.as_bytes());
        let e = CheckedWorkbook::open(&bytes, &SheetLimits::default())
            .err()
            .unwrap();
        assert!(e.message.contains("giải nén vượt quá 256 MB"), "{e}");
    }

    #[test]
    fn faulty_and_sparse_sheets_open() {
        let roomy = SheetLimits::default();
        let bytes = faulty_cells(10);
        let mut wb = CheckedWorkbook::open(&bytes, &roomy).unwrap();
        let mut n = 0;
        wb.cells("Danh sách", |_, _, _| {
            n += 1;
            Ok(true)
        })
        .unwrap();
        assert_eq!(n, 7 + 10 * 7);
        assert!(sparse_corners().len() < 2000);
    }

    fn refusal(bytes: &[u8]) -> String {
        let limits = SheetLimits::default();
        match CheckedWorkbook::open(bytes, &limits) {
            Err(e) => e.message,
            Ok(mut wb) => {
                let sheet = wb.sheet_names()[0].clone();
                match wb.cells(&sheet, |_, _, _| Ok(true)) {
                    Err(e) => e[0].message.clone(),
                    Ok(()) => String::new(),
                }
            }
        }
    }

    #[test]
    fn what_calamine_would_reserve_or_copy_is_refused_first() {
        let m = refusal(&shared_strings_claim());
        assert!(m.contains("chuỗi văn bản khác nhau"), "{m}");
        let m = refusal(&folder_named_bomb());
        assert!(m.contains("giải nén vượt quá"), "{m}");
        let m = refusal(&repeated_cell(10_000));
        assert!(m.contains("lặp lại hoặc sai thứ tự"), "{m}");
        let m = refusal(&long_style_attribute(10_000));
        assert!(m.contains("dài bất thường"), "{m}");
        // A real font name is fine.
        assert_eq!(refusal(&long_style_attribute(20)), "");
    }
}
