//! A short string that a regular expression matches, for strings with a `pattern`.
//!
//! The pattern is parsed with `regex-syntax` and its high-level form walked once: literals
//! are copied, a class gives one of its characters (a lowercase letter, an uppercase one, a
//! digit, `-`, `_` or `.`, in that order of preference, else its first character), a
//! repetition its minimum count, an alternation its first branch, and anchors and other
//! look-arounds nothing. A `variant` picks other characters and branches, so that the items
//! of a `uniqueItems` array differ. The result is not checked here: the caller validates it
//! against the whole schema, which also catches a word boundary the walk ignored.
//!
//! Rust's regular expressions have no look-around. The common case, look-aheads at the start
//! of an anchored pattern (`^(?![0-9a-f]{8}-...$)[a-z][a-z0-9-]*$`: "not a UUID"), is split
//! off by [`split`]: the string is built from the rest and the look-aheads are checked on
//! their own. Any other look-around makes the pattern unusable.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters a class gives, in order of preference.
const PREFERRED: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

/// Longest string built before giving up (a pattern such as `a{100000}` with a small
/// `maxLength` cannot be met anyway).
const MAX_LENGTH: usize = 65_536;

/// A string `pattern` matches with between `min` and `max` characters, or `None` when the
/// pattern does not parse or no such string comes out.
pub(crate) fn matching(
    pattern: &str,
    min: usize,
    max: Option<usize>,
    variant: usize,
) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(&split(pattern)?.rest).ok()?;
    let shortest = Render::new(variant, 0).run(&hir)?;
    let length = shortest.chars().count();
    let text = if length < min { Render::new(variant, min - length).run(&hir)? } else { shortest };
    let length = text.chars().count();
    (length >= min && max.is_none_or(|max| length <= max)).then_some(text)
}

/// One walk over a pattern.
struct Render {
    out: String,
    /// Characters still to add beyond the shortest match, by repeating more.
    extra: usize,
    /// Picks among the options of the choice points met, in mixed radix: the first choice
    /// point takes `variant % options`, the next one the quotient, and so on.
    variant: usize,
}

impl Render {
    fn new(variant: usize, extra: usize) -> Self {
        Render { out: String::new(), extra, variant }
    }

    fn run(mut self, hir: &Hir) -> Option<String> {
        self.emit(hir)?;
        Some(self.out)
    }

    /// The option a choice point with `options` options takes.
    fn choose(&mut self, options: usize) -> usize {
        if options <= 1 {
            return 0;
        }
        let chosen = self.variant % options;
        self.variant /= options;
        chosen
    }

    fn emit(&mut self, hir: &Hir) -> Option<()> {
        if self.out.len() > MAX_LENGTH {
            return None;
        }
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => self.out.push_str(std::str::from_utf8(&literal.0).ok()?),
            HirKind::Class(Class::Unicode(class)) => {
                let preferred: Vec<char> = PREFERRED
                    .chars()
                    .filter(|c| {
                        class.ranges().iter().any(|range| (range.start()..=range.end()).contains(c))
                    })
                    .collect();
                let c = if preferred.is_empty() {
                    class.ranges().first()?.start()
                } else {
                    let index = self.choose(preferred.len());
                    *preferred.get(index)?
                };
                self.out.push(c);
            }
            HirKind::Class(Class::Bytes(class)) => {
                let preferred: Vec<u8> = PREFERRED
                    .bytes()
                    .filter(|b| {
                        class.ranges().iter().any(|range| (range.start()..=range.end()).contains(b))
                    })
                    .collect();
                let index = self.choose(preferred.len());
                let byte = match preferred.get(index) {
                    Some(byte) => *byte,
                    None => {
                        class.ranges().first().map(|range| range.start()).filter(u8::is_ascii)?
                    }
                };
                self.out.push(char::from(byte));
            }
            HirKind::Repetition(repetition) => {
                // What can match the empty string needs no more than one round.
                let rounds = match repetition.sub.properties().minimum_len() {
                    Some(0) => repetition.min.min(1),
                    _ => repetition.min,
                };
                for _ in 0..rounds {
                    self.emit(&repetition.sub)?;
                }
                let mut count = repetition.min;
                while self.extra > 0 && repetition.max.is_none_or(|max| count < max) {
                    let before = self.out.chars().count();
                    self.emit(&repetition.sub)?;
                    let added = self.out.chars().count() - before;
                    if added == 0 {
                        break;
                    }
                    self.extra = self.extra.saturating_sub(added);
                    count += 1;
                }
            }
            HirKind::Capture(capture) => self.emit(&capture.sub)?,
            HirKind::Concat(items) => {
                for item in items {
                    self.emit(item)?;
                }
            }
            HirKind::Alternation(branches) => {
                let index = self.choose(branches.len());
                self.emit(branches.get(index)?)?;
            }
        }
        Some(())
    }
}

/// A pattern without its leading look-aheads.
pub(crate) struct Split {
    /// The pattern after them, still anchored.
    pub(crate) rest: String,
    /// Each look-ahead, `true` for `(?=...)` and `false` for `(?!...)`, with its body; each
    /// applies at the start of the string.
    pub(crate) lookaheads: Vec<(bool, String)>,
}

/// Splits the look-aheads off the start of `pattern`. `None` when they are there but the
/// pattern is not anchored at the start (then they could apply anywhere) or a group is not
/// closed.
pub(crate) fn split(pattern: &str) -> Option<Split> {
    let anchored = pattern.starts_with('^');
    let mut rest = pattern.strip_prefix('^').unwrap_or(pattern);
    let mut lookaheads = Vec::new();
    loop {
        let positive = if rest.starts_with("(?=") {
            true
        } else if rest.starts_with("(?!") {
            false
        } else {
            break;
        };
        let end = closing_parenthesis(rest)?;
        lookaheads.push((positive, rest.get(3..end)?.to_owned()));
        rest = rest.get(end + 1..)?;
    }
    if lookaheads.is_empty() {
        return Some(Split { rest: pattern.to_owned(), lookaheads });
    }
    let rest = match (anchored, rest.starts_with('^')) {
        (_, true) => rest.to_owned(),
        (true, false) => format!("^{rest}"),
        (false, false) => return None,
    };
    Some(Split { rest, lookaheads })
}

/// The byte index of the `)` closing the group that `text` starts with.
fn closing_parenthesis(text: &str) -> Option<usize> {
    let mut depth = 0_usize;
    let mut in_class = false;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}
