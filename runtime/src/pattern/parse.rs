//! ECMA-262 pattern syntax (no flags, so not Unicode mode: Annex B applies)
//! parsed into a small tree that both engines use.
//!
//! Matching is over the Unicode scalar values of a Rust string, as `regress`
//! matches a `&str`: `.` and every class match one scalar value, and a pair
//! of `\uHHHH` escapes that form a surrogate pair stands for the one scalar
//! value it encodes. A lone surrogate (`\uD800`) can never match.

use std::fmt;

/// The largest scalar value.
pub(super) const MAX_CHAR: u32 = 0x10_FFFF;

/// How deeply groups may nest. `regress`, which decides what is valid,
/// recurses on nesting and overflows a 2 MiB stack a few hundred levels
/// down; the check runs before it is called.
pub(super) const MAX_NESTING: usize = 100;

/// A set of code points as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    pub(super) fn one(c: u32) -> Self {
        Self::range(c, c)
    }

    pub(super) fn range(lo: u32, hi: u32) -> Self {
        Self {
            ranges: vec![(lo, hi)],
        }
    }

    fn from_ranges(ranges: &[(u32, u32)]) -> Self {
        let mut set = Self::default();
        for &(lo, hi) in ranges {
            set.add_range(lo, hi);
        }
        set
    }

    pub(super) fn add_range(&mut self, lo: u32, hi: u32) {
        self.ranges.push((lo, hi));
        self.normalize();
    }

    pub(super) fn add_set(&mut self, other: &CharSet) {
        self.ranges.extend_from_slice(&other.ranges);
        self.normalize();
    }

    fn normalize(&mut self) {
        self.ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(lo, hi) in &self.ranges {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        self.ranges = out;
    }

    /// Every code point not in the set.
    pub(super) fn complement(&self) -> Self {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX_CHAR && self.ranges.last().is_none_or(|&(_, hi)| hi < MAX_CHAR) {
            out.push((next, MAX_CHAR));
        }
        Self { ranges: out }
    }

    pub(super) fn contains(&self, c: char) -> bool {
        let c = c as u32;
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// The ranges with the surrogates (which no `&str` holds) taken out.
    pub(super) fn scalar_ranges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.ranges.iter().flat_map(|&(lo, hi)| {
            let below = (lo < 0xD800).then(|| (lo, hi.min(0xD7FF)));
            let above = (hi > 0xDFFF).then(|| (lo.max(0xE000), hi));
            below.into_iter().chain(above)
        })
    }
}

/// ECMA-262 `\d`.
pub(super) fn digit() -> CharSet {
    CharSet::range('0' as u32, '9' as u32)
}

