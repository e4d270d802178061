//! In-process micro-benchmarks: request preparation (validate, serialize,
//! sign) against a serde_json floor, response parsing, and one whole call
//! through each SDK with a canned in-memory transport (no sockets), which
//! isolates each SDK's own per-call overhead from hyper and the kernel.

use std::hint::black_box;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use smithy_rt::operation::Operation;

use crate::inputs;
use crate::stats::{bench, BenchSettings, Summary};

type Op = chime::operation::batch_create_room_membership::BatchCreateRoomMembership;

/// One measured routine, nanoseconds per call.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Measured {
    pub key: String,
    pub label: String,
    pub ns: Summary,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MicroResults {
    pub items: usize,
    pub body_bytes: usize,
    pub rows: Vec<Measured>,
}

impl MicroResults {
    pub fn get(&self, key: &str) -> Option<&Summary> {
        self.rows.iter().find(|m| m.key == key).map(|m| &m.ns)
    }
}

struct Recorder {
    settings: BenchSettings,
    rows: Vec<Measured>,
}

impl Recorder {
    fn run(&mut self, key: &str, label: &str, f: impl FnMut(u64)) {
        let ns = bench(self.settings, f);
        eprintln!(
            "  {label}: {:.0} ns (min {:.0}, max {:.0})",
            ns.median, ns.min, ns.max
        );
        self.rows.push(Measured {
            key: key.into(),
            label: label.into(),
            ns,
        });
    }
}

/// Request preparation for a 50-item BatchCreateRoomMembership.
pub fn prep(quick: bool) -> MicroResults {
    let n = 50;
    let mut r = Recorder {
        settings: if quick {
            BenchSettings::QUICK
        } else {
            BenchSettings::DEFAULT
        },
        rows: Vec::new(),
    };
    let input = inputs::ours_input(n);
    let floor_items = inputs::floor(n);
    let floor = inputs::FloorBody {
        membership_item_list: &floor_items,
    };
    // Same wire bytes, or the comparison means nothing.
    let ours_body = Op::serialize(&input).expect("serializes").into_body();
    let floor_body = serde_json::to_vec(&floor).expect("serializes");
    assert_eq!(&ours_body[..], &floor_body[..], "bodies differ");

    r.run(
        "floor",
        "serde_json::to_vec of a derived struct (floor)",
        |iters| {
            for _ in 0..iters {
                black_box(serde_json::to_vec(black_box(&floor)).unwrap());
            }
        },
    );
    r.run("validate", "validate", |iters| {
        for _ in 0..iters {
            black_box(Op::validate(black_box(&input))).unwrap();
        }
    });
    r.run("serialize", "serialize (URI, headers, body)", |iters| {
        for _ in 0..iters {
            black_box(Op::serialize(black_box(&input)).unwrap());
        }
    });
    r.run("validate_serialize", "validate + serialize", |iters| {
        for _ in 0..iters {
            Op::validate(black_box(&input)).unwrap();
            black_box(Op::serialize(black_box(&input)).unwrap());
        }
    });
    let unsigned = absolute(Op::serialize(&input).unwrap());
    let credentials =
        smithy_client::credentials::static_credentials(inputs::ACCESS_KEY, inputs::SECRET_KEY, None);
    r.run("sign", "SigV4 signing of that request", |iters| {
        for _ in 0..iters {
            black_box(sign(black_box(&unsigned), &credentials));
        }
    });
    r.run(
        "validate_serialize_sign",
        "validate + serialize + sign",
        |iters| {
            for _ in 0..iters {
                Op::validate(black_box(&input)).unwrap();
                let req = absolute(Op::serialize(black_box(&input)).unwrap());
                black_box(sign(&req, &credentials));
            }
        },
    );
    MicroResults {
        items: n,
        body_bytes: ours_body.len(),
        rows: r.rows,
    }
}

