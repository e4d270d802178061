//! A hand-written operation shaped like generated code:
//! `POST /accounts/{AccountId}/rooms/{RoomId}/memberships?operation=batch-create`.

use std::fmt;

use smithy_client::client::{Endpoint, ServiceInfo};
use smithy_rt::error::{
    BuildError, DeserializeError, ErrorMetadata, ProvideErrorMetadata, Unhandled,
};
use smithy_rt::error_dispatch::OperationError;
use smithy_rt::json::{self, JsonWriter};
use smithy_rt::operation::{HttpRequest, HttpResponse, Operation, Validate};
use smithy_rt::validation::{Path, ValidationError, Violations};
use smithy_rt::{http_binding, Bytes};

fn default_endpoint(_params: &smithy_client::endpoint::Params) -> Result<Endpoint, String> {
    Ok(Endpoint::new("https://chime.us-east-1.amazonaws.com").with_signing_region("us-east-1"))
}

pub const CHIME: ServiceInfo = ServiceInfo {
    sdk_id: "Chime",
    signing_name: "chime",
    api_version: "2018-05-01",
    default_endpoint,
    endpoint_url_in_rules: false,
};

#[derive(Clone, Debug)]
pub struct Member {
    pub member_id: String,
    pub role: String,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub account_id: String,
    pub room_id: String,
    pub members: Vec<Member>,
}

pub fn input(account: &str, members: &[&str]) -> Input {
    Input {
        account_id: account.to_owned(),
        room_id: "room-1".to_owned(),
        members: members
            .iter()
            .map(|m| Member {
                member_id: (*m).to_owned(),
                role: "Member".to_owned(),
            })
            .collect(),
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Output {
    pub errors: Vec<(String, String)>,
}

#[derive(Debug)]
pub enum OpError {
    BadRequest(ErrorMetadata),
    NotFound(ErrorMetadata),
    Unhandled(Unhandled),
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::BadRequest(m) => {
                write!(f, "BadRequestException: {}", m.message().unwrap_or(""))
            }
            OpError::NotFound(m) => write!(f, "NotFoundException: {}", m.message().unwrap_or("")),
            OpError::Unhandled(u) => write!(f, "{u}"),
        }
    }
}

impl std::error::Error for OpError {}

impl ProvideErrorMetadata for OpError {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            OpError::BadRequest(m) | OpError::NotFound(m) => m,
            OpError::Unhandled(u) => u.meta(),
        }
    }
}

impl Validate for Input {
    fn validate(&self) -> Result<(), ValidationError> {
        static NON_BLANK: std::sync::OnceLock<smithy_rt::pattern::Pattern> =
            std::sync::OnceLock::new();
        let re = NON_BLANK
            .get_or_init(|| smithy_rt::pattern::Pattern::new(r"\S").expect("valid pattern"));
        let mut v = Violations::new();
        let root = Path::Root;
        v.pattern(&root.key("AccountId"), &self.account_id, re, r"\S");
        v.length(
            &root.key("MembershipItemList"),
            self.members.len(),
            None,
            Some(3),
        );
        v.finish()
    }
}

impl OperationError for OpError {
    fn from_response(response: &HttpResponse) -> Self {
        let meta = http_binding::error_metadata(response);
        match meta.code() {
            Some("BadRequestException") => OpError::BadRequest(meta),
            Some("NotFoundException") => OpError::NotFound(meta),
            _ => OpError::Unhandled(Unhandled::new(meta, response.body().clone())),
        }
    }
}

pub struct BatchCreateRoomMembership;

impl Operation for BatchCreateRoomMembership {
    type Input = Input;
    type Output = Output;
    type Error = OpError;
    const NAME: &'static str = "BatchCreateRoomMembership";

    fn serialize(input: &Input) -> Result<HttpRequest, BuildError> {
        let mut path = String::from("/accounts/");
        http_binding::push_label(&mut path, "AccountId", &input.account_id)?;
        path.push_str("/rooms/");
        http_binding::push_label(&mut path, "RoomId", &input.room_id)?;
        path.push_str("/memberships?operation=batch-create");
        let mut writer = JsonWriter::with_capacity(128);
        let mut body = writer.value().object();
        let mut list = body.key("MembershipItemList").array();
        for m in &input.members {
            let mut item = list.item().object();
            item.key("MemberId").string(&m.member_id);
            item.key("Role").string(&m.role);
            item.finish();
        }
        list.finish();
        body.finish();
        http::Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/json")
            .body(Bytes::from(writer.into_bytes()))
            .map_err(|e| BuildError::invalid("request", e))
    }

    fn deserialize_output(response: &HttpResponse) -> Result<Output, DeserializeError> {
        let value = json::parse_body(response.body())?;
        let root = Path::Root;
        let obj = json::object(&value, &root)?;
        let mut errors = Vec::new();
        if let Some(list) = json::member(obj, "Errors") {
            let path = root.key("Errors");
            for (i, item) in json::array(list, &path)?.iter().enumerate() {
                let item_path = path.index(i);
                let item = json::object(item, &item_path)?;
                let id = json::member(item, "MemberId")
                    .map(|v| json::string(v, &item_path.key("MemberId")));
                let code = json::member(item, "ErrorCode")
                    .map(|v| json::string(v, &item_path.key("ErrorCode")));
                errors.push((
                    id.transpose()?.unwrap_or_default(),
                    code.transpose()?.unwrap_or_default(),
                ));
            }
        }
        Ok(Output { errors })
    }
}
