//! The emulator's state: one SQLite database, in a file under a data directory or in memory.
//!
//! Every request runs as one transaction ([`Store::write`] / [`Store::read`]): the closure's
//! changes are committed only if it returns `Ok`, so a batch applies exactly as answered or not
//! at all. File-backed stores use WAL with `synchronous=FULL`, so a write that was acknowledged
//! survives a crash (SIGKILL or power loss) of the process.

mod schema;
pub mod token;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use schema::SCHEMA_VERSION;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "chime-emulator.sqlite3";

/// Why a request did not succeed: the kinds of errors the Chime model describes, each with a
/// message for the caller. Handlers turn it into their operation's error type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fail {
    /// 400 `BadRequestException`.
    BadRequest(String),
    /// 403 `ForbiddenException`.
    Forbidden(String),
    /// 404 `NotFoundException`.
    NotFound(String),
    /// 409 `ConflictException`.
    Conflict(String),
    /// 400 `ResourceLimitExceededException`.
    LimitExceeded(String),
    /// 422 `UnprocessableEntityException`.
    Unprocessable(String),
    /// 403 `AccessDeniedException`.
    AccessDenied(String),
    /// 500 `ServiceFailureException`: the store failed.
    Internal(String),
}

impl Fail {
    /// The message, whatever the kind.
    pub fn message(&self) -> &str {
        match self {
            Fail::BadRequest(m)
            | Fail::Forbidden(m)
            | Fail::NotFound(m)
            | Fail::Conflict(m)
            | Fail::LimitExceeded(m)
            | Fail::Unprocessable(m)
            | Fail::AccessDenied(m)
            | Fail::Internal(m) => m,
        }
    }
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self)
    }
}

impl std::error::Error for Fail {}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "store error");
        Fail::Internal("The service encountered an unexpected error.".to_owned())
    }
}

/// An error opening a store.
#[derive(Debug)]
pub struct OpenError(pub String);

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

/// The SQLite database behind the emulator. One connection, behind a mutex: requests are
/// serialized, which is what makes each of them one isolated transaction.
pub struct Store {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database file under `data_dir` and migrates it.
    pub fn open_dir(data_dir: &Path) -> Result<Store, OpenError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| OpenError(format!("cannot create {}: {e}", data_dir.display())))?;
        let path = data_dir.join(DB_FILE);
        let conn = Connection::open(&path)
            .map_err(|e| OpenError(format!("cannot open {}: {e}", path.display())))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| conn.pragma_update(None, "synchronous", "FULL"))
            .and_then(|_| conn.pragma_update(None, "foreign_keys", "ON"))
            .and_then(|_| conn.busy_timeout(std::time::Duration::from_secs(5)))
            .map_err(|e| OpenError(format!("cannot configure {}: {e}", path.display())))?;
        Self::finish(conn, Some(path))
    }

    /// Opens an empty database in memory (for tests).
    pub fn open_in_memory() -> Result<Store, OpenError> {
        let conn = Connection::open_in_memory()
            .map_err(|e| OpenError(format!("cannot open an in-memory database: {e}")))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| OpenError(format!("cannot configure the database: {e}")))?;
        Self::finish(conn, None)
    }

    fn finish(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, OpenError> {
        schema::migrate(&mut conn).map_err(|e| OpenError(format!("migration failed: {e}")))?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// The database file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`), committed if it returns `Ok`,
    /// rolled back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T, Fail>) -> Result<T, Fail> {
        self.run(TransactionBehavior::Immediate, f)
    }

    /// Runs `f` in one read transaction; it is rolled back at the end, whatever happens.
    pub fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T, Fail>) -> Result<T, Fail> {
        let mut guard = self.lock();
        let tx = guard.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx);
        let _ = tx.rollback();
        out
    }

    fn run<T>(
        &self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, Fail>,
    ) -> Result<T, Fail> {
        let mut guard = self.lock();
        let tx = guard.transaction_with_behavior(behavior)?;
        match f(&tx) {
            Ok(value) => {
                tx.commit()?;
                Ok(value)
            }
            Err(e) => {
                let _ = tx.rollback();
                Err(e)
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half transaction behind (the
        // transaction is rolled back when dropped), so a poisoned lock is safe to reuse.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, Fail> {
        let guard = self.lock();
        Ok(guard.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
