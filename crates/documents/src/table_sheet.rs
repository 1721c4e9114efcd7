//! Sheets that hold one table under a header row, as offices make them
//! (registration lists, ratings lists): the header is looked for in the first
//! rows of each sheet in turn; below it, the cells of the columns the header
//! names are handed over row by row as text. Reading goes cell by cell
//! through [`CheckedWorkbook`], so the workbook's limits hold.

use crate::workbook::{CheckedWorkbook, SheetLimits, owned, text_of};
use crate::xlsx::cell_text;
use calamine::{Data, DataRef};
use tdkt_domain::error::FieldError;
use tdkt_domain::text::fold;

/// Rows searched for the header from the first filled one.
const HEADER_SEARCH_ROWS: u32 = 15;

/// The header row's cells: column index and folded text (`fold`: lower case,
/// no diacritics), for `header_of` to find its columns in.
pub type HeaderCells = [(usize, String)];

/// What recognises a header: the column of each field wanted, `None` for an
/// optional one the sheet lacks.
type HeaderOf<'f> = &'f dyn Fn(&HeaderCells) -> Option<Vec<Option<usize>>>;

/// What takes each row: its number, its texts, the header's columns.
type OnRow<'f> = &'f mut dyn FnMut(u32, &[String], &[Option<usize>]);

/// Reads the first sheet whose first rows hold a header that `header_of`
/// recognises (it answers the column index of each field it wants, `None` for
/// an optional field the sheet lacks). Every later row is handed to
/// `on_row(sheet, row (1-based, as Excel numbers it), texts, columns)`,
/// `texts[i]` being the text of field `i` ("" when blank) and `columns` what
/// `header_of` answered (to name a cell in an error). Answers the sheet's name,
/// or `None` when no sheet has such a header.
pub fn read_table(
    bytes: &[u8],
    limits: &SheetLimits,
    header_of: impl Fn(&HeaderCells) -> Option<Vec<Option<usize>>>,
    mut on_row: impl FnMut(&str, u32, &[String], &[Option<usize>]),
) -> Result<Option<String>, Vec<FieldError>> {
    let mut wb = CheckedWorkbook::open(bytes, limits).map_err(|e| vec![e])?;
    for name in wb.sheet_names() {
        let mut reading = Reading {
            columns: None,
            first_row: None,
            row: None,
            cells: Vec::new(),
        };
        wb.cells(&name, |r, c, v| {
            Ok(reading.push(r, c, v, &header_of, &mut |row, texts, cols| {
                on_row(&name, row, texts, cols)
            }))
        })?;
        reading.flush(&header_of, &mut |row, texts, cols| {
            on_row(&name, row, texts, cols)
        });
        if reading.columns.is_some() {
            return Ok(Some(name.clone()));
        }
    }
    Ok(None)
}

/// One sheet being read, row by row.
struct Reading {
    columns: Option<Vec<Option<usize>>>,
    first_row: Option<u32>,
    row: Option<u32>,
    cells: Vec<(usize, Data)>,
}

impl Reading {
    /// Takes a cell; `false` when the sheet has no header where one is looked for.
    fn push(
        &mut self,
        row: u32,
        col: usize,
        value: &DataRef<'_>,
        header_of: HeaderOf<'_>,
        on_row: OnRow<'_>,
    ) -> bool {
        if self.row != Some(row) {
            self.flush(header_of, on_row);
            let first = *self.first_row.get_or_insert(row);
            if self.columns.is_none() && row >= first + HEADER_SEARCH_ROWS {
                return false;
            }
            self.row = Some(row);
        }
        match &self.columns {
            // A header is short text: nothing else is kept while looking for it.
            None => {
                if let Some(t) = text_of(value).filter(|t| t.len() <= 200) {
                    self.cells.push((col, Data::String(t.to_string())));
                }
            }
            Some(cols) if cols.contains(&Some(col)) => self.cells.push((col, owned(value))),
            Some(_) => {}
        }
        true
    }

    fn flush(&mut self, header_of: HeaderOf<'_>, on_row: OnRow<'_>) {
        let Some(row) = self.row.take() else {
            return;
        };
        let cells = std::mem::take(&mut self.cells);
        let Some(cols) = &self.columns else {
            let heads: Vec<(usize, String)> = cells
                .iter()
                .map(|(j, c)| (*j, fold(&cell_text(c))))
                .collect();
            self.columns = header_of(&heads);
            return;
        };
        let texts: Vec<String> = cols
            .iter()
            .map(|j| {
                j.and_then(|j| cells.iter().find(|(c, _)| *c == j))
                    .map(|(_, v)| cell_text(v))
                    .unwrap_or_default()
            })
            .collect();
        if texts.iter().all(|t| t.is_empty()) {
            return;
        }
        on_row(row + 1, &texts, cols);
    }
}

/// The column whose folded header satisfies `ok`, if any.
pub fn find_column(heads: &HeaderCells, ok: impl Fn(&str) -> bool) -> Option<usize> {
    heads.iter().find(|(_, h)| ok(h.as_str())).map(|(j, _)| *j)
}
