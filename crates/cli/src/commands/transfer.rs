//! `tdkt import` (tdkt-exchange/1 or a staff .xlsx) and `tdkt export`
//! (tdkt-exchange/1, either encoding, streamed page by page).

use super::admin::DbArgs;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tdkt_documents::workbook::SheetLimits;
use tdkt_domain::codes::{
    AwardCode, AwardKind, DisciplineForm, EmploymentKind, Gender, InitiativeCategory,
    InitiativeLevel, LeaveKind, ProceedingKind, Rating, StaffCategory, TrainingResult, UnitKind,
};
use tdkt_domain::error::{Error, Problems};
use tdkt_domain::org::{PersonInput, UnitInput};
use tdkt_exchange as ex;
use tdkt_store::history::{NewAward, NewInitiative, Subject, VoteCount};
use tdkt_store::{Actor, Store, WriteTx};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// Tệp cần nhập: .json / .ndjson (tdkt-exchange/1) hoặc .xlsx (danh sách cán bộ)
    pub file: PathBuf,
    /// Giới hạn dung lượng bảng tính khi giải nén, MB (như máy chủ web)
    #[arg(long, default_value_t = SheetLimits::default().max_unzipped_bytes / (1024 * 1024))]
    pub max_unzipped_mb: u64,
    /// Giới hạn số dòng của bảng tính (như máy chủ web)
    #[arg(long, default_value_t = SheetLimits::default().max_rows)]
    pub max_rows: u32,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// stream (JSON Lines, cho dữ liệu lớn) | document (một đối tượng JSON)
    #[arg(long, default_value = "stream")]
    pub encoding: String,
    /// Tệp đích (mặc định: đầu ra chuẩn)
    #[arg(long)]
    pub output: Option<PathBuf>,
}

fn operator() -> Actor {
    Actor::system(&format!(
        "dòng lệnh ({})",
        std::env::var("USER").unwrap_or_else(|_| "?".into())
    ))
}

fn e(err: Error) -> anyhow::Error {
    anyhow::anyhow!("{err}")
}

