//! End-to-end tests of the client machinery: real HTTP on 127.0.0.1 against
//! servers started by the tests, the mock connector, and configuration
//! loading from a simulated environment.

mod auth;
mod config_env;
mod event_streams;
mod faults;
mod invoke;
mod mock;
mod retries;
mod support;
mod unsigned;
