//! Administrative documents in the NĐ 30/2020/NĐ-CP layout (Word and PDF).
//!
//! Build an [`AdminDocument`] (plain data: header, căn cứ, body blocks,
//! signature, Nơi nhận, annexes) and call [`to_docx`] or [`to_pdf`]. Both are
//! deterministic: the same document gives the same bytes. All text goes in as
//! plain strings and is escaped by the writers; nothing a user types is read
//! as markup.
//!
//! Layout (NĐ 30, Phụ lục I): A4 portrait; margins top and bottom 20 mm, left
//! 30 mm, right 15 mm; Times New Roman (Liberation Serif, its metric twin, is
//! embedded in the PDF); body 14 pt justified with a 1 cm first-line indent
//! and 6 pt after each paragraph; page numbers centred in the top margin from
//! page 2, annexes numbered on their own.

mod docx;
pub(crate) mod fonts;
pub(crate) mod layout;
mod model;
pub(crate) mod pdf;
pub mod samples;

pub use model::{
    AdminDocument, Align, Annex, Block, Column, DocKind, IssueDate, NUMBER_BLANK, SignPrefix,
    Signature, Span, Table, date_line, date_words, document_symbol, roman,
};

/// Why a document could not be produced (messages are shown to users).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocError {
    #[error("Văn bản thiếu {0}")]
    Missing(&'static str),
    #[error("Bảng không hợp lệ: {0}")]
    InvalidTable(String),
    #[error("Không đọc được phông chữ nhúng")]
    Font,
    #[error("Không tạo được tệp Word: {0}")]
    Docx(String),
    #[error("Không tạo được tệp PDF: {0}")]
    Pdf(String),
    /// A certificate template that would print off the page or unreadably;
    /// one message per problem.
    #[error("Mẫu in không hợp lệ: {}", .0.join(" "))]
    InvalidTemplate(Vec<String>),
    /// Nothing to print (no certificate, no recipient).
    #[error("{0}")]
    Nothing(&'static str),
}

fn validate(doc: &AdminDocument) -> Result<(), DocError> {
    if doc.issuer.trim().is_empty() {
        return Err(DocError::Missing("tên cơ quan ban hành"));
    }
    if doc.place.trim().is_empty() {
        return Err(DocError::Missing("địa danh"));
    }
    if doc.title.trim().is_empty() && doc.summary.trim().is_empty() {
        return Err(DocError::Missing("tên loại và trích yếu"));
    }
    Ok(())
}

/// The document as a Word file (.docx).
pub fn to_docx(doc: &AdminDocument) -> Result<Vec<u8>, DocError> {
    validate(doc)?;
    docx::render(doc)
}

/// The document as a PDF file with the fonts embedded.
pub fn to_pdf(doc: &AdminDocument) -> Result<Vec<u8>, DocError> {
    validate(doc)?;
    pdf::render(doc)
}
