//! `server_request`: the generated Chime server's whole request path
//! (router, media-type checks, request readers, validation, handlers,
//! response writers) on requests built from the fuzzer's bytes.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use chime::server::ChimeService;
use smithy_server::router::RouteMatch;
use smithy_server::{Dispatch, Service};

use crate::message;

/// The methods a request can have: the first word of the first line if it
/// is one of these, else the one the first byte selects.
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// Operations left without a handler: the service answers them 500
/// `InternalFailureException` (`build_unchecked`). Every other operation
/// has a handler that returns its default output.
pub const UNHANDLED: &[&str] = &[
    "RedactRoomMessage",
    "RegenerateSecurityToken",
    "ResetPersonalPIN",
];

/// Registers, for each `module Output` pair, a handler that answers with
/// the output's builder's default.
macro_rules! with_handlers {
    ($builder:expr; $($module:ident $output:ident,)*) => {{
        let builder = $builder;
        $(
            let builder = builder.$module(|_state: Arc<()>, _input| async {
                Ok(chime::operation::$module::$output::builder().build())
            });
        )*
        builder
    }};
}

fn service() -> &'static Service<ChimeService<()>> {
    static SERVICE: OnceLock<Service<ChimeService<()>>> = OnceLock::new();
    SERVICE.get_or_init(|| {
        with_handlers!(ChimeService::builder(());
            associate_phone_number_with_user AssociatePhoneNumberWithUserOutput,
            associate_signin_delegate_groups_with_account AssociateSigninDelegateGroupsWithAccountOutput,
            batch_create_room_membership BatchCreateRoomMembershipOutput,
            batch_delete_phone_number BatchDeletePhoneNumberOutput,
            batch_suspend_user BatchSuspendUserOutput,
            batch_unsuspend_user BatchUnsuspendUserOutput,
            batch_update_phone_number BatchUpdatePhoneNumberOutput,
            batch_update_user BatchUpdateUserOutput,
            create_account CreateAccountOutput,
            create_bot CreateBotOutput,
            create_meeting_dial_out CreateMeetingDialOutOutput,
            create_phone_number_order CreatePhoneNumberOrderOutput,
            create_room CreateRoomOutput,
            create_room_membership CreateRoomMembershipOutput,
            create_user CreateUserOutput,
            delete_account DeleteAccountOutput,
            delete_events_configuration DeleteEventsConfigurationOutput,
            delete_phone_number DeletePhoneNumberOutput,
            delete_room DeleteRoomOutput,
            delete_room_membership DeleteRoomMembershipOutput,
            disassociate_phone_number_from_user DisassociatePhoneNumberFromUserOutput,
            disassociate_signin_delegate_groups_from_account DisassociateSigninDelegateGroupsFromAccountOutput,
            get_account GetAccountOutput,
            get_account_settings GetAccountSettingsOutput,
            get_bot GetBotOutput,
            get_events_configuration GetEventsConfigurationOutput,
            get_global_settings GetGlobalSettingsOutput,
            get_phone_number GetPhoneNumberOutput,
            get_phone_number_order GetPhoneNumberOrderOutput,
            get_phone_number_settings GetPhoneNumberSettingsOutput,
            get_retention_settings GetRetentionSettingsOutput,
            get_room GetRoomOutput,
            get_user GetUserOutput,
            get_user_settings GetUserSettingsOutput,
            invite_users InviteUsersOutput,
            list_accounts ListAccountsOutput,
            list_bots ListBotsOutput,
            list_phone_number_orders ListPhoneNumberOrdersOutput,
            list_phone_numbers ListPhoneNumbersOutput,
            list_room_memberships ListRoomMembershipsOutput,
            list_rooms ListRoomsOutput,
            list_supported_phone_number_countries ListSupportedPhoneNumberCountriesOutput,
            list_users ListUsersOutput,
            logout_user LogoutUserOutput,
            put_events_configuration PutEventsConfigurationOutput,
            put_retention_settings PutRetentionSettingsOutput,
            redact_conversation_message RedactConversationMessageOutput,
            restore_phone_number RestorePhoneNumberOutput,
            search_available_phone_numbers SearchAvailablePhoneNumbersOutput,
            update_account UpdateAccountOutput,
            update_account_settings UpdateAccountSettingsOutput,
            update_bot UpdateBotOutput,
            update_global_settings UpdateGlobalSettingsOutput,
            update_phone_number UpdatePhoneNumberOutput,
            update_phone_number_settings UpdatePhoneNumberSettingsOutput,
            update_room UpdateRoomOutput,
            update_room_membership UpdateRoomMembershipOutput,
            update_user UpdateUserOutput,
            update_user_settings UpdateUserSettingsOutput,
        )
        .build_unchecked()
        .into_service()
    })
}

