#!/usr/bin/env python3
"""Differential check of generated clients against botocore.

Run by `cargo xtask botocore-diff` (see docs/botocore-diff.md), with the
Python of the AWS CLI v1 venv (`scripts/aws-cli`), whose botocore is the
reference. For each service given with `--service IDENT:BOTOCORE:MODEL`:

* inputs for every operation are built from botocore's own model of the
  service (service-2.json), kept to the members and enum values that the
  Smithy model (MODEL, what our crate was generated from) also has, with a
  seeded random generator: one input with every member set ("full"), one
  with the required members only ("required"), and `--cases` - 2 more full
  ones with other draws;
* botocore sends each input through a real client (serializer, endpoint
  host prefix, its handlers) to a `before-send` hook that keeps the request
  and stops it there;
* our generated CLI (`RUNNER IDENT <command> --cli-input-json ...`) sends the
  same input to a local capture server that records the raw request and
  answers 200 `{}`; when an operation has a host prefix (`@endpoint`), the
  request goes to a host that does not resolve, so it is read from
  `--debug` instead;
* the two requests are compared (method, host prefix, path, query, headers,
  body) after the normalisation rules in NORMALISATION below.

Prints one row per service, writes the results as JSON (`--json`) and a
markdown report with every difference grouped by cause (`--report`). Exit
status: 0 when every difference has a known explanation (KNOWN below) and
nothing failed to run, 1 otherwise, 2 on bad usage.
"""

import argparse
import base64
import http.server
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib

try:  # recent AWS CLI v1 releases (1.46.3 here) ship botocore inside awscli.
    from awscli.botocore.session import get_session
    from awscli.botocore.config import Config
    from awscli.botocore import xform_name
    from awscli.botocore.tokens import FrozenAuthToken
    import awscli.botocore as botocore_pkg
except ImportError:  # pragma: no cover - older AWS CLI v1
    from botocore.session import get_session
    from botocore.config import Config
    from botocore import xform_name
    from botocore.tokens import FrozenAuthToken
    import botocore as botocore_pkg

NORMALISATION = """\
* **method**: compared as is.
* **host**: only the part in front of the endpoint's host is compared (the
  `@endpoint` host prefix); the endpoint itself is the capture server for
  both.
* **path**: percent-escapes are normalised as RFC 3986 section 6.2.2 allows
  (hex digits upper-cased; escapes of unreserved characters `A-Z a-z 0-9 - .
  _ ~` decoded), then compared as text. Any other difference (a `/` sent as
  `/` by one side and `%2F` by the other, a space as `+`) is a difference.
* **query**: split on `&` into `name=value` pairs, each side normalised as
  the path, compared as a multiset (order does not matter, repetition does).
* **headers**: names lower-cased, values with surrounding white space
  stripped, compared as a multiset per name; the headers in IGNORED_HEADERS
  are left out (see the report for the reason of each).
* **body**: when both bodies parse as JSON, compared as JSON values (key
  order, white space and escapes do not matter; numbers compare by value, so
  `1` equals `1.0`); otherwise compared byte for byte. An empty body and
  `{}` are different.
"""

IGNORED_HEADERS = {
    "authorization": "SigV4 signature: differs on every call (time) and our CLI runs with --no-sign-request",
    "x-amz-date": "signing time",
    "x-amz-security-token": "signing (session token)",
    "x-amz-content-sha256": "signing (payload hash, S3-style services only)",
    "user-agent": "product names and versions differ by design",
    "x-amz-user-agent": "product names and versions differ by design",
    "amz-sdk-invocation-id": "a random UUID per call",
    "amz-sdk-request": "retry bookkeeping (attempt=1; max=N): depends on the retry configuration",
    "content-length": "framing: the body is compared instead",
    "transfer-encoding": "framing: the body is compared instead",
    "host": "the endpoint is the capture server; the host prefix is compared separately",
    "connection": "connection management of the HTTP library",
    "expect": "100-continue handling of the HTTP library",
}

# Known causes of differences: (cause id, status, explanation, predicate).
# status: "botocore" (botocore's behaviour differs from the Smithy
# specification; ours follows the specification), "divergence" (both are
# acceptable; documented), "bug" (our generator or runtime is wrong; where
# the bug is), "model" (the two models differ). The predicate gets a
# difference dict (part, ours, theirs, service, operation, detail) and
# returns True when the difference has that cause. Differences without a
# known cause are reported as "unexplained" and make the exit status 1.
KNOWN = []


def known(cause, status, explanation):
    def register(pred):
        KNOWN.append((cause, status, explanation, pred))
        return pred

    return register


ISO = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def same_instants(a, b):
    """True when JSON values a and b differ only in how RFC 3339 timestamps
    write their fraction of a second (`.123Z` against `.123000Z`)."""
    def canon(v):
        if isinstance(v, str):
            m = ISO.match(v)
            if m:
                frac = (m.group(2) or ".").ljust(7, "0")[:7]
                return "%s%s%s" % (m.group(1), frac, m.group(3))
            return v
        if isinstance(v, list):
            return [canon(x) for x in v]
        if isinstance(v, dict):
            return {k: canon(x) for k, x in v.items()}
        return v

    return a != b and canon(a) == canon(b)


def _json(text):
    try:
        return json.loads(text)
    except Exception:
        return MISSING_VALUE


MISSING_VALUE = object()


def _query_values(text):
    pairs = urllib.parse.unquote(text.split("  [")[0]).split("&")
    return sorted(p.split("=", 1) + [""] if "=" not in p else p.split("=", 1) for p in pairs)


