//! The staff-sheet import, shared by the upload page and `tdkt import`, in
//! two phases. First the whole sheet is read and checked on a blocking
//! thread, within the sheet limits, holding nothing of the database; a file
//! with any problem stops there. Only a sheet whose every row is right takes
//! the write transaction, and then for as long as storing it takes, never for
//! reading it: on SQLite that one writer also signs people in.

use crate::uploads;
use chrono::NaiveDate;
use std::collections::HashMap;
use tdkt_documents::staff_sheet::{stream_staff, to_person};
use tdkt_documents::workbook::SheetLimits;
use tdkt_domain::error::{Error, FieldError, Location, Problems};
use tdkt_domain::org::UnitResolver;
use tdkt_store::import::{ImportPerson, ImportReport};
use tdkt_store::units::Unit;
use tdkt_store::{Actor, Store};

/// Rows handed to the store at a time.
const ROWS_PER_BATCH: usize = 1000;

/// A sheet read and checked: its name and every row, valid.
pub struct CheckedSheet {
    pub sheet: String,
    pub rows: Vec<ImportPerson>,
}

/// Imports the staff sheet in `bytes` for `actor`, placing people only in
/// `units` (those the caller may fill), named by code, name or short name;
/// `aliases` maps unit names as the sheet writes them (folded) to units, as
/// the user chose them for this file.
pub async fn import_staff_sheet(
    store: &Store,
    actor: &Actor,
    bytes: Vec<u8>,
    units: &[Unit],
    aliases: &HashMap<String, i64>,
    limits: SheetLimits,
    today: NaiveDate,
) -> Result<ImportReport, Error> {
    let resolver = resolver(units, aliases);
    let started = std::time::Instant::now();
    let checked = uploads::parse(move || check_sheet(&bytes, &resolver, &limits, today))
        .await?
        .map_err(Error::Validation)?;
    let read = started.elapsed();
    let report = store_sheet(store, actor, checked).await;
    tracing::debug!(?read, stored = ?(started.elapsed() - read), "staff sheet imported");
    report
}

/// The resolver of unit names for `units`, with the user's `aliases`.
pub fn resolver(units: &[Unit], aliases: &HashMap<String, i64>) -> UnitResolver {
    let mut r = UnitResolver::new(units.iter().map(|u| {
        (
            u.id,
            u.code.as_str(),
            u.name.as_str(),
            u.short_name.as_str(),
        )
    }));
    for (name, id) in aliases {
        r.alias(name, *id);
    }
    r
}

/// Stores a checked sheet in one transaction: everything or nothing.
pub async fn store_sheet(
    store: &Store,
    actor: &Actor,
    checked: CheckedSheet,
) -> Result<ImportReport, Error> {
    let n = checked.rows.len();
    let mut w = store.begin_people_import(actor, n).await?;
    let mut import = w.start_people_import(&checked.sheet, n);
    let mut rows = checked.rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<ImportPerson> = rows.by_ref().take(ROWS_PER_BATCH).collect();
        w.import_people_batch(&mut import, batch).await?;
    }
    let report = w.finish_people_import(import).await?;
    w.commit().await?;
    Ok(report)
}

/// Reads the whole sheet and checks every row against the registry and the
/// other rows: the rows, or the problems (the first ones, and how many more).
pub fn check_sheet(
    bytes: &[u8],
    units: &UnitResolver,
    limits: &SheetLimits,
    today: NaiveDate,
) -> Result<CheckedSheet, Vec<FieldError>> {
    let mut rows: Vec<ImportPerson> = Vec::new();
    let mut problems = Problems::with_cap(limits.max_problems);
    let mut codes: HashMap<String, u32> = HashMap::new();
    let header = stream_staff(
        bytes,
        limits,
        |_| {},
        |h, row| match row.and_then(|r| {
            let n = r.row;
            to_person(h, r, units, today).map(|p| (n, p))
        }) {
            Ok((row, person)) => {
                if h.has_code_column()
                    && let Some(first) = codes.insert(person.code.clone(), row)
                {
                    problems.push(
                        FieldError::new(
                            "code",
                            format!("Mã cán bộ «{}» trùng với dòng {first}.", person.code),
                        )
                        .at(Location {
                            sheet: Some(h.sheet.clone()),
                            row: Some(row),
                            column: h.column_letter("code"),
                        }),
                    );
                    return;
                }
                if problems.is_empty() {
                    rows.push(ImportPerson {
                        row,
                        person,
                        code_given: h.has_code_column(),
                    });
                }
            }
            Err(found) => {
                // Once the file is refused its good rows are of no use.
                rows = Vec::new();
                problems.extend(found);
            }
        },
    )?;
    if !problems.is_empty() {
        return Err(problems.into_errors());
    }
    Ok(CheckedSheet {
        sheet: header.sheet,
        rows,
    })
}
