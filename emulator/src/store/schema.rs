//! Versioned schema migrations, tracked with `PRAGMA user_version`.

use rusqlite::Connection;

/// The schema version this build writes; a database with a newer version is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// Migration `n` takes the schema from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[V1];

const V1: &str = r#"
CREATE TABLE accounts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    aws_account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    account_type TEXT NOT NULL,
    status TEXT NOT NULL,
    default_license TEXT NOT NULL,
    created INTEGER NOT NULL,
    disable_remote_control INTEGER NOT NULL DEFAULT 0,
    enable_dial_out INTEGER NOT NULL DEFAULT 1,
    room_retention_days INTEGER,
    conversation_retention_days INTEGER,
    retention_initiated INTEGER
);
CREATE TABLE signin_delegate_groups (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    group_name TEXT NOT NULL,
    PRIMARY KEY (account_id, group_name)
);
CREATE TABLE users (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    email TEXT,
    display_name TEXT,
    license TEXT NOT NULL,
    user_type TEXT NOT NULL,
    registration_status TEXT NOT NULL,
    invitation_status TEXT,
    registered_on INTEGER,
    invited_on INTEGER,
    suspended INTEGER NOT NULL DEFAULT 0,
    pin TEXT NOT NULL,
    phone_number TEXT,
    a4b_enabled INTEGER,
    a4b_room_arn TEXT,
    inbound_calling INTEGER NOT NULL DEFAULT 1,
    outbound_calling INTEGER NOT NULL DEFAULT 1,
    sms INTEGER NOT NULL DEFAULT 0,
    logged_out_at INTEGER,
    created INTEGER NOT NULL
);
CREATE INDEX users_by_account ON users(account_id, seq);
CREATE INDEX users_by_email ON users(email COLLATE NOCASE);
CREATE TABLE bots (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    security_token TEXT NOT NULL,
    events_https_endpoint TEXT,
    events_lambda_arn TEXT,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);
CREATE INDEX bots_by_account ON bots(account_id, seq);
CREATE TABLE rooms (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_by TEXT NOT NULL,
    client_request_token TEXT,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);
CREATE INDEX rooms_by_account ON rooms(account_id, seq);
CREATE UNIQUE INDEX rooms_by_token ON rooms(account_id, client_request_token)
    WHERE client_request_token IS NOT NULL;
CREATE TABLE room_memberships (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    member_id TEXT NOT NULL,
    member_type TEXT NOT NULL,
    role TEXT NOT NULL,
    invited_by TEXT NOT NULL,
    updated INTEGER NOT NULL,
    UNIQUE (room_id, member_id)
);
CREATE INDEX memberships_by_member ON room_memberships(member_id);
CREATE TABLE messages (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    container_kind TEXT NOT NULL,
    container_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    content TEXT,
    redacted INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    PRIMARY KEY (container_kind, container_id, message_id)
);
CREATE TABLE phone_numbers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    number_type TEXT NOT NULL,
    product_type TEXT NOT NULL,
    status TEXT NOT NULL,
    calling_name TEXT,
    calling_name_status TEXT NOT NULL,
    user_id TEXT,
    account_id TEXT,
    associated INTEGER,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deleted INTEGER
);
CREATE TABLE phone_number_orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    product_type TEXT NOT NULL,
    status TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);
CREATE TABLE ordered_numbers (
    order_id TEXT NOT NULL REFERENCES phone_number_orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    e164 TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (order_id, position)
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT,
    updated INTEGER NOT NULL
);
CREATE TABLE dial_outs (
    transaction_id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    created INTEGER NOT NULL
);
"#;

/// Brings the database to [`SCHEMA_VERSION`], one migration per transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), String> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if current > SCHEMA_VERSION {
        return Err(format!(
            "the database has schema version {current}, newer than this emulator's {SCHEMA_VERSION}"
        ));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute_batch(sql).map_err(|e| e.to_string())?;
        tx.pragma_update(None, "user_version", (n + 1) as i64)
            .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}