/// Response parsing: a 201 with 50 MemberErrors, and a 404 error answer.
pub fn parse(quick: bool) -> MicroResults {
    let n = 50;
    let mut r = Recorder {
        settings: if quick {
            BenchSettings::QUICK
        } else {
            BenchSettings::DEFAULT
        },
        rows: Vec::new(),
    };
    let body = inputs::member_errors_body(n);
    let ok = http::Response::builder()
        .status(201)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", "8f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
        .body(smithy_rt::Bytes::from(body.clone()))
        .unwrap();
    let parsed = Op::deserialize_output(&ok).expect("parses");
    assert_eq!(parsed.errors.as_ref().map(Vec::len), Some(n));
    let error = http::Response::builder()
        .status(404)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", "8f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
        .header(
            "x-amzn-errortype",
            "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.chime/",
        )
        .body(smithy_rt::Bytes::from_static(
            br#"{"Code":"NotFound","Message":"The requested room was not found."}"#,
        ))
        .unwrap();
    assert!(Op::deserialize_error(&error).is_not_found_exception());

    r.run(
        "floor_output",
        "serde_json::from_slice into derived structs (floor)",
        |iters| {
            for _ in 0..iters {
                let v: inputs::FloorOutput =
                    serde_json::from_slice(black_box(body.as_bytes())).unwrap();
                black_box(v);
            }
        },
    );
    r.run(
        "output",
        "deserialize_output, 201 with 50 MemberErrors",
        |iters| {
            for _ in 0..iters {
                black_box(Op::deserialize_output(black_box(&ok)).unwrap());
            }
        },
    );
    r.run(
        "error",
        "deserialize_error, 404 NotFoundException",
        |iters| {
            for _ in 0..iters {
                black_box(Op::deserialize_error(black_box(&error)));
            }
        },
    );
    MicroResults {
        items: n,
        body_bytes: body.len(),
        rows: r.rows,
    }
}

