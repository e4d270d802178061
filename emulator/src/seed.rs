//! Preloading accounts of any type, with users, bots, rooms and messages, from a JSON or YAML
//! file (`--seed FILE`).
//!
//! Chime's API creates only `Team` accounts, while rooms, bots and retention settings belong to
//! Enterprise accounts, which Chime creates outside the API; a seed file is how the emulator gets
//! them. The format (JSON shown; YAML has the same keys; see `examples/seed.json`):
//!
//! ```json
//! {
//!   "accounts": [{
//!     "id": "optional fixed id (UUID); generated when absent",
//!     "name": "Example Corp",
//!     "type": "Team | EnterpriseLWA | EnterpriseAD (= EnterpriseDirectory) | EnterpriseOIDC",
//!     "defaultLicense": "Basic | Pro (default Pro)",
//!     "signinDelegateGroups": ["admins"],
//!     "users": [{ "id": "...", "email": "a@example.com", "displayName": "A",
//!                 "userType": "PrivateUser | SharedDevice", "license": "Pro",
//!                 "suspended": false }],
//!     "bots": [{ "id": "...", "displayName": "Helper", "domain": "example.com" }],
//!     "rooms": [{ "id": "...", "name": "General",
//!                 "members": [{ "memberId": "<user or bot id>", "role": "Administrator | Member" }],
//!                 "messages": [{ "id": "m1", "content": "hello" }] }],
//!     "conversations": [{ "id": "c1", "messages": [{ "id": "m1", "content": "hi" }] }]
//!   }]
//! }
//! ```
//!
//! Loading is one transaction and is idempotent: an account whose `id` (or, without an id, whose
//! name) already exists is left as it is, with everything the seed lists under it, so restarting
//! with the same seed on a data directory changes nothing.

use std::path::Path;

use chime::types::{AccountType, InviteStatus, License, RegistrationStatus, UserType};
use rusqlite::params;
use serde::Deserialize;

use crate::ops::common::{account, find_member, MemberRef};
use crate::ops::{insert_account, insert_bot, insert_user, NewUser};
use crate::store::Fail;
use crate::util::now_millis;
use crate::Emulator;

/// A seed file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Seed {
    /// The accounts to create.
    #[serde(default)]
    pub accounts: Vec<SeedAccount>,
}

/// An account of a seed file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedAccount {
    /// A fixed id; generated when absent.
    pub id: Option<String>,
    /// The account name.
    pub name: String,
    /// `Team`, `EnterpriseLWA`, `EnterpriseAD` (or `EnterpriseDirectory`), `EnterpriseOIDC`.
    #[serde(rename = "type")]
    pub account_type: String,
    /// The default license of new users (`Basic` or `Pro`, default `Pro`).
    pub default_license: Option<String>,
    /// Sign-in delegate groups.
    #[serde(default)]
    pub signin_delegate_groups: Vec<String>,
    /// Users.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// Bots.
    #[serde(default)]
    pub bots: Vec<SeedBot>,
    /// Rooms (Enterprise accounts).
    #[serde(default)]
    pub rooms: Vec<SeedRoom>,
    /// Conversations, only as holders of messages (for RedactConversationMessage).
    #[serde(default)]
    pub conversations: Vec<SeedConversation>,
}

/// A user of a seed account.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedUser {
    /// A fixed id; generated when absent.
    pub id: Option<String>,
    /// The primary email.
    pub email: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// `PrivateUser` (default) or `SharedDevice`.
    pub user_type: Option<String>,
    /// The license (default: the account's).
    pub license: Option<String>,
    /// Whether the user starts suspended.
    #[serde(default)]
    pub suspended: bool,
}

/// A bot of a seed account.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedBot {
    /// A fixed id; generated when absent.
    pub id: Option<String>,
    /// The display name.
    pub display_name: String,
    /// The domain of the bot's email.
    pub domain: Option<String>,
}

/// A room of a seed account.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedRoom {
    /// A fixed id; generated when absent.
    pub id: Option<String>,
    /// The room name.
    pub name: String,
    /// Members: users or bots of the same account.
    #[serde(default)]
    pub members: Vec<SeedMember>,
    /// Messages that can be redacted.
    #[serde(default)]
    pub messages: Vec<SeedMessage>,
}

/// A member of a seed room.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedMember {
    /// A user or bot id of the account.
    pub member_id: String,
    /// `Administrator` or `Member` (default).
    pub role: Option<String>,
}

/// A conversation of a seed account.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedConversation {
    /// The conversation id.
    pub id: String,
    /// Messages that can be redacted.
    #[serde(default)]
    pub messages: Vec<SeedMessage>,
}

/// A message of a room or conversation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SeedMessage {
    /// The message id.
    pub id: String,
    /// The text.
    pub content: Option<String>,
}

/// A seed file that cannot be read or applied.
#[derive(Debug)]
pub struct SeedError(pub String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

/// What loading a seed did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Accounts created.
    pub created: Vec<String>,
    /// Accounts that already existed and were left alone.
    pub skipped: Vec<String>,
}

/// Parses a seed: JSON when the text starts with `{`, YAML otherwise.
pub fn parse(text: &str) -> Result<Seed, SeedError> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| SeedError(format!("invalid JSON seed: {e}")))
    } else {
        serde_yaml::from_str(text).map_err(|e| SeedError(format!("invalid YAML seed: {e}")))
    }
}

/// Reads and parses a seed file.
pub fn load(path: &Path) -> Result<Seed, SeedError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SeedError(format!("cannot read {}: {e}", path.display())))?;
    parse(&text).map_err(|e| SeedError(format!("{}: {}", path.display(), e.0)))
}

