//! Recursion in the shape graph, in time linear in the number of shapes and
//! members and without recursion in the generator itself:
//!
//! - members that must be boxed: a structure or union that contains itself
//!   through other structures and unions (not through a list or map, which
//!   already allocate) would have infinite size;
//! - lists and maps that contain themselves through lists and maps only
//!   (`list L { member: L }`): Rust spells a list as `Vec<item>`, so such a
//!   type would be infinite; a structure or union in the cycle names it;
//! - lists and maps nested deeper than [`MAX_COLLECTION_NESTING`] without a
//!   structure or union between them;
//! - structures that require themselves: a cycle of `@required` members
//!   without `@default` through structures has no finite value (Smithy's
//!   own validator refuses it too).

use crate::diag::Diagnostics;
use crate::ir::{Kind, Shape, ShapeRef};

/// The deepest nesting of lists and maps directly in each other (a list of
/// lists of ... ) that the generator accepts. Each level is spelled inline in
/// the Rust type (`Vec<Vec<...>>`) of every reader, writer and validator of
/// the levels above it, so the output grows with the square of the depth;
/// real models nest two or three levels. Nesting through structures and
/// unions (each a named type) has no limit.
pub const MAX_COLLECTION_NESTING: usize = 64;

fn is_aggregate(k: &Kind) -> bool {
    matches!(k, Kind::Structure { .. } | Kind::Union { .. })
}

fn is_collection(k: &Kind) -> bool {
    matches!(k, Kind::List { .. } | Kind::Map { .. })
}

/// Every member target of a shape (list member, map key and value, or
/// structure/union members), in order.
fn targets(s: &Shape) -> Vec<ShapeRef> {
    match &s.kind {
        Kind::List { member, .. } => vec![member.target],
        Kind::Map { key, value, .. } => vec![key.target, value.target],
        Kind::Structure { members, .. } | Kind::Union { members } => {
            members.iter().map(|m| m.target).collect()
        }
        _ => vec![],
    }
}

/// Strongly connected components of a graph given as adjacency lists
/// (Tarjan's algorithm with an explicit stack): `component[v]` for each node.
pub(super) fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    // (node, next edge to look at)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if *e == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*e) {
                *e += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// True if edge `from -> to` lies on a cycle of the graph whose components are `c`.
fn on_cycle(c: &[usize], from: usize, to: usize) -> bool {
    c[from] == c[to]
}

/// Sets `boxed` on every member whose target leads back to its owner
/// through direct structure/union members only.
pub(super) fn mark_boxed(shapes: &mut [Shape]) {
    let direct: Vec<Vec<usize>> = shapes
        .iter()
        .map(|s| {
            s.kind
                .members()
                .iter()
                .map(|m| m.target.0 as usize)
                .filter(|&t| is_aggregate(&shapes[t].kind))
                .collect()
        })
        .collect();
    let c = components(&direct);
    let boxed: Vec<Vec<bool>> = shapes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.kind
                .members()
                .iter()
                .map(|m| {
                    let t = m.target.0 as usize;
                    is_aggregate(&shapes[t].kind) && on_cycle(&c, i, t)
                })
                .collect()
        })
        .collect();
    for (shape, flags) in shapes.iter_mut().zip(boxed) {
        if let Kind::Structure { members, .. } | Kind::Union { members } = &mut shape.kind {
            for (m, b) in members.iter_mut().zip(flags) {
                m.boxed = b;
            }
        }
    }
}

/// Reports lists and maps that contain themselves through lists and maps
/// only, and list/map nesting deeper than [`MAX_COLLECTION_NESTING`].
pub(super) fn check_collections(shapes: &[Shape], diags: &mut Diagnostics) {
    let n = shapes.len();
    let edges: Vec<Vec<usize>> = shapes
        .iter()
        .map(|s| {
            if !is_collection(&s.kind) {
                return vec![];
            }
            targets(s)
                .into_iter()
                .map(|t| t.0 as usize)
                .filter(|&t| is_collection(&shapes[t].kind))
                .collect()
        })
        .collect();
    let c = components(&edges);
    let mut cyclic = vec![false; n];
    for (v, out) in edges.iter().enumerate() {
        if out.iter().any(|&w| w == v || on_cycle(&c, v, w)) {
            cyclic[v] = true;
            diags.shape(
                &shapes[v].id,
                "contains itself through lists and maps only, which has no Rust type; \
                 put a structure or union in the cycle",
            );
        }
    }
    // Nesting depth of each acyclic list/map, children first (iterative post-order).
    let mut depth = vec![0usize; n];
    let mut done = vec![false; n];
    for root in 0..n {
        if edges[root].is_empty() && !is_collection(&shapes[root].kind) {
            continue;
        }
        let mut work = vec![(root, false)];
        while let Some((v, expanded)) = work.pop() {
            if done[v] || cyclic[v] {
                continue;
            }
            if expanded {
                let below = edges[v]
                    .iter()
                    .filter(|&&w| !cyclic[w])
                    .map(|&w| depth[w])
                    .max()
                    .unwrap_or(0);
                depth[v] = below + 1;
                done[v] = true;
            } else {
                work.push((v, true));
                work.extend(edges[v].iter().filter(|&&w| !done[w]).map(|&w| (w, false)));
            }
        }
    }
    for (v, &d) in depth.iter().enumerate() {
        // Report the outermost too-deep shapes only (their parents are deeper still,
        // so report where the limit is first crossed, from the bottom).
        if d == MAX_COLLECTION_NESTING + 1 {
            diags.shape(
                &shapes[v].id,
                format!(
                    "lists and maps are nested {d} levels deep here without a structure or \
                     union between them; the generator accepts at most {MAX_COLLECTION_NESTING} \
                     (each level is spelled out in every Rust type above it)"
                ),
            );
        }
    }
}

/// Reports structures that require themselves: a cycle of `@required`
/// members without a default through structures.
pub(super) fn check_required_cycles(shapes: &[Shape], diags: &mut Diagnostics) {
    let edges: Vec<Vec<usize>> = shapes
        .iter()
        .map(|s| match &s.kind {
            Kind::Structure { members, .. } => members
                .iter()
                .filter(|m| m.required && m.default.is_none())
                .map(|m| m.target.0 as usize)
                .filter(|&t| matches!(shapes[t].kind, Kind::Structure { .. }))
                .collect(),
            _ => vec![],
        })
        .collect();
    let c = components(&edges);
    for (v, s) in shapes.iter().enumerate() {
        for m in s.kind.members() {
            let t = m.target.0 as usize;
            if m.required
                && m.default.is_none()
                && matches!(s.kind, Kind::Structure { .. })
                && matches!(shapes[t].kind, Kind::Structure { .. })
                && on_cycle(&c, v, t)
            {
                diags.shape(
                    format!("{}${}", s.id, m.name),
                    format!(
                        "is @required and leads back to {} through @required members only, so \
                         no value of it can be built; make a member of the cycle optional or \
                         give it a @default",
                        s.id
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn components_of_a_long_chain_and_a_cycle() {
        // 0 -> 1 -> 2 -> 0, 3 -> 4, and a 100,000-long chain after that.
        let mut edges = vec![vec![1], vec![2], vec![0], vec![4], vec![]];
        let n = 100_000;
        for i in 0..n {
            edges.push(if i + 1 < n { vec![5 + i + 1] } else { vec![] });
        }
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[4]);
        assert_ne!(c[5], c[6]);
    }
}
