//! The staff-sheet import, shared by the upload page and `tdkt import`: one
//! thread reads and checks the sheet while the transaction stores the rows
//! already checked, so a long list costs little more than reading it. Either
//! every row is stored or none, with every problem located on the sheet.

use chrono::NaiveDate;
use tdkt_documents::staff_sheet::{StaffHeader, stream_staff, to_person};
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::org::UnitResolver;
use tdkt_store::import::{ImportPerson, ImportReport};
use tdkt_store::units::Unit;
use tdkt_store::{Actor, Store};
use tokio::sync::mpsc;

/// Rows handed from the reader to the writer at a time.
const ROWS_PER_BATCH: usize = 1000;

enum Feed {
    /// The sheet's name and its declared number of rows.
    Sheet(String, usize),
    Rows(Vec<ImportPerson>),
    Problems(Vec<FieldError>),
}

/// Imports the staff sheet in `bytes` for `actor`, placing people only in
/// `units` (those the caller may fill), named by code, name or short name.
pub async fn import_staff_sheet(
    store: &Store,
    actor: &Actor,
    bytes: Vec<u8>,
    units: &[Unit],
    today: NaiveDate,
) -> Result<ImportReport, Error> {
    let units = UnitResolver::new(units.iter().map(|u| {
        (
            u.id,
            u.code.as_str(),
            u.name.as_str(),
            u.short_name.as_str(),
        )
    }));
    // A few batches in flight keep both sides busy without holding the sheet twice.
    let (tx, mut rx) = mpsc::channel::<Feed>(4);
    let reader = tokio::task::spawn_blocking(move || read_rows(&bytes, &units, today, &tx));
    let Some(Feed::Sheet(sheet, expected_rows)) = rx.recv().await else {
        // The reader stopped before finding a header: its problems say why.
        return Err(match reader.await {
            Ok(Err(problems)) => Error::Validation(problems),
            Ok(Ok(_)) => Error::invalid("file", "Không đọc được tệp."),
            Err(e) => Error::Internal(e.to_string()),
        });
    };
    let mut w = store.begin_people_import(actor, expected_rows).await?;
    let mut import = w.start_people_import(&sheet, expected_rows);
    while let Some(feed) = rx.recv().await {
        match feed {
            Feed::Rows(rows) => w.import_people_batch(&mut import, rows).await?,
            Feed::Problems(problems) => import.add_problems(problems),
            Feed::Sheet(..) => {}
        }
    }
    match reader.await {
        Ok(Ok(_)) => {}
        Ok(Err(problems)) => import.add_problems(problems),
        Err(e) => return Err(Error::Internal(e.to_string())),
    }
    let report = w.finish_people_import(import).await?;
    w.commit().await?;
    Ok(report)
}

/// Streams the sheet, checking each row against the registry, into `tx`.
fn read_rows(
    bytes: &[u8],
    units: &UnitResolver,
    today: NaiveDate,
    tx: &mpsc::Sender<Feed>,
) -> Result<StaffHeader, Vec<FieldError>> {
    let mut batch: Vec<ImportPerson> = Vec::with_capacity(ROWS_PER_BATCH);
    // A send fails only when the writer has given up (its error is the answer).
    let header = stream_staff(
        bytes,
        |h| {
            let _ = tx.blocking_send(Feed::Sheet(h.sheet.clone(), h.rows_hint as usize));
        },
        |h, row| match row.and_then(|r| {
            let n = r.row;
            to_person(h, r, units, today).map(|p| (n, p))
        }) {
            Ok((row, person)) => {
                batch.push(ImportPerson {
                    row,
                    person,
                    code_given: h.has_code_column(),
                });
                if batch.len() == ROWS_PER_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_BATCH));
                    let _ = tx.blocking_send(Feed::Rows(full));
                }
            }
            Err(problems) => {
                let _ = tx.blocking_send(Feed::Problems(problems));
            }
        },
    )?;
    if !batch.is_empty() {
        let _ = tx.blocking_send(Feed::Rows(batch));
    }
    Ok(header)
}