/// One whole call through each SDK with a canned in-memory transport.
pub fn in_process(quick: bool) -> MicroResults {
    let mut r = Recorder {
        settings: if quick {
            BenchSettings::QUICK
        } else {
            BenchSettings::DEFAULT
        },
        rows: Vec::new(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ours = chime::Client::new(
        chime::Client::config_builder()
            .region(inputs::REGION)
            .static_credentials(inputs::ACCESS_KEY, inputs::SECRET_KEY, None)
            .endpoint_url("http://127.0.0.1:1")
            .http_connector(CannedOurs::new())
            .build(),
    );
    let aws = rt.block_on(async {
        let sdk = crate::load::aws_sdk_config("http://127.0.0.1:1").await;
        let config = aws_sdk_chime::config::Builder::from(&sdk)
            .http_client(aws_smithy_runtime_api::client::http::http_client_fn(
                |_, _| aws_smithy_runtime_api::client::http::SharedHttpConnector::new(CannedAws),
            ))
            .build();
        aws_sdk_chime::Client::from_conf(config)
    });
    for n in [1usize, 50] {
        let list = inputs::ours(n);
        r.run(
            &format!("call_ours_{n}"),
            &format!("ours, {n} item(s)"),
            |iters| {
                rt.block_on(async {
                    for _ in 0..iters {
                        ours.batch_create_room_membership()
                            .account_id(inputs::ACCOUNT_ID)
                            .room_id(inputs::ROOM_ID)
                            .set_membership_item_list(Some(list.clone()))
                            .send()
                            .await
                            .unwrap();
                    }
                })
            },
        );
        let list = inputs::aws(n);
        r.run(
            &format!("call_aws_{n}"),
            &format!("aws-sdk-chime, {n} item(s)"),
            |iters| {
                rt.block_on(async {
                    for _ in 0..iters {
                        aws.batch_create_room_membership()
                            .account_id(inputs::ACCOUNT_ID)
                            .room_id(inputs::ROOM_ID)
                            .set_membership_item_list(Some(list.clone()))
                            .send()
                            .await
                            .unwrap();
                    }
                })
            },
        );
    }
    MicroResults {
        items: 50,
        body_bytes: 0,
        rows: r.rows,
    }
}

/// The request as `smithy_rt` hands it to the signer: absolute URI, `host`
/// and `user-agent` set.
fn absolute(mut req: smithy_rt::operation::HttpRequest) -> smithy_rt::operation::HttpRequest {
    let uri = format!(
        "https://chime.us-east-1.amazonaws.com{}",
        req.uri().path_and_query().unwrap()
    );
    *req.uri_mut() = uri.parse().unwrap();
    let h = req.headers_mut();
    h.insert(
        "host",
        http::HeaderValue::from_static("chime.us-east-1.amazonaws.com"),
    );
    h.insert(
        "user-agent",
        http::HeaderValue::from_static("smithy-rt/0.1.0 api/chime#2018-05-01 os/linux lang/rust"),
    );
    req
}

/// SigV4 exactly as `smithy_client::client::request::sign_attempt` does it (the
/// same `aws-sigv4` calls, then a signed copy of the request with the
/// signature headers and the SDK's invocation headers).
fn sign(
    request: &smithy_rt::operation::HttpRequest,
    credentials: &smithy_client::credentials::Credentials,
) -> smithy_rt::operation::HttpRequest {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    use aws_sigv4::sign::v4;
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
        .collect();
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri.as_str(),
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .unwrap();
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(inputs::REGION)
        .name("chime")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut signed = http::Request::new(request.body().clone());
    *signed.method_mut() = request.method().clone();
    *signed.uri_mut() = request.uri().clone();
    *signed.headers_mut() = request.headers().clone();
    let out = signed.headers_mut();
    for (name, value) in instructions.headers() {
        out.insert(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            http::HeaderValue::from_str(value).unwrap(),
        );
    }
    out.insert(
        "amz-sdk-invocation-id",
        http::HeaderValue::from_static("3f0f8d8e-2a7b-4c1d-9e6f-5a4b3c2d1e0f"),
    );
    out.insert(
        "amz-sdk-request",
        http::HeaderValue::from_str(&format!("attempt={}; max={}", 1, 3)).unwrap(),
    );
    signed
}

/// Our transport seam answering every call with 201 `{"Errors":[]}`.
#[derive(Debug)]
struct CannedOurs {
    response: smithy_rt::operation::HttpResponse,
}

impl CannedOurs {
    fn new() -> Self {
        Self {
            response: http::Response::builder()
                .status(201)
                .header("content-type", "application/json")
                .header("x-amzn-requestid", "8f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
                .body(smithy_rt::Bytes::from_static(br#"{"Errors":[]}"#))
                .unwrap(),
        }
    }
}

impl smithy_client::client::HttpConnector for CannedOurs {
    fn call(
        &self,
        request: smithy_rt::operation::HttpRequest,
        _settings: smithy_client::client::ConnectorSettings,
    ) -> smithy_client::client::ConnectorFuture<'_> {
        drop(request);
        let response = self.response.clone();
        Box::pin(async move { Ok(response) })
    }
}

/// aws-sdk-chime's transport seam answering every call the same way.
#[derive(Debug)]
struct CannedAws;

impl aws_smithy_runtime_api::client::http::HttpConnector for CannedAws {
    fn call(
        &self,
        request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
        drop(request);
        let mut response = aws_smithy_runtime_api::http::Response::new(
            201.try_into().unwrap(),
            aws_smithy_types::body::SdkBody::from(r#"{"Errors":[]}"#),
        );
        response
            .headers_mut()
            .insert("content-type", "application/json");
        response
            .headers_mut()
            .insert("x-amzn-requestid", "8f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f");
        aws_smithy_runtime_api::client::http::HttpConnectorFuture::ready(Ok(response))
    }
}

/// `harness profile ROUTINE ITERS`: runs one routine ITERS times and nothing
/// else, for `valgrind --tool=callgrind` or `perf record`.
pub fn profile(routine: &str, iters: u64) -> Result<(), String> {
    let input = inputs::ours_input(50);
    let floor_items = inputs::floor(50);
    let floor = inputs::FloorBody {
        membership_item_list: &floor_items,
    };
    let credentials =
        smithy_client::credentials::static_credentials(inputs::ACCESS_KEY, inputs::SECRET_KEY, None);
    let unsigned = absolute(Op::serialize(&input).unwrap());
    let body = inputs::member_errors_body(50);
    let ok = http::Response::builder()
        .status(201)
        .body(smithy_rt::Bytes::from(body))
        .unwrap();
    match routine {
        "floor" => (0..iters).for_each(|_| drop(black_box(serde_json::to_vec(&floor)))),
        "validate" => (0..iters).for_each(|_| drop(black_box(Op::validate(&input)))),
        "serialize" => (0..iters).for_each(|_| drop(black_box(Op::serialize(&input)))),
        "sign" => (0..iters).for_each(|_| drop(black_box(sign(&unsigned, &credentials)))),
        "output" => (0..iters).for_each(|_| drop(black_box(Op::deserialize_output(&ok)))),
        "call1" | "call50" => {
            let n = if routine == "call1" { 1 } else { 50 };
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let client = chime::Client::new(
                chime::Client::config_builder()
                    .region(inputs::REGION)
                    .static_credentials(inputs::ACCESS_KEY, inputs::SECRET_KEY, None)
                    .endpoint_url("http://127.0.0.1:1")
                    .http_connector(CannedOurs::new())
                    .build(),
            );
            let list = inputs::ours(n);
            rt.block_on(async {
                for _ in 0..iters {
                    client
                        .batch_create_room_membership()
                        .account_id(inputs::ACCOUNT_ID)
                        .room_id(inputs::ROOM_ID)
                        .set_membership_item_list(Some(list.clone()))
                        .send()
                        .await
                        .unwrap();
                }
            });
        }
        other => return Err(format!("unknown routine {other:?}")),
    }
    Ok(())
}
