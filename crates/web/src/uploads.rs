//! Uploaded files, in the order the house rules ask: the handler has checked
//! the permission and the state before calling [`read_form`]; the body is
//! read within its size limit; the CSRF token is the caller's next check;
//! then [`parse`] reads the file on a blocking thread, a bounded number at a
//! time, and only then does anything touch the database's writer.

use axum::extract::Multipart;
use axum::http::StatusCode;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use tdkt_domain::error::Error;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Files parsed at once: each may hold a large sheet in memory, and the
/// machine has other requests to answer.
const PARSING_AT_ONCE: usize = 2;

static PARSING: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(PARSING_AT_ONCE)));

/// Upload bodies held in memory at once (each up to the size limit): past
/// this a new upload is turned away at once instead of queued.
const RECEIVING_AT_ONCE: usize = 8;

static RECEIVING: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(RECEIVING_AT_ONCE)));

/// A multipart form with one file.
#[derive(Default)]
pub struct UploadForm {
    pub csrf: String,
    /// The file's name as sent, and its bytes (empty when none was chosen).
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The other text fields, by name (repeated names: the last).
    pub fields: HashMap<String, String>,
    /// This upload's place among those held in memory, until the form is dropped.
    _receiving: Option<OwnedSemaphorePermit>,
}

/// Why a form could not be read: the status to answer and a Vietnamese message.
pub struct FormError {
    pub status: StatusCode,
    pub message: String,
    pub file_name: String,
}

/// Text fields longer than this are refused (a form's fields are short).
const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Fields of one form (the unit mapping of a staff sheet has two a name).
const MAX_FIELDS: usize = 200;

/// Reads the form; the body limit of the route bounds the file.
pub async fn read_form(
    mut mp: Multipart,
    max_upload_bytes: usize,
) -> Result<UploadForm, FormError> {
    let too_big = || {
        format!(
            "Tệp quá lớn: tối đa {} MB.",
            max_upload_bytes / (1024 * 1024)
        )
    };
    let Ok(permit) = Arc::clone(&RECEIVING).try_acquire_owned() else {
        return Err(FormError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "Máy chủ đang nhận nhiều tệp cùng lúc: vui lòng thử lại sau ít phút.".into(),
            file_name: String::new(),
        });
    };
    let mut form = UploadForm {
        _receiving: Some(permit),
        ..UploadForm::default()
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(form),
            Err(e) => {
                return Err(refused(
                    &e,
                    "Không đọc được dữ liệu gửi lên",
                    &too_big,
                    form,
                ));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            form.file_name = field.file_name().unwrap_or("").to_string();
            match field.bytes().await {
                Ok(b) => form.bytes = Vec::from(b),
                Err(e) => return Err(refused(&e, "Không đọc được tệp", &too_big, form)),
            }
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        if text.len() > MAX_FIELD_BYTES || form.fields.len() >= MAX_FIELDS {
            return Err(FormError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: "Dữ liệu gửi lên quá dài.".into(),
                file_name: form.file_name,
            });
        }
        if name == "csrf" {
            form.csrf = text;
        } else {
            form.fields.insert(name, text);
        }
    }
}

/// A body that could not be read: too large (the route's limit), or cut.
fn refused(
    e: &axum::extract::multipart::MultipartError,
    what: &str,
    too_big: &dyn Fn() -> String,
    form: UploadForm,
) -> FormError {
    FormError {
        status: e.status(),
        message: if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_big()
        } else {
            format!("{what}: {e}")
        },
        file_name: form.file_name,
    }
}

/// Runs `work` (reading a file) on a thread of its own at a lower CPU
/// priority once a parsing slot is free: a large or hostile sheet then takes
/// what the machine has to spare, and sign-ins and pages keep answering.
pub async fn parse<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    // The slot goes with the thread: a client that hangs up does not free
    // it while its file is still being read.
    let slot = Arc::clone(&PARSING)
        .acquire_owned()
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("tdkt-parse".into())
        .spawn(move || {
            let _slot = slot;
            lower_priority();
            let _ = tx.send(work());
        })
        .map_err(|e| Error::Internal(e.to_string()))?;
    rx.await
        .map_err(|_| Error::Internal("đọc tệp bị gián đoạn".into()))
}

/// Nice 10 for the calling thread (on Linux a thread has its own).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; 0 names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
