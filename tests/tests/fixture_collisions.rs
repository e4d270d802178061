//! The collisions fixture (tests/fixtures/collisions): members and shapes
//! named like the generated code's own locals, types and std items (`path`,
//! `Path`, `self`, `type`, `meta`, `Service`, `Option`, `Result`, ...), an
//! enum with `@length`, a deprecated shape. It compiles warning-free with
//! every feature (the workspace build is that test); here the values go
//! through the client's writer and the server's reader and come back equal.

use collisions_fixture::operation::op::{Op, OpInput};
use collisions_fixture::types::Lengthy;
use smithy_rt::operation::Operation;
use smithy_server::ServerOperation;

#[test]
fn colliding_names_round_trip_from_client_to_server() {
    let input = OpInput::builder()
        .path("p")
        .path2("P")
        .input("i")
        .output("o")
        .config("c")
        .builder_value("b")
        .build_value("bv")
        .self_("s")
        .self2("S")
        .r#type("t")
        .result("r")
        .option("opt")
        .meta("m")
        .body("body")
        .request("req")
        .response("resp")
        .value("v")
        .obj("obj")
        .w("w")
        .x("x")
        .query("q")
        .enum_len(Lengthy::from("A"))
        .build();
    let request = Op::serialize(&input).expect("serializes");
    let (parts, body) = request.into_parts();
    let read = <Op as ServerOperation>::deserialize_request(&smithy_server::Request {
        parts,
        body,
        labels: vec![],
    })
    .expect("the server reads what the client wrote");
    assert_eq!(read, input);
    assert_eq!(read.r#type.as_deref(), Some("t"));
    assert_eq!(read.path2.as_deref(), Some("P"));
}
