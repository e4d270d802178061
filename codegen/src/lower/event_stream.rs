//! Lowering of event streams: each `@streaming` union of the closure, its
//! events (headers and payload of each) and its modeled errors.

use std::collections::BTreeMap;

use super::Lowering;
use crate::ir::{self, EventHeaderKind, EventPayload, ShapeRef};
use crate::smithy::ast::Shape as AstShape;
use crate::smithy::traits;

/// Every `@streaming` union of the closure, by union. Where an event
/// structure cannot be sent as a message (two `@eventPayload` members, a
/// header of a type messages cannot carry, ...) a diagnostic names it.
pub(super) fn lower(cx: &mut Lowering<'_>) -> BTreeMap<ShapeRef, ir::EventStream> {
    let mut out = BTreeMap::new();
    let ids: Vec<(String, ShapeRef)> = cx.refs.iter().map(|(k, v)| (k.clone(), *v)).collect();
    for (id, r) in ids {
        let Some(AstShape::Union(u)) = cx.get(&id) else {
            continue;
        };
        if !u.traits.contains_key(traits::STREAMING) {
            continue;
        }
        let mut events = Vec::new();
        let mut errors = Vec::new();
        for (i, (name, m)) in u.members.iter().enumerate() {
            let member_id = format!("{id}${name}");
            let Some(target) = cx.shape_ref(&m.target) else {
                continue;
            };
            match cx.get(&m.target) {
                Some(AstShape::Structure(s)) if s.traits.contains_key(traits::ERROR) => {
                    errors.push(ir::EventError { member: i, target });
                }
                Some(AstShape::Structure(s)) => {
                    if let Some(event) = lower_event(cx, &m.target, &s, i, target) {
                        events.push(event);
                    }
                }
                _ => cx.diags.shape(
                    &member_id,
                    format!(
                        "a member of an event stream must target a structure (an event or an \
                         @error), found {}",
                        m.target
                    ),
                ),
            }
        }
        out.insert(
            r,
            ir::EventStream {
                union: r,
                events,
                errors,
            },
        );
    }
    check_event_traits(cx);
    out
}

fn lower_event(
    cx: &mut Lowering<'_>,
    id: &str,
    s: &crate::smithy::ast::Aggregate,
    member: usize,
    target: ShapeRef,
) -> Option<ir::Event> {
    let mut headers = Vec::new();
    let mut payload = None;
    let mut rest = Vec::new();
    let mut ok = true;
    for (i, (name, m)) in s.members.iter().enumerate() {
        let member_id = format!("{id}${name}");
        let header = m.traits.contains_key(traits::EVENT_HEADER);
        let explicit = m.traits.contains_key(traits::EVENT_PAYLOAD);
        let target = cx.get(&m.target);
        if header && explicit {
            cx.diags.shape(
                &member_id,
                "a member cannot be both @eventHeader and @eventPayload",
            );
            ok = false;
        } else if header {
            let kind = match &target {
                Some(AstShape::Boolean(_)) => Some(EventHeaderKind::Boolean),
                Some(AstShape::Byte(_)) => Some(EventHeaderKind::Byte),
                Some(AstShape::Short(_)) => Some(EventHeaderKind::Short),
                Some(AstShape::Integer(_)) => Some(EventHeaderKind::Integer),
                Some(AstShape::Long(_)) => Some(EventHeaderKind::Long),
                Some(AstShape::Blob(_)) => Some(EventHeaderKind::Blob),
                Some(AstShape::String(t)) if !t.traits.contains_key(traits::ENUM) => {
                    Some(EventHeaderKind::String)
                }
                Some(AstShape::Timestamp(_)) => Some(EventHeaderKind::Timestamp),
                _ => None,
            };
            match kind {
                Some(kind) => headers.push(ir::EventHeader { member: i, kind }),
                None => {
                    cx.diags.shape(
                        &member_id,
                        format!(
                            "@eventHeader must target a boolean, byte, short, integer, long, \
                             blob, string or timestamp (the header types of an event \
                             message), found {}",
                            m.target
                        ),
                    );
                    ok = false;
                }
            }
        } else if explicit {
            let p = match &target {
                Some(AstShape::Blob(_)) => Some(EventPayload::Blob(i)),
                Some(AstShape::String(t)) if !t.traits.contains_key(traits::ENUM) => {
                    Some(EventPayload::Text(i))
                }
                Some(AstShape::Structure(_) | AstShape::Union(_)) => Some(EventPayload::Json(i)),
                _ => None,
            };
            match (p, &payload) {
                (Some(_), Some(_)) => {
                    cx.diags.shape(
                        id,
                        "an event structure can have only one @eventPayload member",
                    );
                    ok = false;
                }
                (Some(p), None) => payload = Some(p),
                (None, _) => {
                    cx.diags.shape(
                        &member_id,
                        format!(
                            "@eventPayload must target a blob, string, structure or union, \
                             found {}",
                            m.target
                        ),
                    );
                    ok = false;
                }
            }
        } else {
            rest.push((i, member_id));
        }
    }
    let payload = match payload {
        Some(p) => {
            for (_, member_id) in &rest {
                cx.diags.shape(
                    member_id,
                    "an event structure with an @eventPayload member can have no other \
                     members than @eventHeader ones",
                );
                ok = false;
            }
            p
        }
        None => EventPayload::Implicit(rest.into_iter().map(|(i, _)| i).collect()),
    };
    ok.then_some(ir::Event {
        member,
        target,
        headers,
        payload,
    })
}

/// `@eventHeader` and `@eventPayload` mean something only on the members of
/// an event structure: anywhere else they are reported (they would be
/// silently ignored).
fn check_event_traits(cx: &mut Lowering<'_>) {
    let ids: Vec<String> = cx.refs.keys().cloned().collect();
    let mut events = std::collections::BTreeSet::new();
    for id in &ids {
        if let Some(AstShape::Union(u)) = cx.get(id) {
            if u.traits.contains_key(traits::STREAMING) {
                events.extend(u.members.values().map(|m| m.target.clone()));
            }
        }
    }
    for id in &ids {
        let Some(AstShape::Structure(s) | AstShape::Union(s)) = cx.get(id) else {
            continue;
        };
        if events.contains(id) {
            continue;
        }
        for (name, m) in &s.members {
            for t in [traits::EVENT_HEADER, traits::EVENT_PAYLOAD] {
                if m.traits.contains_key(t) {
                    cx.diags.shape(
                        format!("{id}${name}"),
                        format!(
                            "{t} applies only to members of an event stream's event structures"
                        ),
                    );
                }
            }
        }
    }
}
