//! Finds the members that must be boxed: a structure or union that contains
//! itself through other structures and unions (not through a list or map,
//! which already allocate) would have infinite size.

use crate::ir::{Kind, Shape, ShapeRef};

/// Sets `boxed` on every member whose target leads back to its owner
/// through direct structure/union members only.
pub(super) fn mark_boxed(shapes: &mut [Shape]) {
    let n = shapes.len();
    let direct: Vec<Vec<ShapeRef>> = shapes
        .iter()
        .map(|s| match &s.kind {
            Kind::Structure { members, .. } | Kind::Union { members } => members
                .iter()
                .map(|m| m.target)
                .filter(|t| {
                    matches!(
                        shapes[t.0 as usize].kind,
                        Kind::Structure { .. } | Kind::Union { .. }
                    )
                })
                .collect(),
            _ => vec![],
        })
        .collect();
    let reaches = |from: ShapeRef, to: ShapeRef| -> bool {
        let mut seen = vec![false; n];
        let mut stack = vec![from];
        while let Some(s) = stack.pop() {
            if s == to {
                return true;
            }
            if std::mem::replace(&mut seen[s.0 as usize], true) {
                continue;
            }
            stack.extend(direct[s.0 as usize].iter().copied());
        }
        false
    };
    for i in 0..n {
        let owner = ShapeRef(i as u32);
        let boxed: Vec<bool> = direct_members(&shapes[i])
            .iter()
            .map(|&t| {
                matches!(
                    shapes[t.0 as usize].kind,
                    Kind::Structure { .. } | Kind::Union { .. }
                ) && reaches(t, owner)
            })
            .collect();
        if let Kind::Structure { members, .. } | Kind::Union { members } = &mut shapes[i].kind {
            for (m, b) in members.iter_mut().zip(boxed) {
                m.boxed = b;
            }
        }
    }
}

fn direct_members(s: &Shape) -> Vec<ShapeRef> {
    s.kind.members().iter().map(|m| m.target).collect()
}
