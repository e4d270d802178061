//! A backtracking matcher with ECMA-262 semantics and a step budget, for the
//! patterns that need one (backreferences, lookaround) or that `regex-lite`
//! declines (counted repetitions past its size limit).
//!
//! The parsed pattern is compiled to a small program; the matcher keeps
//! captures and loop counters in arrays and every change to them on an undo
//! stack shared with the choice points, so backtracking restores them. Each
//! instruction executed, each undo record popped and each character compared
//! by a backreference costs one step; when a search has used its budget it
//! stops with [`Exhausted`]. The stack grows by at most one record per step,
//! so memory is bounded by the budget too.

use super::parse::{Assertion, CharSet, Node};

/// The search ran out of steps before it had an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Exhausted;

#[derive(Debug, Clone)]
enum Inst {
    /// Consume one character in the set (backwards inside a lookbehind).
    Set {
        set: usize,
        back: bool,
    },
    Assert(Assertion),
    /// Try `first`, and on failure `second`.
    Split {
        first: usize,
        second: usize,
    },
    Jmp(usize),
    /// Record the position in capture slot `slot`.
    Save(usize),
    BackRef {
        group: usize,
        back: bool,
    },
    /// Run the body at `body` (which ends with `Match`) as a lookaround.
    Look {
        negate: bool,
        body: usize,
        next: usize,
    },
    /// Reset loop `id`'s iteration count.
    LoopInit {
        id: usize,
    },
    /// Decide whether loop `id` runs another iteration.
    LoopCheck {
        id: usize,
        min: u32,
        max: Option<u32>,
        greedy: bool,
        enter: usize,
        exit: usize,
    },
    /// Start an iteration: remember where, and clear the loop's captures.
    LoopEnter {
        id: usize,
        caps: (usize, usize),
    },
    /// End an iteration; one past the minimum that matched nothing fails.
    LoopEnd {
        id: usize,
        min: u32,
        check: usize,
    },
    Match,
}

/// A compiled backtracking program.
#[derive(Debug, Clone)]
pub(super) struct Program {
    insts: Vec<Inst>,
    sets: Vec<CharSet>,
    groups: usize,
    loops: usize,
}

impl Program {
    pub(super) fn new(node: &Node, groups: usize) -> Self {
        let mut p = Program {
            insts: Vec::new(),
            sets: Vec::new(),
            groups,
            loops: 0,
        };
        p.compile(node, false);
        p.insts.push(Inst::Match);
        p
    }

    fn here(&self) -> usize {
        self.insts.len()
    }

    fn compile(&mut self, node: &Node, back: bool) {
        match node {
            Node::Empty => {}
            Node::Set(set) => {
                self.sets.push(set.clone());
                let set = self.sets.len() - 1;
                self.insts.push(Inst::Set { set, back });
            }
            Node::Seq(nodes) => {
                if back {
                    nodes.iter().rev().for_each(|n| self.compile(n, back));
                } else {
                    nodes.iter().for_each(|n| self.compile(n, back));
                }
            }
            Node::Alt(nodes) => {
                let mut jumps = Vec::new();
                for (i, n) in nodes.iter().enumerate() {
                    if i + 1 < nodes.len() {
                        let split = self.here();
                        self.insts.push(Inst::Split {
                            first: split + 1,
                            second: 0,
                        });
                        self.compile(n, back);
                        jumps.push(self.here());
                        self.insts.push(Inst::Jmp(0));
                        let next = self.here();
                        if let Inst::Split { second, .. } = &mut self.insts[split] {
                            *second = next;
                        }
                    } else {
                        self.compile(n, back);
                    }
                }
                let end = self.here();
                for j in jumps {
                    self.insts[j] = Inst::Jmp(end);
                }
            }
            Node::Group(None, inner) => self.compile(inner, back),
            Node::Group(Some(g), inner) => {
                // Captures are stored as (start, end) whichever way we move.
                let (first, last) = if back {
                    (2 * g + 1, 2 * g)
                } else {
                    (2 * g, 2 * g + 1)
                };
                self.insts.push(Inst::Save(first));
                self.compile(inner, back);
                self.insts.push(Inst::Save(last));
            }
            Node::Repeat {
                node: inner,
                min,
                max,
                greedy,
            } => {
                let id = self.loops;
                self.loops += 1;
                let caps = inner.capture_range().unwrap_or((0, 0));
                self.insts.push(Inst::LoopInit { id });
                let check = self.here();
                self.insts.push(Inst::LoopCheck {
                    id,
                    min: *min,
                    max: *max,
                    greedy: *greedy,
                    enter: check + 1,
                    exit: 0,
                });
                self.insts.push(Inst::LoopEnter { id, caps });
                self.compile(inner, back);
                self.insts.push(Inst::LoopEnd {
                    id,
                    min: *min,
                    check,
                });
                let end = self.here();
                if let Inst::LoopCheck { exit, .. } = &mut self.insts[check] {
                    *exit = end;
                }
            }
            Node::Assert(a) => self.insts.push(Inst::Assert(*a)),
            Node::BackRef(group) => self.insts.push(Inst::BackRef {
                group: *group,
                back,
            }),
            Node::Look {
                behind,
                negate,
                node: inner,
            } => {
                let at = self.here();
                self.insts.push(Inst::Look {
                    negate: *negate,
                    body: at + 1,
                    next: 0,
                });
                self.compile(inner, *behind);
                self.insts.push(Inst::Match);
                let end = self.here();
                if let Inst::Look { next, .. } = &mut self.insts[at] {
                    *next = end;
                }
            }
        }
    }

