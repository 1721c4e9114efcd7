//! `tdkt migrate`, `tdkt user …`, `tdkt backup`.

use crate::config;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use tdkt_domain::auth::Role;
use tdkt_store::{Actor, Store};

#[derive(clap::Args, Clone)]
pub struct DbArgs {
    /// Tệp cấu hình TOML (như của tdkt serve)
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Cơ sở dữ liệu: sqlite:ĐƯỜNG_DẪN hoặc postgres://…
    #[arg(long)]
    pub database: Option<String>,
}

impl DbArgs {
    pub fn url(&self) -> anyhow::Result<String> {
        let s = config::load(self.config.as_ref())?;
        Ok(self.database.clone().unwrap_or(s.database))
    }

    /// The configured clock ("today" in Vietnam, or the `today` setting).
    pub fn clock(&self) -> anyhow::Result<tdkt_domain::clock::Clock> {
        config::load(self.config.as_ref())?.clock()
    }

    pub async fn open(&self) -> anyhow::Result<Store> {
        let url = self.url()?;
        crate::commands::serve::ensure_sqlite_dir(&url)?;
        Store::open(&url).await
    }
}

#[derive(clap::Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn migrate(a: MigrateArgs) -> anyhow::Result<ExitCode> {
    let store = a.db.open().await?;
    println!(
        "Cơ sở dữ liệu đã ở phiên bản mới nhất ({:?}).",
        store.backend()
    );
    store.db.close().await;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Tạo tài khoản và cấp một vai trò trên một đơn vị
    Add {
        username: String,
        /// Họ tên hiển thị
        #[arg(long)]
        name: String,
        /// admin | secretariat | unit_head | unit_clerk | council_member | agency_head | viewer
        #[arg(long)]
        role: String,
        /// Mã đơn vị nhận vai trò (vai trò có hiệu lực trên cả các đơn vị trực thuộc)
        #[arg(long)]
        unit: String,
        /// Đọc mật khẩu từ dòng đầu của đầu vào chuẩn (thay vì hỏi)
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Đặt mật khẩu mới
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Khóa tài khoản (kết thúc mọi phiên đang mở)
    Lock {
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Mở khóa tài khoản
    Unlock {
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    let p1 = rpassword::prompt_password("Mật khẩu: ")?;
    let p2 = rpassword::prompt_password("Nhập lại mật khẩu: ")?;
    if p1 != p2 {
        anyhow::bail!("hai lần nhập mật khẩu không khớp");
    }
    Ok(p1)
}

fn operator() -> Actor {
    let who = std::env::var("USER").unwrap_or_else(|_| "?".into());
    Actor::system(&format!("dòng lệnh ({who})"))
}

fn domain(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

pub async fn user(c: UserCommand) -> anyhow::Result<ExitCode> {
    let actor = operator();
    match c {
        UserCommand::Add {
            username,
            name,
            role,
            unit,
            password_stdin,
            db,
        } => {
            let role = Role::parse(&role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
            let store = db.open().await?;
            let unit = store
                .unit_by_code(&unit)
                .await
                .map_err(domain)?
                .ok_or_else(|| anyhow::anyhow!("--unit: không có đơn vị mã «{unit}»"))?;
            let password = read_password(password_stdin)?;
            let mut w = store.begin(&actor).await.map_err(domain)?;
            let id = w
                .create_user(&username, &name, &password, false)
                .await
                .map_err(domain)?;
            w.grant_role(id, role, unit.id).await.map_err(domain)?;
            w.commit().await.map_err(domain)?;
            println!(
                "Đã tạo tài khoản «{username}» với vai trò «{}» trên «{}».",
                role.label(),
                unit.name
            );
        }
        UserCommand::Passwd {
            username,
            password_stdin,
            db,
        } => {
            let store = db.open().await?;
            let u = store
                .user_by_name(&username)
                .await
                .map_err(domain)?
                .ok_or_else(|| anyhow::anyhow!("không có tài khoản «{username}»"))?;
            let password = read_password(password_stdin)?;
            let mut w = store.begin(&actor).await.map_err(domain)?;
            w.set_password(u.id, &password, false)
                .await
                .map_err(domain)?;
            w.commit().await.map_err(domain)?;
            println!("Đã đặt mật khẩu mới cho «{username}».");
        }
        UserCommand::Lock { username, db } => lock(&db, &username, true, &actor).await?,
        UserCommand::Unlock { username, db } => lock(&db, &username, false, &actor).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn lock(db: &DbArgs, username: &str, locked: bool, actor: &Actor) -> anyhow::Result<()> {
    let store = db.open().await?;
    let u = store
        .user_by_name(username)
        .await
        .map_err(domain)?
        .ok_or_else(|| anyhow::anyhow!("không có tài khoản «{username}»"))?;
    let mut w = store.begin(actor).await.map_err(domain)?;
    w.set_locked(u.id, locked).await.map_err(domain)?;
    w.commit().await.map_err(domain)?;
    println!(
        "Đã {} tài khoản «{username}».",
        if locked { "khóa" } else { "mở khóa" }
    );
    Ok(())
}

#[derive(clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Tệp sao lưu (SQLite: một tệp cơ sở dữ liệu; PostgreSQL: tệp pg_dump định dạng custom)
    #[arg(long)]
    pub output: PathBuf,
}

pub async fn backup(a: BackupArgs) -> anyhow::Result<ExitCode> {
    if a.output.exists() {
        anyhow::bail!(
            "tệp {} đã có: hãy chọn tên khác (không ghi đè bản sao lưu)",
            a.output.display()
        );
    }
    let url = a.db.url()?;
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        // pg_dump takes a consistent snapshot without blocking writers.
        let status = std::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(&a.output)
            .arg(&url)
            .status()
            .map_err(|e| {
                anyhow::anyhow!("không chạy được pg_dump (cài gói postgresql-client): {e}")
            })?;
        if !status.success() {
            anyhow::bail!("pg_dump thất bại ({status})");
        }
    } else {
        let store = Store::connect(&url).await?;
        let bytes = store.backup_sqlite(&a.output).await.map_err(domain)?;
        println!(
            "Đã sao lưu {} byte.",
            tdkt_domain::text::format_number(bytes as i64)
        );
        store.db.close().await;
    }
    println!("Bản sao lưu: {}", a.output.display());
    Ok(ExitCode::SUCCESS)
}