/// The same routes, to tell which operation a request reaches.
fn routes() -> &'static ChimeService<()> {
    static ROUTES: OnceLock<ChimeService<()>> = OnceLock::new();
    ROUTES.get_or_init(|| ChimeService::builder(()).build_unchecked())
}

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
}

/// Percent-encodes what cannot appear in a request target as is, so that
/// most inputs become a URI (the router and readers see the decoding).
fn request_target(raw: &[u8]) -> String {
    let mut t = String::with_capacity(raw.len() + 1);
    if raw.first() != Some(&b'/') {
        t.push('/');
    }
    for &b in raw {
        if b.is_ascii_graphic() && b != b'#' {
            t.push(char::from(b));
        } else {
            t.push_str(&format!("%{b:02X}"));
        }
    }
    t
}

/// The statuses the server documents: success, the protocol's rejections
/// (400, 401..=406, 413, 415), throttling (429), internal failure (500) and
/// unavailable (503).
fn documented(status: u16) -> bool {
    (200..300).contains(&status) || matches!(status, 400..=406 | 413 | 415 | 429 | 500 | 503)
}

/// An HTTP request in text form (see [`message`]): `METHOD target`, header
/// lines, an empty line, the body. It goes through
/// `ChimeService::into_service().call_bytes`; the answer never comes from a
/// panic, has a documented status, and is a 5xx only as the 500 of an
/// operation without a handler (which every such request gets).
pub fn server_request(data: &[u8]) {
    let msg = message::split(data);
    let mut words = msg.first.splitn(3, |&b| b == b' ');
    let word = words.next().unwrap_or_default();
    let raw_target = words.next().unwrap_or_default();
    let method = METHODS
        .iter()
        .find(|m| m.as_bytes() == word)
        .copied()
        .unwrap_or_else(|| {
            METHODS[usize::from(data.first().copied().unwrap_or(0)) % METHODS.len()]
        });
    let method = http::Method::from_bytes(method.as_bytes()).expect("a method of the list");
    let Ok(uri) = request_target(raw_target).parse::<http::Uri>() else {
        return;
    };
    let routed = match Dispatch::router(routes()).find(&method, uri.path(), uri.query()) {
        RouteMatch::Found { index, .. } => Some(routes().operation_name(index)),
        _ => None,
    };
    let mut request = http::Request::new(Bytes::copy_from_slice(msg.body));
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = message::header_map(&msg.headers);
    let shown = format!("{request:?}");
    let response = RUNTIME.with(|rt| rt.block_on(service().call_bytes(request)));
    let status = response.status().as_u16();
    assert!(
        documented(status),
        "undocumented status {status} for {shown}: {response:?}"
    );
    let unhandled = routed.is_some_and(|op| UNHANDLED.contains(&op));
    if status >= 500 {
        assert!(
            status == 500 && unhandled,
            "{status} from {routed:?} (a handler panicked or failed) for {shown}: {response:?}"
        );
    }
    if unhandled {
        assert_eq!(status, 500, "{routed:?} has no handler; {shown}");
    }
    assert!(
        response.headers().contains_key("x-amzn-requestid"),
        "no request id: {response:?}"
    );
}