@known("date-time fraction digits", "botocore",
       "botocore writes a `date-time` timestamp that has a fraction of a second with six digits "
       "(`2023-12-31T23:59:59.123000Z`: its legacy `ISO8601_MICRO` format, `botocore/serialize.py` "
       "`_timestamp_iso8601`, used unless the client is configured with millisecond "
       "`timestamp_precision`); ours writes milliseconds (`.123Z`), as the Smithy protocol tests "
       "expect. Same instant, both valid RFC 3339 (`date-time` in bodies, `httpQuery` timestamps).")
def _date_time_fraction(d):
    if d["part"].startswith("body "):
        return same_instants(_json(d["ours"]), _json(d["theirs"]))
    if d["part"] == "query":
        return same_instants(_query_values(d["ours"]), _query_values(d["theirs"]))
    if d["part"].startswith("header "):
        return same_instants(d["ours"], d["theirs"])
    return False


@known("epoch-seconds truncated by botocore", "botocore",
       "botocore writes `epoch-seconds` timestamps (the restJson1 body default) as whole seconds: "
       "`_timestamp_unixtimestamp` returns `int(calendar.timegm(...))` unless millisecond "
       "`timestamp_precision` is configured, so `2023-12-31T23:59:59.123Z` is sent as "
       "`1704067199` and the milliseconds are lost. Ours sends `1704067199.123`: Smithy's "
       "`epoch-seconds` is a number of seconds with an optional fraction (millisecond precision). "
       "botocore's loss, not ours.")
def _epoch_truncated(d):
    if not d["part"].startswith("body "):
        return False
    a, b = _json(d["ours"]), _json(d["theirs"])
    return isinstance(a, float) and isinstance(b, int) and not isinstance(b, bool) and int(a) == b and a != b


@known("default values serialized", "divergence",
       "Ours writes members that have a Smithy `@default` (`0`, `false`, an enum default) even when "
       "the input does not set them; botocore's model has no defaults and sends only what is set. "
       "Smithy 2.0 (`@default`, *default value serialization*) says default values SHOULD be "
       "serialized so that messages do not change meaning if a default changes, and a service treats "
       "an absent member as its default, so both requests mean the same. (Includes members botocore's "
       "newer model does not have, e.g. neptune-graph `multiValueHandling`.)")
def _defaults(d):
    return d["part"].startswith("body ") and d.get("default_member")


@known("blob payload Content-Type", "botocore",
       "For an `@httpPayload` blob (or string) with no `Content-Type` member set, ours sends "
       "`Content-Type: application/octet-stream` (or the payload's `@mediaType`, e.g. `text/plain`), "
       "as the restJson1 specification and its protocol tests require "
       "(`RestJsonHttpPayloadTraitsWithBlob`, `RestJsonHttpPayloadTraitsWithMediaTypeWithBlob`); "
       "botocore sends no Content-Type for such payloads (`RestJSONSerializer._serialize_content_type`: "
       "\"Don't apply content-type to streaming bodies\", which also covers non-streaming blobs).")
def _payload_content_type(d):
    return d["part"] == "header content-type" and d.get("blob_payload") and d["theirs"] == "(absent)"


@known("trailing slash in botocore's model", "model",
       "botocore's service-2.json has the request URI with a trailing slash (backup "
       "`/backup/plans/`, efs `/2015-02-01/tags/{FileSystemId}/`); the Smithy model that our crate "
       "is generated from has it without (`/backup/plans`), and ours follows its model exactly. "
       "A difference of the two models, not of the serializers.")
def _trailing_slash(d):
    return d["part"] == "path" and d["theirs"] == d["ours"] + "/"


@known("body members only in botocore's model", "model",
       "botocore's (newer) model gives the input a body member that the Smithy model does not have "
       "(iot `GetThingConnectivityData`: `includeSocketInformation`), so for botocore the input has a "
       "body and an unset one is sent as `{}` with `Content-Type: application/json`; in the Smithy "
       "model every member is bound to the URI, query or headers, so the restJson1 request has no "
       "body and no Content-Type. Each side follows its model.")
def _newer_body(d):
    return d.get("newer_body_members") and (
        (d["part"] == "body" and d["ours"] == "(empty)" and d["theirs"] == "{}")
        or (d["part"] == "header content-type" and d["ours"] == "(absent)" and d["theirs"] == "application/json"))


@known("Glacier customizations", "gap",
       "botocore's Glacier handlers (`botocore/handlers.py`: `add_glacier_version`, "
       "`add_glacier_checksums`) add `x-amz-glacier-version: 2012-06-01` to every request and compute "
       "`x-amz-sha256-tree-hash` (and `x-amz-content-sha256`) of an upload body when not given. "
       "These are not in the Smithy model (the AWS SDKs add them as a Glacier customization). Our "
       "generator has no per-service customizations, so a real Glacier call from our client would "
       "be refused (the version header is required). Where: a service customization hook would go in "
       "codegen (e.g. an extra header per service in `codegen/src/emit/http_ser.rs`) or the runtime "
       "client; not fixed here.")
def _glacier(d):
    return d["service"] == "glacier" and d["part"] in ("header x-amz-glacier-version", "header x-amz-sha256-tree-hash")


