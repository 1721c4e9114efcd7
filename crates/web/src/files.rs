//! Files attached to dossiers: received as a stream to a temporary file while
//! hashed (a 20 MB PDF never sits whole in memory), refused past the size
//! limit or when the first bytes are not a PDF, a Word document (.docx) or a
//! PNG/JPEG picture, then stored once under their SHA-256 (`ab/cdef…`, no
//! name or extension the client chose). They are served back only as
//! downloads, never inline.

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use sha2::{Digest, Sha256};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// What an accepted file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    pub mime: &'static str,
    /// The client's name, cleaned for display and download.
    pub name: String,
}

/// Why a file was refused: the status to answer and a Vietnamese message.
#[derive(Debug)]
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
}

fn refused(status: StatusCode, message: impl Into<String>) -> Refused {
    Refused {
        status,
        message: message.into(),
    }
}

/// The kinds accepted, by their first bytes: (magic, MIME type).
const KINDS: &[(&[u8], &str)] = &[
    (b"%PDF-", "application/pdf"),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
];

/// The MIME type of a file by its first bytes, if it is of a kind accepted.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, mime)| *mime)
}

/// A zip is accepted only as a Word document: it must hold `word/document.xml`.
fn is_docx(file: impl Read + Seek) -> bool {
    zip::ZipArchive::new(file)
        .map(|mut z| z.by_name("word/document.xml").is_ok())
        .unwrap_or(false)
}

/// The client's file name as shown and offered back: its last path segment,
/// without control characters, at most 120 characters; "tep" when nothing is left.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return "tep".into();
    }
    cleaned.chars().take(120).collect()
}

/// Where a stored file lives.
pub fn path_of(dir: &Path, sha256: &str) -> PathBuf {
    let (a, b) = sha256.split_at(2.min(sha256.len()));
    dir.join(a).join(b)
}

/// Receives one multipart field into the store under `dir`, refusing it past
/// `max` bytes or when it is not of a kind accepted.
pub async fn receive(mut field: Field<'_>, dir: &Path, max: u64) -> Result<Stored, Refused> {
    let name = clean_name(field.file_name().unwrap_or(""));
    let io = |e: std::io::Error| {
        tracing::error!("lưu tệp: {e}");
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Không lưu được tệp trên máy chủ.",
        )
    };
    let tmp_dir = dir.join("tmp");
    tokio::fs::create_dir_all(&tmp_dir).await.map_err(io)?;
    let tmp = tempfile::NamedTempFile::new_in(&tmp_dir).map_err(io)?;
    let mut out = tokio::fs::File::from_std(tmp.reopen().map_err(io)?);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head: Vec<u8> = Vec::with_capacity(16);
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large(max));
            }
            Err(e) => return Err(refused(e.status(), format!("Không nhận được tệp: {e}"))),
        };
        size += chunk.len() as u64;
        if size > max {
            // Read (and drop) the rest the route's limit lets through, so that the
            // client gets this answer instead of a connection cut while it sends.
            while let Ok(Some(_)) = field.chunk().await {}
            return Err(too_large(max));
        }
        if head.len() < 16 {
            head.extend(chunk.iter().take(16 - head.len()));
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await.map_err(io)?;
    }
    out.flush().await.map_err(io)?;
    drop(out);
    if size == 0 {
        return Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Chưa chọn tệp, hoặc tệp rỗng.",
        ));
    }
    let Some(mime) = sniff(&head) else {
        return Err(refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("«{name}» không phải tệp PDF, Word (.docx) hay ảnh PNG, JPEG: không nhận."),
        ));
    };
    if mime.ends_with("document") {
        let path = tmp.path().to_path_buf();
        let ok = tokio::task::spawn_blocking(move || {
            std::fs::File::open(path).map(is_docx).unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        if !ok {
            return Err(refused(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("«{name}» không phải tài liệu Word (.docx) hợp lệ."),
            ));
        }
    }
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dest = path_of(dir, &sha256);
    if tokio::fs::metadata(&dest).await.is_err() {
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io)?;
        }
        tmp.persist(&dest).map_err(|e| io(e.error))?;
    }
    Ok(Stored {
        sha256,
        size,
        mime,
        name,
    })
}

/// Stores a file the system made (the demo's reports) as an upload would be.
pub fn store_bytes(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<Stored> {
    let mime = sniff(bytes).ok_or_else(|| std::io::Error::other("not a document kind accepted"))?;
    let sha256: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dest = path_of(dir, &sha256);
    if !dest.exists() {
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut tmp = tempfile::NamedTempFile::new_in(dest.parent().unwrap_or(dir))?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(&dest).map_err(|e| e.error)?;
    }
    Ok(Stored {
        sha256,
        size: bytes.len() as u64,
        mime,
        name: clean_name(name),
    })
}

fn too_large(max: u64) -> Refused {
    refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Tệp quá lớn: tối đa {} MB.", max / (1024 * 1024)),
    )
}

/// `Content-Disposition` for a download of `name` (RFC 6266, UTF-8 name escaped).
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_their_first_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert!(sniff(b"PK\x03\x04").is_some_and(|m| m.ends_with("document")));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\x00"), None, "no programs");
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_their_paths_and_tricks() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\a\\Báo cáo.pdf"), "Báo cáo.pdf");
        assert_eq!(clean_name("..\\..\\"), "tep");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        assert_eq!(clean_name("a\u{0}b\r\n.pdf"), "ab.pdf");
        assert_eq!(clean_name(&"x".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn a_zip_that_is_not_word_is_refused() {
        use std::io::{Cursor, Write};
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file("evil.exe", zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(b"MZ").unwrap();
            z.finish().unwrap();
        }
        assert!(!is_docx(Cursor::new(buf.into_inner())));
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(b"<w:document/>").unwrap();
            z.finish().unwrap();
        }
        assert!(is_docx(Cursor::new(buf.into_inner())));
    }

    #[test]
    fn download_names_are_escaped() {
        let h = attachment("Báo cáo \"x\".pdf");
        assert!(h.starts_with("attachment; filename=\"B"));
        assert!(h.contains("filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22x%22.pdf"));
        assert!(!h[..h.find(';').unwrap()].contains('\n'));
    }
}
