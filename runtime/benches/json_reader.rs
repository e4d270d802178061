//! Parse speed and peak heap of the streaming JSON reader against its floor.
//!
//! `cargo bench -p smithy-rt --bench json_reader` parses the 201 answer of
//! BatchCreateRoomMembership with 50 `MemberError`s three ways:
//! (a) `serde_json::from_slice` into serde-derived structs (the floor),
//! (b) [`JsonReader`] driven by code shaped like the generator's output,
//! (c) the `serde_json::Value` walk generated code uses today,
//! and prints the median time per parse, the ratios b/a and c/a, and the
//! peak heap of each (counted by a global allocator). Plain `Instant` loops,
//! no criterion: samples of a fixed number of parses, the median of them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use smithy_rt::error::DeserializeError;
use smithy_rt::json::{Field, JsonReader, Profile};
use smithy_rt::validation::Path;

// ----- a counting allocator, for peak heap -----

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak heap above what was live before, while `f` runs (its result kept).
fn peak_heap<T>(f: impl FnOnce() -> T) -> usize {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    let peak = PEAK.load(Ordering::Relaxed);
    drop(black_box(out));
    peak - base
}

// ----- the types, as generated -----

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorCode {
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ResourceLimitExceeded,
    ServiceFailure,
    AccessDenied,
    ServiceUnavailable,
    Throttled,
    Throttling,
    Unauthorized,
    Unprocessable,
    VoiceConnectorGroupAssociationsExist,
    PhoneNumberAssociationsExist,
    Unknown(String),
}