@known("API Gateway Accept header", "gap",
       "botocore's API Gateway handler (`botocore/handlers.py` `add_accept_header`, registered for "
       "`before-call.apigateway`) sends `Accept: application/json` on every call that does not set "
       "the modelled `Accept` header (`GetExport`'s `accepts`); without it API Gateway answers some "
       "operations in another format. The header is not in the Smithy model (the AWS SDKs add it as "
       "an API Gateway customization). Ours sends no `Accept`. Same missing per-service customization "
       "hook as Glacier; not fixed here.")
def _apigateway_accept(d):
    return d["service"] == "api-gateway" and d["part"] == "header accept" and d["ours"] == "(absent)" \
        and d["theirs"] == "application/json"


def header_items(value):
    """A list header's items: split on commas outside double quotes, each
    stripped of optional white space (RFC 9110 section 5.6.1)."""
    items, cur, quoted, escaped = [], "", False, False
    for ch in value:
        if escaped:
            cur += ch
            escaped = False
        elif ch == "\\" and quoted:
            cur += ch
            escaped = True
        elif ch == '"':
            cur += ch
            quoted = not quoted
        elif ch == "," and not quoted:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
    items.append(cur.strip())
    return items


@known("list header separator", "divergence",
       "A list bound to a header: ours joins the items with `, ` (comma and space), as the Smithy "
       "restJson1 protocol tests write them (`RestJsonInputAndOutputWithStringHeaders`: "
       "`X-StringList: a, b, c`); botocore joins with `,` (`_convert_header_value`). Both quote items "
       "that contain a comma or a double quote the same way; RFC 9110 (section 5.6.1) makes the "
       "white space after a comma optional, so both headers carry the same list.")
def _header_list(d):
    return d["part"].startswith("header ") and d["ours"] != d["theirs"] \
        and header_items(d["ours"]) == header_items(d["theirs"])


# ---------------------------------------------------------------------------
# Capture server.


class Capture:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []

    def take(self):
        with self.lock:
            r, self.requests = self.requests, []
            return r