    /// Whether the program matches anywhere in `text`, within `budget` steps.
    pub(super) fn is_match(&self, text: &str, budget: u64) -> Result<bool, Exhausted> {
        let input: Vec<char> = text.chars().collect();
        let mut vm = Vm {
            prog: self,
            input: &input,
            caps: vec![None; 2 * (self.groups + 1)],
            loops: vec![(0, 0); self.loops],
            stack: Vec::new(),
            steps_left: budget,
        };
        for start in 0..=input.len() {
            vm.caps.iter_mut().for_each(|c| *c = None);
            vm.stack.clear();
            if vm.run(0, start)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

enum Frame {
    /// A choice point: resume at `pc`, `pos`.
    Choice { pc: usize, pos: usize },
    /// Undo: capture slot `slot` was `old`.
    Cap { slot: usize, old: Option<usize> },
    /// Undo: loop `id` had these iteration count and entry position.
    Loop { id: usize, count: u32, entry: usize },
}

struct Vm<'a> {
    prog: &'a Program,
    input: &'a [char],
    caps: Vec<Option<usize>>,
    loops: Vec<(u32, usize)>,
    stack: Vec<Frame>,
    steps_left: u64,
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Vm<'_> {
    fn step(&mut self, n: u64) -> Result<(), Exhausted> {
        self.steps_left = self.steps_left.checked_sub(n).ok_or(Exhausted)?;
        Ok(())
    }

    fn set_cap(&mut self, slot: usize, value: Option<usize>) {
        let old = self.caps[slot];
        self.stack.push(Frame::Cap { slot, old });
        self.caps[slot] = value;
    }

    fn save_loop(&mut self, id: usize) {
        let (count, entry) = self.loops[id];
        self.stack.push(Frame::Loop { id, count, entry });
    }

    /// Pops to the newest choice point above `base`, undoing changes;
    /// returns where to resume, or `None` if none is left.
    fn backtrack(&mut self, base: usize) -> Result<Option<(usize, usize)>, Exhausted> {
        while self.stack.len() > base {
            self.step(1)?;
            match self.stack.pop() {
                Some(Frame::Choice { pc, pos }) => return Ok(Some((pc, pos))),
                Some(Frame::Cap { slot, old }) => self.caps[slot] = old,
                Some(Frame::Loop { id, count, entry }) => self.loops[id] = (count, entry),
                None => break,
            }
        }
        Ok(None)
    }

    /// Undoes every change above `base`, choice points included.
    fn unwind(&mut self, base: usize) -> Result<(), Exhausted> {
        while self.backtrack(base)?.is_some() {}
        Ok(())
    }

    /// Runs from `pc` at `pos` until `Match` (true) or every choice above
    /// the current stack height has failed (false).
    fn run(&mut self, mut pc: usize, mut pos: usize) -> Result<bool, Exhausted> {
        let base = self.stack.len();
        loop {
            self.step(1)?;
            let prog = self.prog;
            let ok = match &prog.insts[pc] {
                Inst::Match => return Ok(true),
                Inst::Set { set, back } => {
                    let set = &prog.sets[*set];
                    if *back {
                        match pos.checked_sub(1) {
                            Some(p) if set.contains(self.input[p]) => {
                                pos = p;
                                pc += 1;
                                true
                            }
                            _ => false,
                        }
                    } else {
                        match self.input.get(pos) {
                            Some(&c) if set.contains(c) => {
                                pos += 1;
                                pc += 1;
                                true
                            }
                            _ => false,
                        }
                    }
                }
                Inst::Assert(a) => {
                    let before = pos.checked_sub(1).is_some_and(|p| is_word(self.input[p]));
                    let after = self.input.get(pos).is_some_and(|&c| is_word(c));
                    let holds = match a {
                        Assertion::Start => pos == 0,
                        Assertion::End => pos == self.input.len(),
                        Assertion::WordBoundary => before != after,
                        Assertion::NotWordBoundary => before == after,
                    };
                    pc += 1;
                    holds
                }
                Inst::Split { first, second } => {
                    self.stack.push(Frame::Choice { pc: *second, pos });
                    pc = *first;
                    true
                }
                Inst::Jmp(to) => {
                    pc = *to;
                    true
                }
                Inst::Save(slot) => {
                    let slot = *slot;
                    self.set_cap(slot, Some(pos));
                    pc += 1;
                    true
                }
                Inst::BackRef { group, back } => {
                    let (group, back) = (*group, *back);
                    pc += 1;
                    match (self.caps[2 * group], self.caps[2 * group + 1]) {
                        (Some(s), Some(e)) if e > s => {
                            let len = e - s;
                            self.step(len as u64)?;
                            let from = if back {
                                pos.checked_sub(len)
                            } else {
                                Some(pos)
                            };
                            match from {
                                Some(f)
                                    if f + len <= self.input.len()
                                        && self.input[f..f + len] == self.input[s..e] =>
                                {
                                    pos = if back { f } else { f + len };
                                    true
                                }
                                _ => false,
                            }
                        }
                        // An unset (or empty) group matches the empty string.
                        _ => true,
                    }
                }
                Inst::Look { negate, body, next } => {
                    let (negate, body, next) = (*negate, *body, *next);
                    let inner_base = self.stack.len();
                    let matched = self.run(body, pos)?;
                    if matched {
                        if negate {
                            self.unwind(inner_base)?;
                        } else {
                            // Keep the body's captures (their undo records
                            // stay) but none of its choice points.
                            let body_frames = self.stack.split_off(inner_base);
                            self.stack.extend(
                                body_frames
                                    .into_iter()
                                    .filter(|f| !matches!(f, Frame::Choice { .. })),
                            );
                        }
                    }
                    pc = next;
                    matched != negate
                }
                Inst::LoopInit { id } => {
                    let id = *id;
                    self.save_loop(id);
                    self.loops[id].0 = 0;
                    pc += 1;
                    true
                }
                Inst::LoopCheck {
                    id,
                    min,
                    max,
                    greedy,
                    enter,
                    exit,
                } => {
                    let n = self.loops[*id].0;
                    if max.is_some_and(|m| n >= m) {
                        pc = *exit;
                    } else if n < *min {
                        pc = *enter;
                    } else if *greedy {
                        self.stack.push(Frame::Choice { pc: *exit, pos });
                        pc = *enter;
                    } else {
                        self.stack.push(Frame::Choice { pc: *enter, pos });
                        pc = *exit;
                    }
                    true
                }
                Inst::LoopEnter { id, caps } => {
                    let (id, (lo, hi)) = (*id, *caps);
                    self.save_loop(id);
                    self.loops[id].1 = pos;
                    self.step(2 * (hi - lo) as u64)?;
                    for slot in 2 * lo..2 * hi {
                        if self.caps[slot].is_some() {
                            self.set_cap(slot, None);
                        }
                    }
                    pc += 1;
                    true
                }
                Inst::LoopEnd { id, min, check } => {
                    let (id, min, check) = (*id, *min, *check);
                    let (count, entry) = self.loops[id];
                    if count >= min && pos == entry {
                        false
                    } else {
                        self.save_loop(id);
                        self.loops[id].0 = count.saturating_add(1);
                        pc = check;
                        true
                    }
                }
            };
            if !ok {
                match self.backtrack(base)? {
                    Some((p, q)) => {
                        pc = p;
                        pos = q;
                    }
                    None => return Ok(false),
                }
            }
        }
    }
}