/// ECMA-262 `\w` (ASCII only without the `u` and `i` flags).
pub(super) fn word() -> CharSet {
    CharSet::from_ranges(&[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
}

/// ECMA-262 `\s`: WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP, `Zs`) and
/// LineTerminator (LF, CR, LS, PS).
pub(super) fn space() -> CharSet {
    CharSet::from_ranges(&[
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

/// What ECMA-262 `.` matches without the `s` flag: all but line terminators.
pub(super) fn dot() -> CharSet {
    CharSet::from_ranges(&[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)]).complement()
}

/// A zero-width assertion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Assertion {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

/// A parsed pattern.
#[derive(Clone, Debug)]
pub(super) enum Node {
    Empty,
    /// One code point from the set.
    Set(CharSet),
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    /// A group; `Some(n)` captures as group `n` (from 1).
    Group(Option<usize>, Box<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        /// `None`: unbounded.
        max: Option<u32>,
        greedy: bool,
    },
    Assert(Assertion),
    BackRef(usize),
    Look {
        behind: bool,
        negate: bool,
        node: Box<Node>,
    },
}

impl Node {
    /// True if the node uses neither backreferences nor lookaround.
    pub(super) fn is_regular(&self) -> bool {
        match self {
            Node::Empty | Node::Set(_) | Node::Assert(_) => true,
            Node::Seq(v) | Node::Alt(v) => v.iter().all(Node::is_regular),
            Node::Group(_, n) | Node::Repeat { node: n, .. } => n.is_regular(),
            Node::BackRef(_) | Node::Look { .. } => false,
        }
    }

    /// True if the node can match the empty string (on some input, in some
    /// state: a backreference can, and so can every assertion).
    pub(super) fn nullable(&self) -> bool {
        match self {
            Node::Empty | Node::Assert(_) | Node::Look { .. } | Node::BackRef(_) => true,
            Node::Set(_) => false,
            Node::Seq(v) => v.iter().all(Node::nullable),
            Node::Alt(v) => v.iter().any(Node::nullable),
            Node::Group(_, n) => n.nullable(),
            Node::Repeat { node, min, .. } => *min == 0 || node.nullable(),
        }
    }

    /// True if a repetition whose body can match the empty string sits
    /// inside a repetition that can run more than once (`(?:(a|)+b){2}`,
    /// `((a|)*|)*b`), so one iteration of the outer loop enters the inner
    /// loop afresh while an earlier entry can still be backtracked into.
    pub(super) fn has_nullable_loop_in_loop(&self) -> bool {
        fn walk(n: &Node, in_loop: bool) -> bool {
            match n {
                Node::Empty | Node::Set(_) | Node::Assert(_) | Node::BackRef(_) => false,
                Node::Seq(v) | Node::Alt(v) => v.iter().any(|n| walk(n, in_loop)),
                Node::Group(_, n) | Node::Look { node: n, .. } => walk(n, in_loop),
                Node::Repeat { node, max, .. } => {
                    (in_loop && *max != Some(0) && node.nullable())
                        || walk(node, in_loop || max.is_none_or(|m| m >= 2))
                }
            }
        }
        walk(self, false)
    }

    /// The capture groups inside the node, as a half-open range.
    pub(super) fn capture_range(&self) -> Option<(usize, usize)> {
        fn walk(n: &Node, r: &mut Option<(usize, usize)>) {
            match n {
                Node::Group(g, inner) => {
                    if let Some(g) = *g {
                        *r = Some(r.map_or((g, g + 1), |(lo, hi)| (lo.min(g), hi.max(g + 1))));
                    }
                    walk(inner, r);
                }
                Node::Seq(v) | Node::Alt(v) => v.iter().for_each(|n| walk(n, r)),
                Node::Repeat { node, .. } | Node::Look { node, .. } => walk(node, r),
                Node::Empty | Node::Set(_) | Node::Assert(_) | Node::BackRef(_) => {}
            }
        }
        let mut r = None;
        walk(self, &mut r);
        r
    }
}

/// Why a pattern was not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParseError(pub(super) String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(msg.into()))
}

/// A parsed pattern and its number of capture groups.
pub(super) struct Parsed {
    pub(super) node: Node,
    pub(super) groups: usize,
}

/// What a scan of the pattern finds before parsing: the capture groups
/// (their number and names) and the deepest group nesting.
struct Scan {
    groups: usize,
    names: Vec<(String, usize)>,
    depth: usize,
}

fn scan(chars: &[char]) -> Scan {
    let mut s = Scan {
        groups: 0,
        names: Vec::new(),
        depth: 0,
    };
    let mut depth = 0usize;
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => {
                depth += 1;
                s.depth = s.depth.max(depth);
                if chars.get(i + 1) != Some(&'?') {
                    s.groups += 1;
                } else if chars.get(i + 2) == Some(&'<')
                    && !matches!(chars.get(i + 3), Some('=') | Some('!'))
                {
                    s.groups += 1;
                    let name: String = chars[i + 3..].iter().take_while(|&&c| c != '>').collect();
                    s.names.push((name, s.groups));
                }
            }
            ')' if !in_class => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    s
}

/// The deepest group nesting in `pattern`.
pub(super) fn nesting(pattern: &str) -> usize {
    let chars: Vec<char> = pattern.chars().collect();
    scan(&chars).depth
}

/// Parses an ECMA-262 pattern (no flags).
pub(super) fn parse(pattern: &str) -> Result<Parsed, ParseError> {
    let chars: Vec<char> = pattern.chars().collect();
    let s = scan(&chars);
    if s.depth > MAX_NESTING {
        return err(format!("groups nested more than {MAX_NESTING} deep"));
    }
    let mut p = Parser {
        chars,
        pos: 0,
        groups: s.groups,
        names: s.names,
        next_group: 0,
    };
    let node = p.disjunction()?;
    if p.pos != p.chars.len() {
        return err("unmatched ')'");
    }
    Ok(Parsed {
        node,
        groups: p.groups,
    })
}

/// An atom inside a character class: one code point or a class escape.
enum ClassAtom {
    Char(u32),
    Set(CharSet),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    groups: usize,
    names: Vec<(String, usize)>,
    next_group: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn disjunction(&mut self) -> Result<Node, ParseError> {
        let mut alts = vec![self.alternative()?];
        while self.eat('|') {
            alts.push(self.alternative()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn alternative(&mut self) -> Result<Node, ParseError> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Seq(terms),
        })
    }

    fn term(&mut self) -> Result<Node, ParseError> {
        let c = self.peek().unwrap_or('\0');
        let (atom, quantifiable) = match c {
            '^' => {
                self.pos += 1;
                (Node::Assert(Assertion::Start), false)
            }
            '$' => {
                self.pos += 1;
                (Node::Assert(Assertion::End), false)
            }
            '\\' if self.at(1) == Some('b') => {
                self.pos += 2;
                (Node::Assert(Assertion::WordBoundary), true)
            }
            '\\' if self.at(1) == Some('B') => {
                self.pos += 2;
                (Node::Assert(Assertion::NotWordBoundary), true)
            }
            '(' => self.group()?,
            '.' => {
                self.pos += 1;
                (Node::Set(dot()), true)
            }
            '[' => (Node::Set(self.class()?), true),
            '\\' => {
                self.pos += 1;
                (self.atom_escape()?, true)
            }
            '*' | '+' | '?' => return err("nothing to repeat"),
            '{' if self.braced_quantifier().is_some() => return err("nothing to repeat"),
            c => {
                self.pos += 1;
                (Node::Set(CharSet::one(c as u32)), true)
            }
        };
        let Some((min, max)) = self.quantifier()? else {
            return Ok(atom);
        };
        if !quantifiable {
            return err("quantifier not allowed here");
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position: its bounds and length.
    fn braced_quantifier(&self) -> Option<(u32, Option<u32>, usize)> {
        let mut i = self.pos;
        if self.chars.get(i) != Some(&'{') {
            return None;
        }
        i += 1;
        let number = |i: &mut usize| -> Option<u32> {
            let start = *i;
            let mut v: u64 = 0;
            while let Some(d) = self.chars.get(*i).and_then(|c| c.to_digit(10)) {
                v = (v * 10 + u64::from(d)).min(u64::from(u32::MAX));
                *i += 1;
            }
            (*i > start).then_some(v as u32)
        };
        let min = number(&mut i)?;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            number(&mut i)
        } else {
            Some(min)
        };
        (self.chars.get(i) == Some(&'}')).then_some((min, max, i + 1 - self.pos))
    }

    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, ParseError> {
        let q = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braced_quantifier() {
                Some((min, max, len)) => {
                    if max.is_some_and(|m| m < min) {
                        return err("numbers out of order in quantifier");
                    }
                    self.pos += len - 1;
                    (min, max)
                }
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some(q))
    }

    fn group(&mut self) -> Result<(Node, bool), ParseError> {
        self.pos += 1;
        let (kind, quantifiable) = if self.eat('?') {
            match (self.peek(), self.at(1)) {
                (Some(':'), _) => {
                    self.pos += 1;
                    (GroupKind::Plain(None), true)
                }
                (Some('='), _) | (Some('!'), _) => {
                    let negate = self.peek() == Some('!');
                    self.pos += 1;
                    (GroupKind::Look(false, negate), true)
                }
                (Some('<'), Some('=')) | (Some('<'), Some('!')) => {
                    let negate = self.at(1) == Some('!');
                    self.pos += 2;
                    (GroupKind::Look(true, negate), false)
                }
                (Some('<'), _) => {
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c != '>') {
                        self.pos += 1;
                    }
                    if !self.eat('>') {
                        return err("unterminated group name");
                    }
                    self.next_group += 1;
                    (GroupKind::Plain(Some(self.next_group)), true)
                }
                _ => return err("unsupported group syntax (modifiers are not supported)"),
            }
        } else {
            self.next_group += 1;
            (GroupKind::Plain(Some(self.next_group)), true)
        };
        let inner = self.disjunction()?;
        if !self.eat(')') {
            return err("unterminated group");
        }
        let node = match kind {
            GroupKind::Plain(index) => Node::Group(index, Box::new(inner)),
            GroupKind::Look(behind, negate) => Node::Look {
                behind,
                negate,
                node: Box::new(inner),
            },
        };
        Ok((node, quantifiable))
    }

    /// After a backslash outside a class (`\b` and `\B` are handled by the caller).
    fn atom_escape(&mut self) -> Result<Node, ParseError> {
        let Some(c) = self.peek() else {
            return err("\\ at end of pattern");
        };
        if c.is_ascii_digit() && c != '0' {
            let start = self.pos;
            let mut n: usize = 0;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d as usize);
                self.pos += 1;
            }
            if n <= self.groups {
                return Ok(Node::BackRef(n));
            }
            self.pos = start;
        }
        if c == 'k' && !self.names.is_empty() {
            self.pos += 1;
            if !self.eat('<') {
                return err("\\k without a group name");
            }
            let start = self.pos;
            while self.peek().is_some_and(|c| c != '>') {
                self.pos += 1;
            }
            let name: String = self.chars[start..self.pos].iter().collect();
            if !self.eat('>') {
                return err("unterminated group name");
            }
            return match self.names.iter().find(|(n, _)| *n == name) {
                Some(&(_, index)) => Ok(Node::BackRef(index)),
                None => err(format!("no group named {name}")),
            };
        }
        Ok(match self.char_escape(false)? {
            ClassAtom::Char(c) => Node::Set(CharSet::one(c)),
            ClassAtom::Set(s) => Node::Set(s),
        })
    }

    /// A character or class escape after a backslash, inside or outside a
    /// class (backreferences, `\k<name>`, `\b` and `\B` are handled before).
    fn char_escape(&mut self, in_class: bool) -> Result<ClassAtom, ParseError> {
        let Some(c) = self.peek() else {
            return err("\\ at end of pattern");
        };
        self.pos += 1;
        let ch = |c: char| Ok(ClassAtom::Char(c as u32));
        match c {
            'd' => Ok(ClassAtom::Set(digit())),
            'D' => Ok(ClassAtom::Set(digit().complement())),
            'w' => Ok(ClassAtom::Set(word())),
            'W' => Ok(ClassAtom::Set(word().complement())),
            's' => Ok(ClassAtom::Set(space())),
            'S' => Ok(ClassAtom::Set(space().complement())),
            'f' => ch('\u{0C}'),
            'n' => ch('\n'),
            'r' => ch('\r'),
            't' => ch('\t'),
            'v' => ch('\u{0B}'),
            'b' if in_class => ch('\u{08}'),
            'c' => match self.peek() {
                Some(l)
                    if l.is_ascii_alphabetic()
                        || (in_class && (l.is_ascii_digit() || l == '_')) =>
                {
                    self.pos += 1;
                    Ok(ClassAtom::Char(l as u32 % 32))
                }
                // Annex B: `\c` without a control letter is a backslash, and
                // the `c` is read again as itself.
                _ => {
                    self.pos -= 1;
                    ch('\\')
                }
            },
            '0'..='7' => {
                // `\0` not followed by a digit, or an Annex B legacy octal
                // escape: up to three octal digits worth at most 0o377.
                let mut v = c.to_digit(8).unwrap_or(0);
                if let Some(d) = self.peek().and_then(|c| c.to_digit(8)) {
                    v = v * 8 + d;
                    self.pos += 1;
                    if c <= '3' {
                        if let Some(d) = self.peek().and_then(|c| c.to_digit(8)) {
                            v = v * 8 + d;
                            self.pos += 1;
                        }
                    }
                }
                Ok(ClassAtom::Char(v))
            }
            'x' => match self.hex(2) {
                Some(v) => Ok(ClassAtom::Char(v)),
                None => ch('x'),
            },
            'u' => match self.hex(4) {
                Some(hi @ 0xD800..=0xDBFF) => {
                    if self.peek() == Some('\\') && self.at(1) == Some('u') {
                        let save = self.pos;
                        self.pos += 2;
                        if let Some(lo @ 0xDC00..=0xDFFF) = self.hex(4) {
                            return Ok(ClassAtom::Char(
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                            ));
                        }
                        self.pos = save;
                    }
                    Ok(ClassAtom::Char(hi))
                }
                Some(v) => Ok(ClassAtom::Char(v)),
                // Without the `u` flag `\u{...}` is a `u` (then `{...}`).
                None => ch('u'),
            },
            // Identity escape: the character itself (`\<` is `<`, `\8` is `8`).
            c => ch(c),
        }
    }

    fn hex(&mut self, n: usize) -> Option<u32> {
        let digits = self.chars.get(self.pos..self.pos + n)?;
        let mut v = 0;
        for d in digits {
            v = v * 16 + d.to_digit(16)?;
        }
        self.pos += n;
        Some(v)
    }

    fn class(&mut self) -> Result<CharSet, ParseError> {
        self.pos += 1;
        let negate = self.eat('^');
        let mut set = CharSet::default();
        loop {
            match self.peek() {
                None => return err("unterminated character class"),
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {}
            }
            let a = self.class_atom()?;
            if self.peek() == Some('-') && self.at(1).is_some_and(|c| c != ']') {
                self.pos += 1;
                let b = self.class_atom()?;
                match (a, b) {
                    (ClassAtom::Char(lo), ClassAtom::Char(hi)) => {
                        if lo > hi {
                            return err("range out of order in character class");
                        }
                        set.add_range(lo, hi);
                    }
                    // Annex B: a range with a class escape at either end is
                    // the union of both ends and `-`.
                    (a, b) => {
                        for atom in [a, b, ClassAtom::Char('-' as u32)] {
                            match atom {
                                ClassAtom::Char(c) => set.add_range(c, c),
                                ClassAtom::Set(s) => set.add_set(&s),
                            }
                        }
                    }
                }
            } else {
                match a {
                    ClassAtom::Char(c) => set.add_range(c, c),
                    ClassAtom::Set(s) => set.add_set(&s),
                }
            }
        }
        Ok(if negate { set.complement() } else { set })
    }

    fn class_atom(&mut self) -> Result<ClassAtom, ParseError> {
        match self.peek() {
            None => err("unterminated character class"),
            Some('\\') => {
                self.pos += 1;
                match self.peek() {
                    Some('-') => {
                        self.pos += 1;
                        Ok(ClassAtom::Char('-' as u32))
                    }
                    // A decimal escape is no backreference in a class.
                    Some(c @ ('8' | '9')) => {
                        self.pos += 1;
                        Ok(ClassAtom::Char(c as u32))
                    }
                    _ => self.char_escape(true),
                }
            }
            Some(c) => {
                self.pos += 1;
                Ok(ClassAtom::Char(c as u32))
            }
        }
    }
}

enum GroupKind {
    Plain(Option<usize>),
    Look(bool, bool),
}