/// An account type by name; `EnterpriseAD` is accepted for `EnterpriseDirectory`.
pub fn account_type(name: &str) -> Result<AccountType, String> {
    match name {
        "EnterpriseAD" => Ok(AccountType::EnterpriseDirectory),
        n => match AccountType::from(n) {
            AccountType::Unknown(_) => Err(format!(
                "unknown account type {n:?} (Team, EnterpriseLWA, EnterpriseAD, EnterpriseOIDC)"
            )),
            t => Ok(t),
        },
    }
}

fn bad(context: &str, what: String) -> Fail {
    Fail::BadRequest(format!("{context}: {what}"))
}

/// Applies a seed in one transaction.
pub fn apply(emulator: &Emulator, seed: &Seed) -> Result<SeedReport, SeedError> {
    emulator
        .store
        .write(|tx| {
            let mut report = SeedReport::default();
            for a in &seed.accounts {
                let ctx = format!("account {:?}", a.id.as_deref().unwrap_or(&a.name));
                let exists: i64 = tx.query_row(
                    "SELECT count(*) FROM accounts WHERE (?1 IS NOT NULL AND id = ?1)
                        OR (?1 IS NULL AND name = ?2)",
                    params![a.id, a.name],
                    |r| r.get(0),
                )?;
                if exists > 0 {
                    report.skipped.push(a.id.clone().unwrap_or_else(|| a.name.clone()));
                    continue;
                }
                let kind = account_type(&a.account_type).map_err(|e| bad(&ctx, e))?;
                let row = insert_account(tx, &emulator.options, a.id.as_deref(), &a.name, &kind)?;
                if let Some(l) = &a.default_license {
                    let license = License::from(l.as_str());
                    if !crate::ops::common::SUPPORTED_LICENSES.contains(&license) {
                        return Err(bad(&ctx, format!("unsupported license {l:?}")));
                    }
                    tx.execute(
                        "UPDATE accounts SET default_license = ?2 WHERE id = ?1",
                        params![row.id, l],
                    )?;
                }
                let row = account(tx, &row.id)?;
                for g in &a.signin_delegate_groups {
                    tx.execute(
                        "INSERT OR IGNORE INTO signin_delegate_groups (account_id, group_name) VALUES (?1, ?2)",
                        params![row.id, g],
                    )?;
                }
                for u in &a.users {
                    let user_type = match u.user_type.as_deref() {
                        None => UserType::PrivateUser,
                        Some(t) => match UserType::from(t) {
                            UserType::Unknown(_) => return Err(bad(&ctx, format!("unknown user type {t:?}"))),
                            t => t,
                        },
                    };
                    let license = u.license.as_deref().map(License::from);
                    insert_user(
                        tx,
                        &row,
                        &NewUser {
                            id: u.id.as_deref(),
                            email: u.email.as_deref(),
                            display_name: u.display_name.as_deref(),
                            user_type,
                            license,
                            registration: if u.suspended {
                                RegistrationStatus::Suspended
                            } else {
                                RegistrationStatus::Registered
                            },
                            invitation: Some(InviteStatus::Accepted),
                            suspended: u.suspended,
                        },
                    )?;
                }
                for b in &a.bots {
                    insert_bot(tx, &row, b.id.as_deref(), &b.display_name, b.domain.as_deref())?;
                }
                if !a.rooms.is_empty() {
                    row.require_enterprise()?;
                }
                let now = now_millis();
                for r in &a.rooms {
                    let room_id = r.id.clone().unwrap_or_else(crate::util::new_id);
                    tx.execute(
                        "INSERT INTO rooms (id, account_id, name, created_by, created, updated)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                        params![room_id, row.id, r.name, emulator.options.principal, now],
                    )?;
                    for m in &r.members {
                        let kind = match find_member(tx, &row.id, &m.member_id)? {
                            Some(MemberRef::User(_)) => "User",
                            Some(MemberRef::Bot(_)) => "Bot",
                            None => {
                                return Err(bad(
                                    &ctx,
                                    format!("room member {:?} is not a user or bot of the account", m.member_id),
                                ))
                            }
                        };
                        let role = m.role.as_deref().unwrap_or("Member");
                        if role != "Member" && role != "Administrator" {
                            return Err(bad(&ctx, format!("unknown role {role:?}")));
                        }
                        tx.execute(
                            "INSERT OR IGNORE INTO room_memberships (room_id, member_id, member_type, role, invited_by, updated)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![room_id, m.member_id, kind, role, emulator.options.principal, now],
                        )?;
                    }
                    for msg in &r.messages {
                        insert_message(tx, &row.id, "room", &room_id, msg, now)?;
                    }
                }
                for c in &a.conversations {
                    for msg in &c.messages {
                        insert_message(tx, &row.id, "conversation", &c.id, msg, now)?;
                    }
                }
                report.created.push(row.id.clone());
            }
            Ok(report)
        })
        .map_err(|e| SeedError(format!("cannot load the seed: {}", e.message())))
}

fn insert_message(
    tx: &rusqlite::Transaction<'_>,
    account_id: &str,
    kind: &str,
    container_id: &str,
    msg: &SeedMessage,
    now: i64,
) -> Result<(), Fail> {
    tx.execute(
        "INSERT OR REPLACE INTO messages (account_id, container_kind, container_id, message_id, content, created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![account_id, kind, container_id, msg.id, msg.content, now],
    )?;
    Ok(())
}
