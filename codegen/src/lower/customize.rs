//! Per-service customizations: what every AWS SDK (botocore's handlers,
//! smithy-rs's decorators) adds to a few services beyond their models, so
//! that a generated client sends what the service needs. The table is the
//! one place these are decided; lowering turns it into plain IR (request
//! headers, member defaults, a request hook) that emitters print.

use crate::ir::RequestHook;

/// What one service needs beyond its model.
pub(super) struct Customization {
    /// The service shape id.
    pub service: &'static str,
    /// Headers every request carries unless an input member binds the same
    /// header: (lower-case name, value; `None` means the service's API
    /// version).
    pub headers: &'static [(&'static str, Option<&'static str>)],
    /// Input members bound to a URI label that default to a value when the
    /// caller leaves them unset: (member name, value).
    pub label_defaults: &'static [(&'static str, &'static str)],
    /// Operations whose finished request goes through a hook.
    pub hooks: &'static [(&'static str, RequestHook)],
}

const TABLE: &[Customization] = &[
    // API Gateway answers some operations in another format unless asked
    // for JSON (botocore `add_accept_header`, smithy-rs's API Gateway
    // decorator); `GetExport` binds `Accept` itself, which wins.
    Customization {
        service: "com.amazonaws.apigateway#BackplaneControlService",
        headers: &[("accept", Some("application/json"))],
        label_defaults: &[],
        hooks: &[],
    },
    // Glacier requires its API version in a header on every request
    // (`add_glacier_version`), takes `-` for "the caller's account"
    // (`inject_account_id`), and wants the SHA-256 tree hash and linear hash
    // of every uploaded archive part (`add_glacier_checksums`).
    Customization {
        service: "com.amazonaws.glacier#Glacier",
        headers: &[("x-amz-glacier-version", None)],
        label_defaults: &[("accountId", "-")],
        hooks: &[
            ("UploadArchive", RequestHook::GlacierChecksums),
            ("UploadMultipartPart", RequestHook::GlacierChecksums),
        ],
    },
];

/// The customization of service `id`, if it has one.
pub(super) fn for_service(id: &str) -> Option<&'static Customization> {
    TABLE.iter().find(|c| c.service == id)
}

impl Customization {
    /// The headers as (name, value), the API version filled in.
    pub fn request_headers(&self, api_version: &str) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.unwrap_or(api_version).to_owned()))
            .collect()
    }

    /// The default of input member `member` bound to a label, if any.
    pub fn label_default(&self, member: &str) -> Option<&'static str> {
        self.label_defaults
            .iter()
            .find(|(m, _)| *m == member)
            .map(|(_, v)| *v)
    }

    /// The hook of operation `name`, if any.
    pub fn hook(&self, name: &str) -> Option<RequestHook> {
        self.hooks.iter().find(|(o, _)| *o == name).map(|(_, h)| *h)
    }
}