def make_server(capture):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle_any(self):
            body = b""
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    line = self.rfile.readline(65537)
                    size = int(line.split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline(65537)
                body = b"".join(chunks)
            else:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
            with capture.lock:
                capture.requests.append(
                    {
                        "method": self.command,
                        "target": self.path,
                        "headers": [(k, v) for k, v in self.headers.items()],
                        "body": body,
                    }
                )
            out = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(out)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------------------
# The Smithy model (what our crate was generated from).


class Smithy:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.shapes = json.load(f)["shapes"]
        self.ops = {}
        # Member names that have a @default somewhere in the model.
        self.defaults = {
            name for s in self.shapes.values() for name, m in s.get("members", {}).items()
            if "smithy.api#default" in m.get("traits", {})
        }
        for sid, s in self.shapes.items():
            if s.get("type") == "operation":
                self.ops[sid.split("#", 1)[1]] = s

    def shape(self, target):
        if target.startswith("smithy.api#"):
            # Prelude shapes (`smithy.api#Integer`, `#PrimitiveLong`, ...).
            return {"type": target.split("#", 1)[1].replace("Primitive", "").lower()}
        return self.shapes.get(target)

    def op_input(self, name):
        op = self.ops.get(name)
        if op is None:
            return None, False
        target = op.get("input", {}).get("target")
        if not target or target == "smithy.api#Unit":
            return None, True
        return self.shapes.get(target), True

    def enum_values(self, shape):
        if shape is None:
            return None
        if shape.get("type") in ("enum", "intEnum"):
            return [
                m.get("traits", {}).get("smithy.api#enumValue", k)
                for k, m in shape.get("members", {}).items()
            ]
        e = shape.get("traits", {}).get("smithy.api#enum")
        if e:
            return [v["value"] for v in e]
        return None

    def members(self, shape):
        if shape is None:
            return None
        return shape.get("members", {})


# ---------------------------------------------------------------------------
# Input generation from botocore's model.

LABEL = ["a b", "x/y", "\u00fcn\u00ef c\u00f8d\u00e9", "a+b&c=d", "%41", "~tilde.dot-_", "colon:semi;", "q?h#", "\u6f22\u5b57"]
GREEDY = ["dir a/sub+b/f\u00efle.txt", "a/b//c", "x~y/z%2F", "top"]
QUERY = ["a b", "a+b", "x&y=z", "\u00fcn\u00ef", "/slash?", "*star'\"()", "plain", ""]
HEADER = ["plain", "with space", "semi;colon", "a=b", "q?mark", "x,y", 'quo"te', "\u00fcn\u00ef"]
BODY = ["plain", "\u00fcn\u00efc\u00f8d\u00e9 \u6f22\u5b57 \U0001f389", 'quote" back\\slash', "new\nline\ttab", "\u0001ctl", ""]
TIMES = ["2024-01-02T03:04:05Z", "2023-12-31T23:59:59.123Z", "1999-07-01T00:00:00Z"]
FLOATS = [1.5, -0.25, 3.0, 100.125, 0.1, 1.5e-7, 1e21]


class Gen:
    """Builds one input: `ours` (the CLI document) and `theirs` (botocore
    parameters) side by side."""

    def __init__(self, smithy, rng, full):
        self.smithy = smithy
        self.rng = rng
        self.full = full
        self.kinds = set()
        self.service_arn = "aws"
        # Labels written `{Name+}` in the request URI.
        self.greedy = set()

    def pick(self, pool):
        return pool[self.rng.randrange(len(pool))]

    def structure(self, shape, sm, depth):
        """Returns (ours, theirs) for a botocore structure shape; sm is the
        Smithy shape (or None when unknown)."""
        ours, theirs = {}, {}
        smembers = self.smithy.members(sm)
        required = set(shape.required_members)
        if smembers is not None:
            required |= {k for k, m in smembers.items() if "smithy.api#required" in m.get("traits", {})}
        names = list(shape.members)
        if shape.metadata.get("union") or (sm is not None and sm.get("type") == "union"):
            if smembers is not None:
                names = [n for n in names if n in smembers]
            if not names:
                return None
            names = [self.pick(names)]
            required = set(names)
            self.kinds.add("union")
        for name in names:
            member = shape.members[name]
            if smembers is not None and name not in smembers:
                continue
            if member.serialization.get("eventstream") or member.metadata.get("eventstream"):
                return None
            is_req = name in required
            if member.metadata.get("idempotencyToken"):
                # Always given: both sides would otherwise draw a random UUID.
                is_req = True
            if not is_req and not self.full:
                continue
            if not is_req and depth > 4:
                continue
            smember = smembers.get(name) if smembers is not None else None
            starget = self.smithy.shape(smember["target"]) if smember else None
            v = self.value(member, starget, depth + 1, loc=member.serialization.get("location"), name=name)
            if v is None:
                if is_req:
                    return None
                continue
            ours[name], theirs[name] = v
        return ours, theirs

    def value(self, shape, sm, depth, loc=None, name=""):
        t = shape.type_name
        ser = shape.serialization
        if shape.metadata.get("document"):
            self.kinds.add("document")
            d = self.pick([{"k": [1, "two", {"x": None}], "b": True}, [1, 2.5, "s"], "text", 42])
            return d, d
        if t == "structure":
            self.kinds.add("structure" if depth > 1 else "top")
            return self.structure(shape, sm, depth)
        if t == "list":
            self.kinds.add("list" + ("@" + loc if loc else ""))
            smember = None
            if sm is not None and "member" in sm:
                smember = self.smithy.shape(sm["member"]["target"])
            n = self.rng.randint(1, 3) if depth < 5 else 1
            ours, theirs = [], []
            for _ in range(n):
                v = self.value(shape.member, smember, depth + 1, loc=loc, name=name)
                if v is None:
                    return None
                ours.append(v[0])
                theirs.append(v[1])
            return ours, theirs
        if t == "map":
            self.kinds.add("map" + ("@" + loc if loc else ""))
            sk = sv = None
            if sm is not None and "key" in sm:
                sk = self.smithy.shape(sm["key"]["target"])
                sv = self.smithy.shape(sm["value"]["target"])
            n = self.rng.randint(1, 2) if depth < 5 else 1
            ours, theirs = {}, {}
            for i in range(n):
                if loc == "headers":
                    k = ("Key%d" % i, "Key%d" % i)
                elif loc == "querystring":
                    k = ("qk%d" % i, "qk%d" % i)
                else:
                    k = self.value(shape.key, sk, depth + 1, name="key")
                if k is None:
                    return None
                v = self.value(shape.value, sv, depth + 1, loc=loc, name=name)
                if v is None:
                    return None
                ours[k[0]] = v[0]
                theirs[k[1]] = v[1]
            return ours, theirs
        if t == "string" and sm is not None and sm.get("type") in ("integer", "long", "short", "byte"):
            # The models disagree (Glacier's `limit`: a string in botocore,
            # an Integer in Smithy): a number both accept.
            self.kinds.add("number")
            v = self.pick([1, 7, 1000])
            return v, str(v)
        if t == "string":
            values = None
            if shape.enum:
                values = list(shape.enum)
                svals = self.smithy.enum_values(sm)
                if svals is not None:
                    both = [v for v in values if v in svals]
                    values = both or svals
                if values:
                    self.kinds.add("enum")
                    v = self.pick(values)
                    return v, v
            if ser.get("jsonvalue"):
                self.kinds.add("jsonvalue")
                obj = {"a": [1, "b"], "c": None}
                # The text ours sends as is (base64); botocore re-encodes
                # the object with separators=(",", ":").
                return json.dumps(obj, separators=(",", ":")), obj
            if shape.metadata.get("idempotencyToken"):
                v = "%08x-0000-4000-8000-%012x" % (self.rng.getrandbits(32), self.rng.getrandbits(48))
                return v, v
            if shape.metadata.get("contextParam") and "arn" in name.lower():
                # Endpoint rules parse it (botocore refuses a bad one).
                self.kinds.add("contextParam")
                v = "arn:aws:%s::123456789012:%s/%08x" % (self.service_arn, name.lower(), self.rng.getrandbits(32))
                if "keyvaluestore" in self.service_arn:
                    v = "arn:aws:cloudfront::123456789012:key-value-store/%08x-1234-4567-89ab-0123456789ab" % self.rng.getrandbits(32)
                return v, v
            if ser.get("hostLabel"):
                self.kinds.add("hostLabel")
                v = "h%07x" % self.rng.getrandbits(28)
                return v, v
            if loc == "uri":
                greedy = ser.get("name", name) in self.greedy
                self.kinds.add("label+" if greedy else "label")
                v = self.pick(GREEDY if greedy else LABEL)
                return v, v
            if loc == "querystring":
                self.kinds.add("query")
                v = self.pick(QUERY)
                return v, v
            if loc in ("header", "headers"):
                self.kinds.add("header")
                v = self.pick(HEADER)
                return v, v
            self.kinds.add("string")
            v = self.pick(BODY)
            return v, v
        if t in ("integer", "long", "short", "byte"):
            self.kinds.add("number")
            svals = self.smithy.enum_values(sm)
            if svals:
                v = self.pick(svals)
                return v, v
            hi = {"byte": 127, "short": 32767, "integer": 2**31 - 1, "long": 2**63 - 1}[t]
            v = self.pick([0, 1, 7, -3, 1000, hi, -hi - 1])
            return v, v
        if t in ("float", "double"):
            self.kinds.add("float")
            v = self.pick(FLOATS)
            return v, v
        if t == "boolean":
            self.kinds.add("boolean")
            v = self.rng.random() < 0.5
            return v, v
        if t == "timestamp":
            self.kinds.add("timestamp" + ("@" + loc if loc else ""))
            v = self.pick(TIMES)
            return v, v
        if t == "blob":
            self.kinds.add("blob")
            n = self.rng.randint(1, 12)
            raw = bytes(self.rng.getrandbits(8) for _ in range(n))
            if self.rng.random() < 0.5:
                raw = b"text blob"
            return base64.b64encode(raw).decode(), raw
        return None


# ---------------------------------------------------------------------------
# Requests: ours (capture server or --debug) and botocore's.


class Stop(Exception):
    pass


def botocore_request(client, op_name, params):
    box = {}

    def hook(request, **kwargs):
        box["req"] = request
        raise Stop()

    client.meta.events.register_first("before-send", hook)
    try:
        client._make_api_call(op_name, params)
    except Stop:
        pass
    finally:
        client.meta.events.unregister("before-send", hook)
    req = box.get("req")
    if req is None:
        raise RuntimeError("botocore sent nothing")
    body = req.body
    if body is None:
        body = b""
    elif hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode("utf-8")
    u = urllib.parse.urlsplit(req.url)
    target = u.path or "/"
    if u.query:
        target += "?" + u.query
    return {
        "method": req.method,
        "host": u.netloc,
        "target": target,
        "headers": [(k, v if isinstance(v, str) else v.decode("latin-1")) for k, v in req.headers.items()],
        "body": bytes(body),
    }


DEBUG_REQ = re.compile(r"^DEBUG - sending request: (\S+) (\S+)$")


def parse_debug(stderr):
    """The first request that `--debug` printed (headers and body)."""
    lines = stderr.split("\n")
    for i, line in enumerate(lines):
        m = DEBUG_REQ.match(line)
        if not m:
            continue
        u = urllib.parse.urlsplit(m.group(2))
        headers = []
        j = i + 1
        while j < len(lines) and lines[j].startswith("  ") and not lines[j].startswith("  body: "):
            k, _, v = lines[j][2:].partition(": ")
            # `--debug` shows header bytes as UTF-8 text; the capture server
            # (and botocore's prepared request) show them as ISO-8859-1.
            headers.append((k, v.encode("utf-8").decode("latin-1")))
            j += 1
        body = ""
        if j < len(lines) and lines[j].startswith("  body: "):
            rest = [lines[j][len("  body: "):]]
            j += 1
            while j < len(lines) and not lines[j].startswith("DEBUG - "):
                rest.append(lines[j])
                j += 1
            body = "\n".join(rest).rstrip("\n")
        target = u.path or "/"
        if u.query:
            target += "?" + u.query
        return {"method": m.group(1), "host": u.netloc, "target": target, "headers": headers, "body": body.encode("utf-8"), "via": "debug"}
    return None


def our_request(args, ident, command, doc, port, capture):
    argv = [args.runner, ident, command, "--cli-input-json", json.dumps(doc), "--endpoint-url", "http://127.0.0.1:%d" % port,
            "--region", "us-east-1", "--no-sign-request", "--no-parameter-validation", "--no-paginate", "--cli-read-timeout", "5",
            "--cli-connect-timeout", "2", "--output", "json"]
    # `--debug` always: a request whose host the endpoint rules or a host
    # prefix changed (`123456789012.127.0.0.1`) never reaches the capture
    # server, and is read from what `--debug` printed instead.
    argv.append("--debug")
    env = dict(os.environ)
    env.update({"AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard", "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull})
    capture.take()
    try:
        p = subprocess.run(argv, capture_output=True, timeout=args.timeout, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "timed out after %ss" % args.timeout
    stderr = p.stderr.decode("utf-8", "replace")
    got = capture.take()
    if got:
        r = got[0]
        r["host"] = "127.0.0.1:%d" % port
        return r, (None if p.returncode == 0 else "exit %d after sending: %s" % (p.returncode, stderr.strip()[-300:]))
    r = parse_debug(stderr)
    if r is not None:
        return r, None
    return None, "exit %d, nothing sent: %s" % (p.returncode, stderr.strip()[-400:])


# ---------------------------------------------------------------------------
# Comparison.

UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def norm(s):
    def fix(m):
        c = chr(int(m.group(1), 16))
        return c if c in UNRESERVED else "%" + m.group(1).upper()

    return re.sub(r"%([0-9A-Fa-f]{2})", fix, s)


def split_target(target):
    path, _, query = target.partition("?")
    pairs = sorted(norm(p) if "=" in p else norm(p) + "=" for p in query.split("&") if p) if query else []
    return norm(path), pairs


def header_map(headers):
    out = {}
    for k, v in headers:
        k = k.lower()
        if k in IGNORED_HEADERS:
            continue
        out.setdefault(k, []).append(v.strip())
    return {k: sorted(v) for k, v in out.items()}


def body_value(b):
    if not b:
        return ("empty", "")
    try:
        return ("json", json.loads(b.decode("utf-8")))
    except Exception:
        return ("bytes", b)


def show_body(b):
    if not b:
        return "(empty)"
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes:" + b.hex()


def compare(ours, theirs, port):
    diffs = []
    if ours["method"] != theirs["method"]:
        diffs.append(("method", ours["method"], theirs["method"]))
    base = "127.0.0.1:%d" % port
    po = ours["host"][: -len(base)] if ours["host"].endswith(base) else ours["host"]
    pt = theirs["host"][: -len(base)] if theirs["host"].endswith(base) else theirs["host"]
    if po != pt:
        diffs.append(("host prefix", po or "(none)", pt or "(none)"))
    op, oq = split_target(ours["target"])
    tp, tq = split_target(theirs["target"])
    if op != tp:
        diffs.append(("path", ours["target"].partition("?")[0], theirs["target"].partition("?")[0]))
    if oq != tq:
        only_o = [x for x in oq if x not in tq]
        only_t = [x for x in tq if x not in oq]
        diffs.append(("query", "&".join(oq) + ("  [only ours: %s]" % "&".join(only_o) if only_o else ""),
                      "&".join(tq) + ("  [only botocore: %s]" % "&".join(only_t) if only_t else "")))
    oh, th = header_map(ours["headers"]), header_map(theirs["headers"])
    for k in sorted(set(oh) | set(th)):
        if oh.get(k) != th.get(k):
            diffs.append(("header " + k, ", ".join(oh[k]) if k in oh else "(absent)", ", ".join(th[k]) if k in th else "(absent)"))
    ob, tb = body_value(ours["body"]), body_value(theirs["body"])
    if ob != tb:
        if ours.get("via") == "debug" and ob[0] != "json":
            pass  # --debug shows bodies as text: only JSON bodies are compared
        else:
            diffs.append(("body", show_body(ours["body"]), show_body(theirs["body"])))
    return diffs


MISSING = "(absent)"


def json_paths(a, b, path=""):
    """Where JSON values a and b differ: (JSON pointer, ours, botocore),
    MISSING for a key only one side has."""
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            out.extend(json_paths(a.get(k, MISSING), b.get(k, MISSING), "%s/%s" % (path, k)))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(json_paths(x, y, "%s/%d" % (path, i)))
    elif a != b or (isinstance(a, bool) != isinstance(b, bool)):
        out.append((path or "/", a, b))
    return out


def classify(d):
    for cause, status, explanation, pred in KNOWN:
        try:
            if pred(d):
                return cause
        except Exception:
            continue
    return None


# ---------------------------------------------------------------------------
# Main.


def seed_of(*parts):
    return zlib.crc32("\x00".join(str(p) for p in parts).encode("utf-8"))


def run_service(args, ident, boto_name, model_path, port, capture):
    session = get_session()
    session.set_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    class Tokens:  # bearer-token services (CodeCatalyst): a fixed token
        def load_token(self, **kwargs):
            return FrozenAuthToken("example-token")

    session._components.register_component("token_provider", Tokens())
    try:
        client = session.create_client(
            boto_name,
            region_name="us-east-1",
            endpoint_url="http://127.0.0.1:%d" % port,
            # A requested signature version keeps botocore from picking the
            # endpoint rules' SigV4a (CloudFront KeyValueStore), which would
            # need awscrt; nothing is signed anyway (below).
            config=Config(parameter_validation=False, retries={"total_max_attempts": 1},
                          **({} if session.get_service_model(boto_name).metadata.get("signatureVersion") == "bearer"
                             else {"signature_version": "v4"})),
        )
    except Exception as e:
        return {"service": ident, "error": "botocore cannot create a %s client: %s" % (boto_name, e), "operations": []}
    # Signatures are not compared: no signing at all (KVS's sigv4a would
    # need awscrt; our CLI runs with --no-sign-request).
    client._request_signer.sign = lambda *a, **k: None
    smithy = Smithy(model_path)
    model = client.meta.service_model
    results = []
    names = sorted(model.operation_names)
    if args.max_ops:
        names = names[: args.max_ops]
    for op_name in names:
        om = model.operation_model(op_name)
        res = {"operation": op_name, "cases": [], "status": "identical"}
        results.append(res)
        sin, found = smithy.op_input(op_name)
        if not found:
            res["status"] = "skipped"
            res["reason"] = "not in the Smithy model"
            continue
        if om.has_event_stream_input or om.has_event_stream_output:
            res["status"] = "skipped"
            res["reason"] = "event stream"
            continue
        via_debug = bool(om.endpoint and om.endpoint.get("hostPrefix"))
        command = xform_name(op_name).replace("_", "-")
        for case in range(args.cases):
            full = case != 1
            rng = random.Random(seed_of(args.seed, ident, op_name, case))
            gen = Gen(smithy, rng, full)
            gen.greedy = set(re.findall(r"{([^}]+)\+}", om.http.get("requestUri", "")))
            gen.service_arn = model.metadata.get("signingName") or model.metadata.get("endpointPrefix") or boto_name
            if om.input_shape is None:
                ours_doc, theirs_doc = {}, {}
            else:
                v = gen.structure(om.input_shape, sin, 0)
                if v is None:
                    res["status"] = "skipped"
                    res["reason"] = "no input can be built (event stream member or empty union)"
                    break
                ours_doc, theirs_doc = v
            if case == 1 and args.cases > 1 and res["cases"] and res["cases"][0]["input"] == ours_doc:
                continue  # nothing optional: the required-only case is the full one
            c = {"case": "full" if full and case == 0 else ("required" if case == 1 else "full#%d" % case),
                 "input": ours_doc, "kinds": sorted(gen.kinds), "diffs": []}
            res["cases"].append(c)
            try:
                theirs = botocore_request(client, op_name, theirs_doc)
            except Exception as e:
                c["error"] = "botocore: %s: %s" % (type(e).__name__, str(e)[:300])
                res["status"] = "error"
                continue
            ours, err = our_request(args, ident, command, ours_doc, port, capture)
            if ours is None:
                c["error"] = "ours: " + err
                res["status"] = "error"
                continue
            if err:
                c["note"] = err
            c["requests"] = {side: {"method": r["method"], "host": r["host"], "target": r["target"],
                                    "headers": sorted((k.lower(), v) for k, v in r["headers"]
                                                      if k.lower() not in IGNORED_HEADERS),
                                    "body": show_body(r["body"])[:2000]}
                             for side, r in (("ours", ours), ("botocore", theirs))}
            payload = om.input_shape.serialization.get("payload") if om.input_shape is not None else None
            smembers = smithy.members(sin) or {}
            newer_body_members = om.input_shape is not None and not payload and any(
                "location" not in m.serialization and n not in smembers for n, m in om.input_shape.members.items()
            ) and not any(
                not any(t in m.get("traits", {}) for t in ("smithy.api#httpLabel", "smithy.api#httpQuery",
                        "smithy.api#httpHeader", "smithy.api#httpPrefixHeaders", "smithy.api#httpQueryParams"))
                for m in smembers.values())
            blob_payload = bool(payload and om.input_shape.members[payload].type_name in ("blob", "string"))
            found = []
            for part, o, t in compare(ours, theirs, port):
                a, b = body_value(ours["body"]), body_value(theirs["body"])
                if part == "body" and a[0] == "json" and b[0] == "json":
                    # One difference per JSON path, each with its own cause.
                    for path, x, y in json_paths(a[1], b[1]):
                        found.append(("body " + path, x, y, {"json": True,
                                      "default_member": x is not MISSING and y is MISSING
                                      and path.rsplit("/", 1)[-1] in smithy.defaults}))
                else:
                    found.append((part, o, t, {}))
            for part, o, t, extra in found:
                d = {"service": ident, "operation": op_name, "case": c["case"], "part": part,
                     "ours": o if isinstance(o, str) and not extra.get("json") else json.dumps(o, ensure_ascii=False) if o is not MISSING else MISSING,
                     "theirs": t if isinstance(t, str) and not extra.get("json") else json.dumps(t, ensure_ascii=False) if t is not MISSING else MISSING,
                     "has_host_prefix_trait": via_debug, "blob_payload": blob_payload,
                     "newer_body_members": newer_body_members}
                d.update(extra)
                d["cause"] = classify(d)
                c["diffs"].append(d)
            if c["diffs"] and res["status"] == "identical":
                res["status"] = "differs"
    return {"service": ident, "botocore": boto_name, "operations": results}


def summarise(services):
    rows = []
    for s in services:
        ops = s.get("operations", [])
        compared = [o for o in ops if o["status"] in ("identical", "differs")]
        rows.append({
            "service": s["service"],
            "botocore": s.get("botocore", ""),
            "operations": len(ops),
            "compared": len(compared),
            "identical": sum(1 for o in compared if o["status"] == "identical"),
            "differing": sum(1 for o in compared if o["status"] == "differs"),
            "errors": sum(1 for o in ops if o["status"] == "error") + (1 if s.get("error") else 0),
            "skipped": sum(1 for o in ops if o["status"] == "skipped"),
            "requests": sum(len(o["cases"]) for o in compared),
        })
    return rows


def table(rows):
    head = ["service", "botocore", "compared", "identical", "differing", "errors", "skipped", "requests"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append("| " + " | ".join(str(r[h]) for h in head) + " |")
    tot = {h: sum(r[h] for r in rows) for h in head[2:]}
    lines.append("| **total** (%d services) | | " % len(rows) + " | ".join(str(tot[h]) for h in head[2:]) + " |")
    return "\n".join(lines)


def short(s, n=300):
    s = str(s)
    return s if len(s) <= n else s[:n] + "…"


def cell(s, n=160):
    return "`" + short(s, n).replace("`", "'").replace("|", "\\|").replace("\n", "\\n") + "`"


def report(args, services, rows):
    out = ["# botocore differential report (generated)", ""]
    out.append("Reference: botocore %s (AWS CLI v1 venv). Seed %d, %d case(s) per operation." % (botocore_pkg.__version__, args.seed, args.cases))
    out.append("")
    out.append(table(rows))
    out.append("")
    diffs = [d for s in services for o in s.get("operations", []) for c in o["cases"] for d in c["diffs"]]
    groups = {}
    for d in diffs:
        groups.setdefault(d["cause"] or "unexplained: " + d["part"], []).append(d)
    expl = {c: (st, e) for c, st, e, _ in KNOWN}
    out.append("## Differences by cause (%d differences)" % len(diffs))
    out.append("")
    for cause in sorted(groups, key=lambda c: (c.startswith("unexplained"), c)):
        ds = groups[cause]
        st, e = expl.get(cause, ("unexplained", "no known cause"))
        ops = sorted({(d["service"], d["operation"]) for d in ds})
        out.append("### %s (%s): %d differences, %d operations" % (cause, st, len(ds), len(ops)))
        out.append("")
        out.append(e)
        out.append("")
        by_service = {}
        for sv, op in ops:
            by_service.setdefault(sv, []).append(op)
        out.append("Operations: " + "; ".join("**%s** %s" % (sv, ", ".join(o)) for sv, o in by_service.items()) + ".")
        out.append("")
        out.append("| service | operation | case | part | ours | botocore |")
        out.append("|---|---|---|---|---|---|")
        for d in ds[: args.max_rows]:
            extra = ""
            out.append("| %s | %s | %s | %s | %s | %s%s |" % (d["service"], d["operation"], d["case"], d["part"], cell(d["ours"]), cell(d["theirs"]), extra))
        if len(ds) > args.max_rows:
            out.append("| … %d more | | | | | |" % (len(ds) - args.max_rows))
        out.append("")
    errs = [(s["service"], o["operation"], c["case"], c["error"]) for s in services for o in s.get("operations", []) for c in o["cases"] if c.get("error")]
    errs += [(s["service"], "-", "-", s["error"]) for s in services if s.get("error")]
    out.append("## Errors (%d)" % len(errs))
    out.append("")
    for e in errs:
        out.append("* %s %s (%s): %s" % (e[0], e[1], e[2], cell(e[3], 400)))
    out.append("")
    notes = {}
    for s in services:
        for o in s.get("operations", []):
            for c in o["cases"]:
                if c.get("note"):
                    msg = re.sub(r"at '[^']*'", "at '…'", c["note"])
                    notes.setdefault(msg, {}).setdefault(s["service"], set()).add(o["operation"])
    out.append("## Requests sent, answer refused (%d kinds)" % len(notes))
    out.append("")
    out.append("Not part of the comparison (the request was captured and compared): our CLI exited "
               "non-zero on the capture server's `200 {}` answer.")
    out.append("")
    for msg, by in sorted(notes.items()):
        n = sum(len(v) for v in by.values())
        out.append("* %s: %d operations: %s" % (cell(msg, 200), n, "; ".join(
            "**%s** %s" % (sv, ", ".join(sorted(ops))) for sv, ops in sorted(by.items()))))
    out.append("")
    skipped = [(s["service"], o["operation"], o.get("reason", "")) for s in services for o in s.get("operations", []) if o["status"] == "skipped"]
    out.append("## Skipped (%d)" % len(skipped))
    out.append("")
    grouped = {}
    for sv, op, why in skipped:
        grouped.setdefault((sv, why), []).append(op)
    for (sv, why), ops in grouped.items():
        out.append("* **%s** (%s, %d): %s" % (sv, why, len(ops), ", ".join(ops)))
    out.append("")
    kinds = {}
    for s in services:
        for o in s.get("operations", []):
            for c in o["cases"]:
                for k in c.get("kinds", []):
                    kinds[k] = kinds.get(k, 0) + 1
    out.append("## Coverage: requests with each kind of member")
    out.append("")
    out.append(", ".join("%s %d" % (k, kinds[k]) for k in sorted(kinds)))
    out.append("")
    out.append("## Normalisation")
    out.append("")
    out.append(NORMALISATION)
    out.append("Headers left out:")
    out.append("")
    for k, why in IGNORED_HEADERS.items():
        out.append("* `%s`: %s" % (k, why))
    out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runner", required=True)
    ap.add_argument("--service", action="append", default=[], help="IDENT:BOTOCORE_NAME:SMITHY_MODEL")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--cases", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--max-ops", type=int, default=0)
    ap.add_argument("--max-rows", type=int, default=60)
    ap.add_argument("--json")
    ap.add_argument("--report")
    args = ap.parse_args()
    if not args.service:
        ap.error("no --service")
    capture = Capture()
    server = make_server(capture)
    port = server.server_address[1]
    services = []
    for spec in args.service:
        ident, boto_name, model_path = spec.split(":", 2)
        started = time.time()
        try:
            s = run_service(args, ident, boto_name, model_path, port, capture)
        except Exception as e:  # one service's failure must not stop the rest
            s = {"service": ident, "botocore": boto_name, "error": "%s: %s" % (type(e).__name__, e), "operations": []}
        s["secs"] = round(time.time() - started, 1)
        services.append(s)
        r = summarise([s])[0]
        print("botocore-diff: %-28s %4d compared, %4d identical, %4d differing, %3d errors, %3d skipped (%.0f s)" % (
            ident, r["compared"], r["identical"], r["differing"], r["errors"], r["skipped"], s["secs"]), flush=True)
    server.shutdown()
    rows = summarise(services)
    print(table(rows))
    if args.json:
        def enc(o):
            if isinstance(o, bytes):
                return base64.b64encode(o).decode()
            raise TypeError(type(o))

        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"rows": rows, "services": services}, f, indent=1, default=enc)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(report(args, services, rows))
    unexplained = [d for s in services for o in s.get("operations", []) for c in o["cases"] for d in c["diffs"] if not d["cause"]]
    errors = sum(r["errors"] for r in rows)
    causes = {}
    for s in services:
        for o in s.get("operations", []):
            for c in o["cases"]:
                for d in c["diffs"]:
                    causes[d["cause"] or "unexplained"] = causes.get(d["cause"] or "unexplained", 0) + 1
    for k in sorted(causes):
        print("botocore-diff: cause %s: %d" % (k, causes[k]))
    print("botocore-diff: %d unexplained difference(s), %d error(s)" % (len(unexplained), errors))
    return 1 if unexplained or errors else 0


if __name__ == "__main__":
    sys.exit(main())
