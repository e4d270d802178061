//! A local Amazon Chime emulator: every operation of the Chime API (2018-05-01) answered from
//! state kept in SQLite, with Chime's documented semantics (see `SEMANTICS.md`).
//!
//! * [`Emulator`] is the state every handler receives (`Arc<Emulator>`);
//! * [`ops`] holds one async handler per operation, with the signature the generated server
//!   registers: `async fn x(state: Arc<Emulator>, input: XInput) -> Result<XOutput, XError>`;
//!   [`for_each_operation!`] lists them all for registration;
//! * [`store`] is the SQLite state (migrations, transactions, pagination tokens);
//! * [`seed`] preloads accounts of any type, users, bots and messages from JSON or YAML;
//! * [`auth`] verifies SigV4 signatures of incoming requests;
//! * [`config`] is the command line;
//! * [`http`] is the generated Chime server with every handler registered, behind body limits,
//!   SigV4 verification and optional fault injection, served with hyper.
#![deny(missing_docs)]

pub mod auth;
pub mod config;
pub mod http;
pub mod ops;
pub mod seed;
pub mod store;
mod util;

use std::sync::Arc;

use chime::types::AccountType;

pub use store::{Fail, Store};

/// Settings of the emulated service that are not state.
#[derive(Clone, Debug)]
pub struct Options {
    /// The account type `CreateAccount` gives (Chime's API creates `Team` accounts only).
    pub account_type: AccountType,
    /// The AWS account id reported as `AwsAccountId` of every Chime account.
    pub aws_account_id: String,
    /// Who `CreatedBy`/`InvitedBy` name for rooms and memberships created through the API.
    pub principal: String,
}

impl Default for Options {
    fn default() -> Self {
        let aws_account_id = "123456789012".to_owned();
        Options {
            account_type: AccountType::Team,
            principal: format!("arn:aws:iam::{aws_account_id}:root"),
            aws_account_id,
        }
    }
}

/// The emulator's state: the store and the options. Handlers take it as `Arc<Emulator>`.
#[derive(Debug)]
pub struct Emulator {
    /// Where the state lives.
    pub store: Store,
    /// Settings that are not state.
    pub options: Options,
}

impl Emulator {
    /// An emulator on `store` with `options`.
    pub fn new(store: Store, options: Options) -> Emulator {
        Emulator { store, options }
    }

    /// An emulator on an empty in-memory store with default options.
    pub fn in_memory() -> Result<Arc<Emulator>, store::OpenError> {
        Ok(Arc::new(Emulator::new(
            Store::open_in_memory()?,
            Options::default(),
        )))
    }
}
