//! Absolute ids of the traits the generator understands. Trait names are
//! never spelled anywhere else.

/// `smithy.api#documentation`
pub const DOCUMENTATION: &str = "smithy.api#documentation";
/// `smithy.api#required`
pub const REQUIRED: &str = "smithy.api#required";
/// `smithy.api#default`
pub const DEFAULT: &str = "smithy.api#default";
/// `smithy.api#clientOptional`
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
/// `smithy.api#length`
pub const LENGTH: &str = "smithy.api#length";
/// `smithy.api#pattern`
pub const PATTERN: &str = "smithy.api#pattern";
/// `smithy.api#range`
pub const RANGE: &str = "smithy.api#range";
/// `smithy.api#uniqueItems`
pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
/// `smithy.api#sensitive`
pub const SENSITIVE: &str = "smithy.api#sensitive";
/// `smithy.api#deprecated`
pub const DEPRECATED: &str = "smithy.api#deprecated";
/// `smithy.api#enum` (Smithy 1.0 enum strings)
pub const ENUM: &str = "smithy.api#enum";
/// `smithy.api#enumValue`
pub const ENUM_VALUE: &str = "smithy.api#enumValue";
/// `smithy.api#internal`
pub const INTERNAL: &str = "smithy.api#internal";
/// `smithy.api#sparse`
pub const SPARSE: &str = "smithy.api#sparse";
/// `smithy.api#error`
pub const ERROR: &str = "smithy.api#error";
/// `smithy.api#httpError`
pub const HTTP_ERROR: &str = "smithy.api#httpError";
/// `smithy.api#http`
pub const HTTP: &str = "smithy.api#http";
/// `smithy.api#httpLabel`
pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
/// `smithy.api#httpQuery`
pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
/// `smithy.api#httpQueryParams`
pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
/// `smithy.api#httpHeader`
pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
/// `smithy.api#httpPrefixHeaders`
pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
/// `smithy.api#httpPayload`
pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
/// `smithy.api#httpResponseCode`
pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
/// `smithy.api#jsonName`
pub const JSON_NAME: &str = "smithy.api#jsonName";
/// `smithy.api#timestampFormat`
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
/// `smithy.api#mediaType`
pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
/// `smithy.api#idempotencyToken`
pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
/// `smithy.api#paginated`
pub const PAGINATED: &str = "smithy.api#paginated";
/// `smithy.api#streaming`
pub const STREAMING: &str = "smithy.api#streaming";
/// `smithy.api#endpoint`
pub const ENDPOINT: &str = "smithy.api#endpoint";
/// `smithy.api#hostLabel`
pub const HOST_LABEL: &str = "smithy.api#hostLabel";
/// `smithy.test#httpRequestTests`
pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// `smithy.test#httpResponseTests`
pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
/// `smithy.test#httpMalformedRequestTests`
pub const HTTP_MALFORMED_REQUEST_TESTS: &str = "smithy.test#httpMalformedRequestTests";
/// `smithy.test#eventStreamTests`
pub const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";
/// `smithy.api#title`
pub const TITLE: &str = "smithy.api#title";
/// `smithy.api#mixin`
pub const MIXIN: &str = "smithy.api#mixin";
/// `smithy.api#input`
pub const INPUT: &str = "smithy.api#input";
/// `smithy.api#output`
pub const OUTPUT: &str = "smithy.api#output";
/// `aws.protocols#restJson1`
pub const REST_JSON1: &str = "aws.protocols#restJson1";
/// `aws.api#service`
pub const AWS_SERVICE: &str = "aws.api#service";
/// `aws.auth#sigv4`
pub const SIGV4: &str = "aws.auth#sigv4";
/// `smithy.rules#endpointRuleSet`
pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
/// `smithy.rules#endpointTests`
pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";

/// `@requestCompression`: the request body may be compressed.
pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
/// `@httpChecksumRequired`: the request carries a `Content-MD5`.
pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
/// `aws.protocols#httpChecksum`: flexible request and response checksums.
pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";

/// `smithy.api#eventHeader`: a member of an event structure sent as a
/// message header.
pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
/// `smithy.api#eventPayload`: the member of an event structure sent as the
/// message payload.
pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";

/// Member traits that change the wire format or the meaning of a value in a
/// way the generator does not implement yet: generation stops with a
/// diagnostic naming the shape instead of producing wrong code.
pub const UNSUPPORTED: &[(&str, &str)] = &[];

/// True for traits that name a wire protocol of a service
/// (`aws.protocols#awsJson1_0`, `aws.protocols#restXml`,
/// `smithy.protocols#rpcv2Cbor`, ...). Other traits of those namespaces
/// that are not protocols are excluded by name.
pub fn is_protocol(trait_id: &str) -> bool {
    const NOT_PROTOCOLS: &[&str] = &[
        "aws.protocols#httpChecksum",
        "aws.protocols#awsQueryError",
        "aws.protocols#awsQueryCompatible",
        "aws.protocols#ec2QueryName",
    ];
    (trait_id.starts_with("aws.protocols#") || trait_id.starts_with("smithy.protocols#"))
        && !NOT_PROTOCOLS.contains(&trait_id)
}