impl From<&str> for ErrorCode {
    fn from(value: &str) -> Self {
        match value {
            "BadRequest" => Self::BadRequest,
            "Conflict" => Self::Conflict,
            "Forbidden" => Self::Forbidden,
            "NotFound" => Self::NotFound,
            "PreconditionFailed" => Self::PreconditionFailed,
            "ResourceLimitExceeded" => Self::ResourceLimitExceeded,
            "ServiceFailure" => Self::ServiceFailure,
            "AccessDenied" => Self::AccessDenied,
            "ServiceUnavailable" => Self::ServiceUnavailable,
            "Throttled" => Self::Throttled,
            "Throttling" => Self::Throttling,
            "Unauthorized" => Self::Unauthorized,
            "Unprocessable" => Self::Unprocessable,
            "VoiceConnectorGroupAssociationsExist" => Self::VoiceConnectorGroupAssociationsExist,
            "PhoneNumberAssociationsExist" => Self::PhoneNumberAssociationsExist,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct MemberError {
    member_id: Option<String>,
    error_code: Option<ErrorCode>,
    error_message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Output {
    errors: Option<Vec<MemberError>>,
}

// ----- (a) the floor: serde-derived structs -----

mod floor {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Output {
        #[serde(rename = "Errors")]
        pub errors: Option<Vec<MemberError>>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct MemberError {
        #[serde(rename = "MemberId")]
        pub member_id: Option<String>,
        #[serde(rename = "ErrorCode")]
        pub error_code: Option<ErrorCode>,
        #[serde(rename = "ErrorMessage")]
        pub error_message: Option<String>,
    }

    #[derive(serde::Deserialize)]
    pub enum ErrorCode {
        BadRequest,
        Conflict,
        Forbidden,
        NotFound,
        PreconditionFailed,
        ResourceLimitExceeded,
        ServiceFailure,
        AccessDenied,
        ServiceUnavailable,
        Throttled,
        Throttling,
        Unauthorized,
        Unprocessable,
        VoiceConnectorGroupAssociationsExist,
        PhoneNumberAssociationsExist,
        #[serde(other)]
        Unknown,
    }
}

// ----- (b) the reader, driven the way generated code will drive it -----

static OUTPUT_FIELDS: [Field; 1] = [Field::new("Errors", "Errors")];

fn de_output(r: &mut JsonReader<'_>) -> Result<Output, DeserializeError> {
    let mut errors = None;
    r.begin_object()?;
    while let Some(i) = r.next_field(&OUTPUT_FIELDS)? {
        match i {
            0 => errors = Some(r.list(de_member_error)?),
            _ => r.skip()?,
        }
    }
    Ok(Output { errors })
}

static MEMBER_ERROR_FIELDS: [Field; 3] = [
    Field::new("MemberId", "MemberId"),
    Field::new("ErrorCode", "ErrorCode"),
    Field::new("ErrorMessage", "ErrorMessage"),
];

fn de_member_error(r: &mut JsonReader<'_>) -> Result<MemberError, DeserializeError> {
    let mut m0 = None;
    let mut m1 = None;
    let mut m2 = None;
    r.begin_object()?;
    while let Some(i) = r.next_field(&MEMBER_ERROR_FIELDS)? {
        match i {
            0 => m0 = Some(r.string()?),
            1 => m1 = Some(ErrorCode::from(&*r.str()?)),
            2 => m2 = Some(r.string()?),
            _ => r.skip()?,
        }
    }
    Ok(MemberError {
        member_id: m0,
        error_code: m1,
        error_message: m2,
    })
}

fn parse_reader(body: &[u8]) -> Result<Output, DeserializeError> {
    let mut r = JsonReader::body(body, &Profile::WIRE);
    let out = de_output(&mut r)?;
    r.end()?;
    Ok(out)
}

// ----- (c) today's Value walk, as generated/src/protocol/json_de.rs does it -----

fn walk_member_error(
    value: &serde_json::Value,
    path: &Path<'_>,
) -> Result<MemberError, DeserializeError> {
    use smithy_rt::json as j;
    let obj = j::object(value, path)?;
    let m0 = match j::member(obj, "MemberId") {
        Some(x) => Some(j::string(x, &path.key("MemberId"))?),
        None => None,
    };
    let m1 = match j::member(obj, "ErrorCode") {
        Some(x) => Some(ErrorCode::from(j::str(x, &path.key("ErrorCode"))?)),
        None => None,
    };
    let m2 = match j::member(obj, "ErrorMessage") {
        Some(x) => Some(j::string(x, &path.key("ErrorMessage"))?),
        None => None,
    };
    Ok(MemberError {
        member_id: m0,
        error_code: m1,
        error_message: m2,
    })
}

fn parse_walk(body: &[u8]) -> Result<Output, DeserializeError> {
    use smithy_rt::json as j;
    let value = j::parse_body(body)?;
    let root = Path::Root;
    let obj = j::object(&value, &root)?;
    let errors = match j::member(obj, "Errors") {
        Some(x) => {
            let p = root.key("Errors");
            let items = j::array(x, &p)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(walk_member_error(item, &p.index(i))?);
            }
            Some(out)
        }
        None => None,
    };
    Ok(Output { errors })
}

// ----- a request, as a server reads it: 50 MembershipItems -----

mod floor_request {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Input {
        #[serde(rename = "MembershipItemList")]
        pub membership_item_list: Option<Vec<Item>>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub struct Item {
        #[serde(rename = "MemberId")]
        pub member_id: Option<String>,
        #[serde(rename = "Role")]
        pub role: Option<Role>,
    }

    #[derive(serde::Deserialize)]
    pub enum Role {
        Administrator,
        Member,
        #[serde(other)]
        Unknown,
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    Administrator,
    Member,
    Unknown(String),
}

impl From<&str> for Role {
    fn from(value: &str) -> Self {
        match value {
            "Administrator" => Self::Administrator,
            "Member" => Self::Member,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct MembershipItem {
    member_id: Option<String>,
    role: Option<Role>,
}

static INPUT_FIELDS: [Field; 1] = [Field::new("MembershipItemList", "MembershipItemList")];
static ITEM_FIELDS: [Field; 2] = [
    Field::new("MemberId", "MemberId"),
    Field::new("Role", "Role"),
];

fn de_input(r: &mut JsonReader<'_>) -> Result<Option<Vec<MembershipItem>>, DeserializeError> {
    let mut list = None;
    r.begin_object()?;
    while let Some(i) = r.next_field(&INPUT_FIELDS)? {
        match i {
            0 => list = Some(r.list(de_item)?),
            _ => r.skip()?,
        }
    }
    Ok(list)
}

fn de_item(r: &mut JsonReader<'_>) -> Result<MembershipItem, DeserializeError> {
    let mut m0 = None;
    let mut m1 = None;
    r.begin_object()?;
    while let Some(i) = r.next_field(&ITEM_FIELDS)? {
        match i {
            0 => m0 = Some(r.string()?),
            1 => m1 = Some(Role::from(&*r.str()?)),
            _ => r.skip()?,
        }
    }
    Ok(MembershipItem {
        member_id: m0,
        role: m1,
    })
}

fn parse_request(body: &[u8]) -> Result<Option<Vec<MembershipItem>>, DeserializeError> {
    let mut r = JsonReader::body(body, &Profile::SERVER);
    let out = de_input(&mut r)?;
    r.end()?;
    Ok(out)
}

fn request_body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let role = if i % 3 == 0 {
                "Administrator"
            } else {
                "Member"
            };
            format!(r#"{{"MemberId":"{i:02}ab2345c-67de-8901-f23g-45h678901j2k","Role":"{role}"}}"#)
        })
        .collect();
    format!(r#"{{"MembershipItemList":[{}]}}"#, items.join(","))
}

// ----- measurement -----

fn body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let id = format!("{i:02}ab2345c-67de-8901-f23g-45h678901j2k");
            format!(
                r#"{{"MemberId":"{id}","ErrorCode":"NotFound","ErrorMessage":"The member {id} was not found in the account."}}"#
            )
        })
        .collect();
    format!(r#"{{"Errors":[{}]}}"#, items.join(","))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let body = body(50);
    let bytes = body.as_bytes();

    // The three agree before anything is timed.
    let by_reader = parse_reader(bytes).expect("reader parses");
    assert_eq!(by_reader, parse_walk(bytes).expect("walk parses"));
    assert_eq!(by_reader.errors.as_ref().map(Vec::len), Some(50));
    let floor: floor::Output = serde_json::from_slice(bytes).expect("serde parses");
    assert_eq!(floor.errors.map(|e| e.len()), Some(50));

    let samples = if quick { 15 } else { 51 };
    // Calibrate to about 2 ms per sample.
    let start = Instant::now();
    let mut calib = 0u64;
    while start.elapsed().as_millis() < 20 {
        black_box(parse_reader(black_box(bytes)).unwrap());
        calib += 1;
    }
    let iters = (calib / 10).max(1);

    type Parse = fn(&[u8]);
    let variants: [(&str, Parse); 3] = [
        ("(a) serde_json::from_slice into derived structs", |b| {
            let v: floor::Output = serde_json::from_slice(b).unwrap();
            black_box(v);
        }),
        ("(b) JsonReader, generated-style code", |b| {
            black_box(parse_reader(b).unwrap());
        }),
        ("(c) serde_json::Value walk (today)", |b| {
            black_box(parse_walk(b).unwrap());
        }),
    ];
    let mut times: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..samples {
        // Interleaved, so that drift in the machine hits all three alike.
        for (k, (_, f)) in variants.iter().enumerate() {
            let t = Instant::now();
            for _ in 0..iters {
                f(black_box(bytes));
            }
            times[k].push(t.elapsed().as_nanos() as f64 / iters as f64);
        }
    }
    let heaps = [
        peak_heap(|| serde_json::from_slice::<floor::Output>(bytes).unwrap()),
        peak_heap(|| parse_reader(bytes).unwrap()),
        peak_heap(|| parse_walk(bytes).unwrap()),
    ];
    let medians: Vec<f64> = times.into_iter().map(median).collect();
    println!(
        "201 with 50 MemberErrors, {} bytes; median of {samples} samples x {iters} parses",
        bytes.len()
    );
    for (k, (label, _)) in variants.iter().enumerate() {
        println!(
            "  {label:<50} {:>9.0} ns   peak heap {:>6} B ({:.2}x body)",
            medians[k],
            heaps[k],
            heaps[k] as f64 / bytes.len() as f64
        );
    }
    println!("  b/a = {:.3}", medians[1] / medians[0]);
    println!("  c/a = {:.3}", medians[2] / medians[0]);

    // The request a server reads: 50 MembershipItems.
    let request = request_body(50);
    let rbytes = request.as_bytes();
    assert_eq!(parse_request(rbytes).unwrap().map(|v| v.len()), Some(50));
    let requests: [(&str, Parse); 2] = [
        ("(a) serde_json::from_slice into derived structs", |b| {
            let v: floor_request::Input = serde_json::from_slice(b).unwrap();
            black_box(v);
        }),
        ("(b) JsonReader (Profile::SERVER), generated-style", |b| {
            black_box(parse_request(b).unwrap());
        }),
    ];
    let mut rtimes: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..samples {
        for (k, (_, f)) in requests.iter().enumerate() {
            let t = Instant::now();
            for _ in 0..iters {
                f(black_box(rbytes));
            }
            rtimes[k].push(t.elapsed().as_nanos() as f64 / iters as f64);
        }
    }
    let rheaps = [
        peak_heap(|| serde_json::from_slice::<floor_request::Input>(rbytes).unwrap()),
        peak_heap(|| parse_request(rbytes).unwrap()),
    ];
    let rmedians: Vec<f64> = rtimes.into_iter().map(median).collect();
    println!(
        "BatchCreateRoomMembership request with 50 items, {} bytes",
        rbytes.len()
    );
    for (k, (label, _)) in requests.iter().enumerate() {
        println!(
            "  {label:<50} {:>9.0} ns   peak heap {:>6} B ({:.2}x body)",
            rmedians[k],
            rheaps[k],
            rheaps[k] as f64 / rbytes.len() as f64
        );
    }
    println!("  b/a = {:.3}", rmedians[1] / rmedians[0]);

    // Many tiny arrays: the reader's heap is its output, nothing more.
    let tiny = format!("[{}]", vec!["[]"; 1 << 20].join(","));
    let heap = peak_heap(|| {
        let mut r = JsonReader::new(tiny.as_bytes(), &Profile::WIRE);
        r.skip().unwrap();
        r.end().unwrap();
    });
    println!(
        "skip of {} bytes of tiny arrays: peak heap {heap} B",
        tiny.len()
    );
}