pub async fn import(a: ImportArgs) -> anyhow::Result<ExitCode> {
    let ext = a
        .file
        .extension()
        .and_then(|x| x.to_str())
        .unwrap_or("")
        .to_lowercase();
    let today = a.db.clock()?.today();
    let store = a.db.open().await?;
    let actor = operator();
    let result = if matches!(ext.as_str(), "xlsx" | "xls" | "ods" | "xlsm") {
        // Refreshes the planner's statistics itself after a large load.
        let limits = SheetLimits {
            max_unzipped_bytes: a.max_unzipped_mb.max(1) * 1024 * 1024,
            max_rows: a.max_rows.max(1),
            ..SheetLimits::default()
        };
        import_staff(&store, &actor, &a.file, limits, today).await
    } else {
        let result = import_exchange(&store, &actor, &a.file, today).await;
        if result.is_ok() {
            // Large loads leave stale planner statistics behind.
            store.analyze().await.map_err(e)?;
        }
        result
    };
    store.db.close().await;
    match result {
        Ok(msg) => {
            println!("{msg}");
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprintln!(
                "Không nhập được {}: không có dữ liệu nào được ghi.",
                a.file.display()
            );
            // Already capped where they were gathered, with a count of the rest.
            for p in &problems {
                eprintln!("  - {p}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

async fn import_staff(
    store: &Store,
    actor: &Actor,
    path: &PathBuf,
    limits: SheetLimits,
    today: chrono::NaiveDate,
) -> Result<String, Vec<String>> {
    // The file is read whole: one far larger than any staff list is refused first.
    const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
    let size = std::fs::metadata(path)
        .map_err(|err| vec![format!("không đọc được tệp: {err}")])?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(vec![format!(
            "Tệp lớn hơn {} MB: không phải một danh sách cán bộ; hãy chia thành nhiều tệp.",
            MAX_FILE_BYTES / (1024 * 1024)
        )]);
    }
    let bytes = std::fs::read(path).map_err(|err| vec![format!("không đọc được tệp: {err}")])?;
    let units = store
        .visible_units(actor, false)
        .await
        .map_err(|x| vec![x.to_string()])?;
    let r = tdkt_web::staff_import::import_staff_sheet(
        store,
        actor,
        bytes,
        &units,
        &HashMap::new(),
        limits,
        today,
    )
    .await
    .map_err(|x| errors_of(&x))?;
    Ok(format!(
        "Đã nhập: thêm {} người, cập nhật {}, không đổi {}.",
        r.created, r.updated, r.unchanged
    ))
}

fn errors_of(err: &Error) -> Vec<String> {
    if err.field_errors().is_empty() {
        vec![err.to_string()]
    } else {
        err.field_errors().iter().map(|f| f.to_string()).collect()
    }
}

/// Records grouped by type, so units exist before people and people before their history.
#[derive(Default)]
struct Batch {
    agency: Option<ex::Agency>,
    units: Vec<ex::Unit>,
    people: Vec<ex::Person>,
    ratings: Vec<ex::RatingRecord>,
    awards: Vec<ex::AwardRecord>,
    initiatives: Vec<ex::Initiative>,
    disciplines: Vec<ex::Discipline>,
    proceedings: Vec<ex::Proceeding>,
    leaves: Vec<ex::Leave>,
    votes: Vec<ex::Vote>,
    blocs: Vec<ex::Bloc>,
    facts: Vec<ex::Fact>,
}

async fn import_exchange(
    store: &Store,
    actor: &Actor,
    path: &std::path::Path,
    today: chrono::NaiveDate,
) -> Result<String, Vec<String>> {
    let reader = ex::Reader::open(path).map_err(|x| vec![x.to_string()])?;
    let mut b = Batch::default();
    let mut problems: Problems<String> = Problems::default();
    for rec in reader {
        match rec {
            Err(x) => problems.push(x.to_string()),
            Ok(ex::Record::Agency(r)) => b.agency = Some(r),
            Ok(ex::Record::Unit(r)) => b.units.push(r),
            Ok(ex::Record::Person(r)) => b.people.push(r),
            Ok(ex::Record::Rating(r)) => b.ratings.push(r),
            Ok(ex::Record::Award(r)) => b.awards.push(r),
            Ok(ex::Record::Initiative(r)) => b.initiatives.push(r),
            Ok(ex::Record::Discipline(r)) => b.disciplines.push(r),
            Ok(ex::Record::Proceeding(r)) => b.proceedings.push(r),
            Ok(ex::Record::Leave(r)) => b.leaves.push(r),
            Ok(ex::Record::Vote(r)) => b.votes.push(r),
            Ok(ex::Record::Bloc(r)) => b.blocs.push(r),
            Ok(ex::Record::Fact(r)) => b.facts.push(r),
        }
        // Past this many the rest of the file tells nothing new.
        if problems.total() > 10_000 {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_lines());
    }
    let mut w = store.begin(actor).await.map_err(|x| vec![x.to_string()])?;
    let counts = write_batch(store, &mut w, &b, today).await?;
    w.commit().await.map_err(|x| vec![x.to_string()])?;
    Ok(format!("Đã nhập {counts} bản ghi từ {}.", path.display()))
}

/// Writes everything in one transaction; any problem aborts the whole import.
/// `today`: the date units are opened on and person changes take effect.
async fn write_batch(
    store: &Store,
    w: &mut WriteTx<'_>,
    b: &Batch,
    today: chrono::NaiveDate,
) -> Result<usize, Vec<String>> {
    let levels = store.levels().await.map_err(|x| vec![x.to_string()])?;
    let mut problems: Problems<String> = Problems::default();
    let mut unit_ids: HashMap<String, i64> = HashMap::new();
    for u in store.all_units().await.map_err(|x| vec![x.to_string()])? {
        unit_ids.insert(u.code, u.id);
    }
    let mut count = 0usize;
    // Units in dependency order: parents first.
    let mut pending: Vec<&ex::Unit> = b.units.iter().collect();
    if let Some(ag) = &b.agency
        && !b.units.iter().any(|u| u.id == ag.id)
        && !unit_ids.contains_key(&ag.id)
    {
        problems.push(format!(
            "agency «{}»: không có bản ghi unit cùng id; hãy thêm unit kind «agency»",
            ag.id
        ));
    }
    loop {
        let before = pending.len();
        let mut rest = Vec::new();
        for u in pending {
            let parent_id = match &u.parent {
                None => None,
                Some(p) => match unit_ids.get(p) {
                    Some(id) => Some(*id),
                    None => {
                        rest.push(u);
                        continue;
                    }
                },
            };
            if unit_ids.contains_key(&u.id) {
                continue;
            }
            let default_level = match u.kind {
                UnitKind::Agency => "co-so",
                UnitKind::Department => "phong",
                UnitKind::Organisation => "doan-the",
            };
            let level = u
                .level
                .as_deref()
                .filter(|l| levels.iter().any(|x| x.code == *l))
                .unwrap_or(default_level);
            let input = UnitInput {
                code: u.id.clone(),
                name: u.name.clone(),
                short_name: u.short_name.clone().unwrap_or_default(),
                kind: u.kind.code().into(),
                level: level.into(),
                parent_id,
            };
            match input.validate(&levels) {
                Ok(v) => match w.create_unit(&v, today).await {
                    Ok(created) => {
                        unit_ids.insert(u.id.clone(), created.id);
                        count += 1;
                    }
                    Err(x) => problems.push(format!("unit «{}»: {x}", u.id)),
                },
                Err(x) => problems.push(format!("unit «{}»: {x}", u.id)),
            }
        }
        if rest.is_empty() || rest.len() == before {
            for u in &rest {
                problems.push(format!(
                    "unit «{}»: đơn vị cha «{}» không tồn tại",
                    u.id,
                    u.parent.clone().unwrap_or_default()
                ));
            }
            break;
        }
        pending = rest;
    }
    // People: created or updated by code.
    let mut person_ids: HashMap<String, i64> = HashMap::new();
    for p in &b.people {
        let Some(unit_id) = unit_ids.get(&p.unit).copied() else {
            problems.push(format!(
                "person «{}»: đơn vị «{}» không tồn tại",
                p.id, p.unit
            ));
            continue;
        };
        let mut periods: Vec<&ex::Employment> = p.employment.iter().collect();
        periods.sort_by_key(|x| x.from);
        // tdkt's own exports carry the finer category; other files only the employment kind.
        let category = p
            .extra
            .staff_category
            .as_deref()
            .and_then(|c| StaffCategory::parse(c).ok())
            .or_else(|| periods.last().map(|x| StaffCategory::from(x.kind)))
            .unwrap_or(StaffCategory::Khac);
        let input = PersonInput {
            code: p.id.clone(),
            full_name: p.name.clone(),
            gender: p.gender.code().into(),
            position: p.position.clone(),
            is_manager: p.manager,
            staff_category: category.code().into(),
            unit_id,
            email: p.extra.email.clone().unwrap_or_default(),
            phone: p.extra.phone.clone().unwrap_or_default(),
            ..Default::default()
        };
        let v = match input.validate_dated(
            p.extra.birth_date,
            periods.first().map(|x| x.from),
            today,
        ) {
            Ok(v) => v,
            Err(x) => {
                problems.push(format!("person «{}»: {x}", p.id));
                continue;
            }
        };
        let existing = store
            .person_id_by_code(&p.id)
            .await
            .map_err(|x| vec![x.to_string()])?;
        let saved = match existing {
            Some(id) => w.update_person(id, &v, today).await,
            None => w.create_person(&v).await,
        };
        match saved {
            Ok(saved) => {
                let ps: Vec<(
                    String,
                    chrono::NaiveDate,
                    Option<chrono::NaiveDate>,
                    Option<String>,
                )> = periods
                    .iter()
                    .map(|x| {
                        (
                            x.kind.code().to_string(),
                            x.from,
                            x.to,
                            x.transfer_from.clone(),
                        )
                    })
                    .collect();
                if p.extra.active == Some(false)
                    && saved.active
                    && let Err(x) = w.set_person_active(saved.id, false).await
                {
                    problems.push(format!("person «{}»: {x}", p.id));
                }
                if let Err(x) = w.set_employment(saved.id, &ps).await {
                    problems.push(format!("person «{}»: {x}", p.id));
                }
                person_ids.insert(p.id.clone(), saved.id);
                count += 1;
            }
            Err(x) => problems.push(format!("person «{}»: {x}", p.id)),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_lines());
    }
    let subject = |id: &str| -> Option<Subject> {
        person_ids
            .get(id)
            .map(|i| Subject::Person(*i))
            .or_else(|| unit_ids.get(id).map(|i| Subject::Unit(*i)))
    };
    let mut missing = |what: &str, id: &str| {
        problems.push(format!("{what}: đối tượng «{id}» không có trong dữ liệu"))
    };
    let mut ops: Vec<(String, Subject, Op)> = Vec::new();
    for r in &b.ratings {
        match subject(&r.subject) {
            Some(s) => ops.push((
                format!("rating {} {}", r.subject, r.year),
                s,
                Op::Rating(r.year, r.rating),
            )),
            None => missing("rating", &r.subject),
        }
    }
    for a in &b.awards {
        match subject(&a.subject) {
            Some(s) => ops.push((
                format!("award {} {} {}", a.subject, a.award.code(), a.year),
                s,
                Op::Award(NewAward {
                    award: a.award,
                    year: a.year,
                    kind: a.kind,
                    decision_number: a
                        .decision
                        .as_ref()
                        .map(|d| d.number.clone())
                        .unwrap_or_default(),
                    decision_date: a.decision.as_ref().map(|d| d.date),
                    issuer: a
                        .decision
                        .as_ref()
                        .map(|d| d.issuer.clone())
                        .unwrap_or_default(),
                    unit_name: String::new(),
                }),
            )),
            None => missing("award", &a.subject),
        }
    }
    for d in &b.disciplines {
        match subject(&d.subject) {
            Some(s) => ops.push((
                format!("discipline {}", d.subject),
                s,
                Op::Discipline(d.form, d.decided_on, d.ends_on),
            )),
            None => missing("discipline", &d.subject),
        }
    }
    for d in &b.proceedings {
        match subject(&d.subject) {
            Some(s) => ops.push((
                format!("proceeding {}", d.subject),
                s,
                Op::Proceeding(d.kind, d.opened_on, d.closed_on),
            )),
            None => missing("proceeding", &d.subject),
        }
    }
    for l in &b.leaves {
        match person_ids.get(&l.person) {
            Some(id) => ops.push((
                format!("leave {}", l.person),
                Subject::Person(*id),
                Op::Leave(l.kind, l.from, l.to, l.result),
            )),
            None => missing("leave", &l.person),
        }
    }
    for v in &b.votes {
        match subject(&v.subject) {
            Some(s) => ops.push((
                format!("vote {}", v.subject),
                s,
                Op::Vote(
                    v.award,
                    v.year,
                    v.council_members,
                    v.agree,
                    v.disagree,
                    v.abstain,
                ),
            )),
            None => missing("vote", &v.subject),
        }
    }
    for f in &b.facts {
        match subject(&f.subject) {
            Some(s) => {
                let value = match f.value {
                    ex::FactValue::Bool(x) => serde_json::json!(x),
                    ex::FactValue::Number(x) => serde_json::json!(x),
                };
                ops.push((
                    format!("fact {} {}", f.subject, f.key),
                    s,
                    Op::Fact(f.year, f.key.clone(), value),
                ))
            }
            None => missing("fact", &f.subject),
        }
    }
    let mut initiatives = Vec::new();
    for i in &b.initiatives {
        let mut authors = Vec::new();
        for a in &i.authors {
            match person_ids.get(a) {
                Some(id) => authors.push(*id),
                None => missing(&format!("initiative «{}»", i.id), a),
            }
        }
        initiatives.push(NewInitiative {
            code: i.id.clone(),
            title: i.title.clone(),
            category: i.category,
            level: i.level,
            recognized_on: Some(i.recognized_on),
            effect_confirmed: i.effect_confirmed,
            authors,
            used_for: i.used_for.iter().map(|u| (u.award, u.year)).collect(),
        });
    }
    for bl in &b.blocs {
        for m in &bl.members {
            if !unit_ids.contains_key(m) {
                missing(&format!("bloc «{}»", bl.id), m);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_lines());
    }
    for (what, s, op) in ops {
        let r = match op {
            Op::Rating(y, r) => w.put_rating(s, y, r).await,
            Op::Award(a) => w.add_award(s, &a).await,
            Op::Discipline(f, d, e) => w.add_discipline(s, f, d, e).await,
            Op::Proceeding(k, o, c) => w.add_proceeding(s, k, o, c).await,
            Op::Leave(k, f, t, r) => match s {
                Subject::Person(id) => w.add_leave(id, k, f, t, r.map(|x| x.code())).await,
                Subject::Unit(_) => Ok(()),
            },
            Op::Vote(a, y, m, ag, di, ab) => {
                w.put_vote(
                    s,
                    a,
                    y,
                    VoteCount {
                        members: m as i64,
                        agree: ag as i64,
                        disagree: di as i64,
                        abstain: ab as i64,
                    },
                )
                .await
            }
            Op::Fact(y, k, v) => w.put_fact(s, y, &k, &v).await,
        };
        match r {
            Ok(()) => count += 1,
            Err(x) => problems.push(format!("{what}: {x}")),
        }
    }
    for i in &initiatives {
        match w.put_initiative(i).await {
            Ok(_) => count += 1,
            Err(x) => problems.push(format!("initiative «{}»: {x}", i.code)),
        }
    }
    for bl in &b.blocs {
        let bloc = match store
            .bloc_by_code(&bl.id)
            .await
            .map_err(|x| vec![x.to_string()])?
        {
            Some(existing) => Ok(existing),
            None => w.create_bloc(&bl.id, &bl.name, bl.year as i64).await,
        };
        match bloc {
            Ok(bloc) => {
                for m in &bl.members {
                    let rank = bl.ranking.iter().position(|r| r == m).map(|p| p as i64 + 1);
                    if let Err(x) = w
                        .put_bloc_member(bloc.id, unit_ids[m], "member", rank)
                        .await
                    {
                        problems.push(format!("bloc «{}»: {x}", bl.id));
                    }
                }
                count += 1;
            }
            Err(x) => problems.push(format!("bloc «{}»: {x}", bl.id)),
        }
    }
    if problems.is_empty() {
        Ok(count)
    } else {
        Err(problems.into_lines())
    }
}

enum Op {
    Rating(i32, Rating),
    Award(NewAward),
    Discipline(DisciplineForm, chrono::NaiveDate, Option<chrono::NaiveDate>),
    Proceeding(ProceedingKind, chrono::NaiveDate, Option<chrono::NaiveDate>),
    Leave(
        LeaveKind,
        chrono::NaiveDate,
        chrono::NaiveDate,
        Option<TrainingResult>,
    ),
    Vote(AwardCode, i32, u32, u32, u32, u32),
    Fact(i32, String, serde_json::Value),
}

pub async fn export(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let encoding = match a.encoding.as_str() {
        "stream" => ex::Encoding::Stream,
        "document" => ex::Encoding::Document,
        other => anyhow::bail!("--encoding: «{other}» không hợp lệ (stream | document)"),
    };
    let store = a.db.open().await?;
    let out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p)?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout().lock(),
        )),
    };
    let total = store.count_rows().await.map_err(e)?;
    let bar = ProgressBar::new(total.max(0) as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} bản ghi ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut w = ex::Writer::new(out, encoding)?;
    let n = write_all(&store, &mut w, &bar).await?;
    let mut out = w.finish()?;
    out.flush()?;
    bar.finish_and_clear();
    eprintln!("Đã xuất {n} bản ghi.");
    store.db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// A stored row whose code the interchange format cannot express.
fn unreadable_row(what: &str, id: &str, value: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "không xuất được: {what} «{id}» có giá trị «{value}» mà tdkt-exchange/1 không biểu diễn được (dữ liệu hỏng hoặc của phiên bản mới hơn); bản xuất dừng lại thay vì bỏ sót"
    )
}

async fn write_all<W: Write>(
    store: &Store,
    w: &mut ex::Writer<W>,
    bar: &ProgressBar,
) -> anyhow::Result<u64> {
    let units = store.all_units().await.map_err(e)?;
    let code_of: HashMap<i64, String> = units.iter().map(|u| (u.id, u.code.clone())).collect();
    // The agency: the top-most unit of kind agency (the installation's own body).
    if let Some(ag) = units
        .iter()
        .filter(|u| u.kind == "agency")
        .min_by_key(|u| u.depth)
    {
        let parent = ag
            .parent_id
            .and_then(|p| units.iter().find(|u| u.id == p))
            .map(|u| u.name.clone());
        w.write(&ex::Record::Agency(ex::Agency {
            id: ag.code.clone(),
            name: ag.name.clone(),
            province: String::new(),
            parent_body: parent,
        }))?;
    }
    bar.set_message("đơn vị");
    for u in &units {
        w.write(&ex::Record::Unit(ex::Unit {
            id: u.code.clone(),
            name: u.name.clone(),
            parent: u.parent_id.and_then(|p| code_of.get(&p).cloned()),
            kind: UnitKind::parse(&u.kind)
                .map_err(|_| unreadable_row("đơn vị", &u.code, &u.kind))?,
            level: Some(u.level.clone()),
            short_name: (!u.short_name.is_empty()).then(|| u.short_name.clone()),
        }))?;
        bar.inc(1);
    }
    bar.set_message("cán bộ");
    let mut after = 0;
    loop {
        let page = store.dump_people(after).await.map_err(e)?;
        let Some(last) = page.last() else { break };
        let (first_id, last_id) = (page[0].id, last.id);
        let mut periods: HashMap<i64, Vec<ex::Employment>> = HashMap::new();
        for x in store.dump_employment(first_id, last_id).await.map_err(e)? {
            let kind = EmploymentKind::parse(&x.kind).map_err(|_| {
                unreadable_row("thời gian công tác", &x.person_id.to_string(), &x.kind)
            })?;
            {
                periods
                    .entry(x.person_id)
                    .or_default()
                    .push(ex::Employment {
                        kind,
                        from: x.from_date,
                        to: x.to_date,
                        transfer_from: x.transfer_from,
                    });
            }
        }
        for p in &page {
            w.write(&ex::Record::Person(ex::Person {
                id: p.code.clone(),
                name: p.full_name.clone(),
                gender: Gender::parse(&p.gender)
                    .map_err(|_| unreadable_row("cán bộ", &p.code, &p.gender))?,
                unit: p.unit_code.clone(),
                position: p.position.clone(),
                manager: p.is_manager,
                employment: periods.remove(&p.id).unwrap_or_default(),
                extra: ex::PersonExtra {
                    birth_date: p.birth_date,
                    staff_category: Some(p.staff_category.clone()),
                    email: (!p.email.is_empty()).then(|| p.email.clone()),
                    phone: (!p.phone.is_empty()).then(|| p.phone.clone()),
                    active: (!p.active).then_some(false),
                },
            }))?;
        }
        bar.inc(page.len() as u64);
        after = last_id;
    }
    macro_rules! pages {
        ($label:literal, $fetch:ident, $row:ident => $rec:expr) => {{
            bar.set_message($label);
            let mut after = 0;
            loop {
                let page = store.$fetch(after).await.map_err(e)?;
                let Some(last) = page.last() else { break };
                let last_id = last.id;
                for $row in &page {
                    // A stored row the format cannot say stops the export:
                    // a copy that silently lacks it would pass for whole.
                    match $rec {
                        Some(rec) => w.write(&rec)?,
                        None => {
                            return Err(unreadable_row(
                                $label,
                                &$row.id.to_string(),
                                "mã không đọc được",
                            ));
                        }
                    }
                }
                bar.inc(page.len() as u64);
                after = last_id;
            }
        }};
    }
    pages!("xếp loại", dump_ratings, r => Rating::parse(&r.rating).ok().map(|rating| ex::Record::Rating(ex::RatingRecord { subject: r.subject.clone(), year: r.year as i32, rating })));
    pages!("khen thưởng", dump_awards, a => AwardCode::parse(&a.award).ok().map(|award| ex::Record::Award(ex::AwardRecord {
        subject: a.subject.clone(),
        award,
        year: a.year as i32,
        kind: AwardKind::parse(&a.kind).unwrap_or_default(),
        decision: a.decision_date.map(|date| ex::Decision { number: a.decision_number.clone(), date, issuer: a.issuer.clone() }),
    })));
    bar.set_message("sáng kiến");
    let mut after = 0;
    loop {
        let page = store.dump_initiatives(after).await.map_err(e)?;
        let Some(last) = page.last() else { break };
        let last_id = last.id;
        for i in &page {
            let (authors, uses) = store.initiative_links(i.id).await.map_err(e)?;
            let (Ok(category), Ok(level), Some(recognized_on)) = (
                InitiativeCategory::parse(&i.category),
                InitiativeLevel::parse(&i.level),
                i.recognized_on,
            ) else {
                continue;
            };
            w.write(&ex::Record::Initiative(ex::Initiative {
                id: i.code.clone(),
                title: i.title.clone(),
                authors,
                category,
                level,
                recognized_on,
                effect_confirmed: i.effect_confirmed,
                used_for: uses
                    .into_iter()
                    .filter_map(|(a, y)| {
                        AwardCode::parse(&a).ok().map(|award| ex::UsedFor {
                            award,
                            year: y as i32,
                        })
                    })
                    .collect(),
            }))?;
        }
        bar.inc(page.len() as u64);
        after = last_id;
    }
    pages!("kỷ luật", dump_disciplines, d => DisciplineForm::parse(&d.form).ok().map(|form| ex::Record::Discipline(ex::Discipline { subject: d.subject.clone(), form, decided_on: d.decided_on, ends_on: d.ends_on })));
    pages!("vụ việc", dump_proceedings, d => ProceedingKind::parse(&d.kind).ok().map(|kind| ex::Record::Proceeding(ex::Proceeding { subject: d.subject.clone(), kind, opened_on: d.opened_on, closed_on: d.closed_on })));
    pages!("nghỉ", dump_leaves, l => LeaveKind::parse(&l.kind).ok().map(|kind| ex::Record::Leave(ex::Leave {
        person: l.person.clone(), kind, from: l.from_date, to: l.to_date, result: l.result.as_deref().and_then(|x| TrainingResult::parse(x).ok()),
    })));
    pages!("bỏ phiếu", dump_votes, v => AwardCode::parse(&v.award).ok().map(|award| ex::Record::Vote(ex::Vote {
        subject: v.subject.clone(), award, year: v.year as i32, council_members: v.council_members as u32, agree: v.agree as u32, disagree: v.disagree as u32, abstain: v.abstain as u32,
    })));
    bar.set_message("khối thi đua");
    for bl in store.blocs(None).await.map_err(e)? {
        let members = store.bloc_members(bl.id).await.map_err(e)?;
        let mut ranked: Vec<_> = members
            .iter()
            .filter_map(|m| m.rank.map(|r| (r, m.unit_code.clone())))
            .collect();
        ranked.sort();
        w.write(&ex::Record::Bloc(ex::Bloc {
            id: bl.code.clone(),
            name: bl.name.clone(),
            year: bl.year as i32,
            members: members.iter().map(|m| m.unit_code.clone()).collect(),
            ranking: ranked.into_iter().map(|(_, c)| c).collect(),
        }))?;
        bar.inc(1);
    }
    pages!("nhận định", dump_facts, f => serde_json::from_str::<serde_json::Value>(&f.value).ok().and_then(|v| match v {
        serde_json::Value::Bool(x) => Some(ex::FactValue::Bool(x)),
        serde_json::Value::Number(n) => n.as_f64().map(ex::FactValue::Number),
        _ => None,
    }).map(|value| ex::Record::Fact(ex::Fact { subject: f.subject.clone(), year: f.year as i32, key: f.key.clone(), value })));
    Ok(w.count())
}
