//! A strict JSON (RFC 8259) parser that records where every value starts.
//!
//! Hand-written rather than built on a general-purpose crate because every node needs its
//! line and column, and the diagnostics need the JSON pointer of the value being read. It works
//! on bytes and only allocates for the strings, arrays and objects it returns.

use super::node::Members;
use indexmap::map::Entry;

use super::node::{Node, Pointer, Span, Value};
use crate::diagnostic::{Diagnostic, Location};

/// Deepest nesting of arrays and objects accepted; the parser recurses once per level, so this
/// bounds its stack use (and that of dropping or cloning the tree later).
pub(super) const MAX_DEPTH: usize = 512;

/// Parses `source` (without a byte order mark) as one JSON value.
///
/// `Ok` holds the value and the warnings (duplicate keys); `Err` holds the warnings met before
/// the error, then the error.
pub(super) fn parse(source: &str) -> Result<(Node, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut parser = Parser::new(source);
    match parser.parse_document() {
        Ok(node) => Ok((node, parser.diagnostics)),
        Err(Failed) => Err(parser.diagnostics),
    }
}

/// The error has been recorded in `Parser::diagnostics`; a unit error keeps `Result<Node, _>`
/// as small as `Node`, which matters for the depth of recursion the stack allows.
#[derive(Debug)]
struct Failed;

type Parsed<T> = Result<T, Failed>;

/// One step of the JSON pointer of the value being parsed.
#[derive(Debug, Clone, Copy)]
enum Segment {
    /// An object member, as the byte range of its key in the source, quotes included: decoding
    /// it is only needed when a diagnostic is written, so nothing is allocated per member.
    Key { start: usize, end: usize },
    /// An array item.
    Index(usize),
}

struct Parser<'a> {
    source: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Current line, 1-based. Only whitespace between tokens may hold a line break (strings may
    /// not), so lines are counted while skipping whitespace.
    line: u32,
    /// A byte offset on the current line whose column is `column_at`; columns are counted in
    /// characters, incrementally from here, so a long (minified) line costs linear time overall.
    column_pos: usize,
    column_at: u32,
    path: Vec<Segment>,
    diagnostics: Vec<Diagnostic>,
}

/// The offset of the first byte at or after `from` that a string's plain text cannot hold:
/// `"`, `\\` or a control character (below 0x20); the end of `bytes` if there is none.
/// Strings are most of a document, so it tests eight bytes at a time: a byte of a word is
/// zero exactly where `word - 0x01…` borrows into it and `word` had not its top bit (and
/// below 0x20 where `word - 0x20…` does), the lowest such byte being the first match.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const TOPS: u64 = ONES * 0x80;
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & TOPS;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let found = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & TOPS);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&byte) = bytes.get(i) {
        if matches!(byte, b'"' | b'\\' | 0..0x20) {
            return i;
        }
        i += 1;
    }
    i
}

/// The offset after the run of spaces at `from`. Indentation is a third of the bytes of a
/// pretty-printed document, so it is skipped eight bytes at a time.
fn after_spaces(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) == Some(&[b' '; 8]) {
        i += 8;
    }
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Self {
        Parser {
            source,
            bytes: source.as_bytes(),
            pos: 0,
            line: 1,
            column_pos: 0,
            column_at: 1,
            path: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn parse_document(&mut self) -> Parsed<Node> {
        let root = self.parse_value(0)?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            let found = self.describe(self.pos);
            return Err(self.fail_with_help(
                self.pos,
                format!("unexpected {found} after the end of the JSON value"),
                "a JSON document holds exactly one value",
            ));
        }
        Ok(root)
    }

    fn parse_value(&mut self, depth: usize) -> Parsed<Node> {
        self.skip_whitespace();
        let span = self.span_at(self.pos);
        let value = match self.bytes.get(self.pos) {
            Some(b'{') => self.parse_object(depth + 1)?,
            Some(b'[') => self.parse_array(depth + 1)?,
            Some(b'"') => Value::String(self.parse_string()?),
            Some(b'-' | b'0'..=b'9') => self.parse_number()?,
            Some(b't') if self.literal(b"true") => {
                self.pos += 4;
                Value::Bool(true)
            }
            Some(b'f') if self.literal(b"false") => {
                self.pos += 5;
                Value::Bool(false)
            }
            Some(b'n') if self.literal(b"null") => {
                self.pos += 4;
                Value::Null
            }
            Some(_) => return Err(self.unexpected_value()),
            None => return Err(self.fail(self.pos, "unexpected end of input, expected a value")),
        };
        Ok(Node::new(value, span))
    }

    /// Whether `word` is at the current position, and not only the start of a longer word
    /// (`nullable`), which is reported whole.
    fn literal(&self, word: &[u8]) -> bool {
        self.bytes[self.pos..].starts_with(word)
            && !self
                .bytes
                .get(self.pos + word.len())
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    }

    /// The error for a character that cannot start a value, with a hint for the usual mistakes.
    fn unexpected_value(&mut self) -> Failed {
        let start = self.pos;
        let word_end = self.bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .map_or(self.bytes.len(), |n| start + n);
        if word_end > start {
            let word = &self.source[start..word_end];
            let help = match word {
                "True" | "TRUE" | "False" | "FALSE" | "Null" | "NULL" | "None" => {
                    "JSON literals are lowercase: `true`, `false` and `null`"
                }
                "NaN" | "Infinity" | "undefined" => {
                    "JSON has no such value; use `null` or a string"
                }
                _ => "strings must be enclosed in double quotes",
            };
            return self.fail_with_help(start, format!("expected a value, found `{word}`"), help);
        }
        let found = self.describe(start);
        match self.bytes[start] {
            b'\'' => self.fail_with_help(
                start,
                format!("expected a value, found {found}"),
                "JSON strings use double quotes",
            ),
            b'/' => self.fail_with_help(
                start,
                format!("expected a value, found {found}"),
                "JSON does not allow comments",
            ),
            _ => self.fail(start, format!("expected a value, found {found}")),
        }
    }

    fn parse_object(&mut self, depth: usize) -> Parsed<Value> {
        if depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.pos += 1;
        let mut map = Members::default();
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.expected_key(!map.is_empty()));
            }
            let key_span = self.span_at(self.pos);
            let key_start = self.pos;
            let key = self.parse_string()?;
            let key_end = self.pos;
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b':') {
                let found = self.describe(self.pos);
                return Err(
                    self.fail(self.pos, format!("expected `:` after an object key, found {found}"))
                );
            }
            self.pos += 1;
            self.path.push(Segment::Key { start: key_start, end: key_end });
            let value = self.parse_value(depth)?;
            match map.entry(key) {
                Entry::Occupied(mut entry) => {
                    let message = format!("duplicate key `{}`; the last one wins", entry.key());
                    let location = Location { span: key_span, pointer: self.pointer() };
                    self.diagnostics.push(Diagnostic::warning(message, Some(location)));
                    entry.insert(value);
                }
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
            self.path.pop();
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                _ => {
                    let found = self.describe(self.pos);
                    return Err(self.fail(
                        self.pos,
                        format!("expected `,` or `}}` after an object member, found {found}"),
                    ));
                }
            }
        }
    }

    /// The error where an object key should start; `after_comma` tells a trailing comma apart.
    fn expected_key(&mut self, after_comma: bool) -> Failed {
        let found = self.describe(self.pos);
        let message = format!("expected a key string, found {found}");
        match self.bytes.get(self.pos) {
            Some(b'}') if after_comma => {
                self.fail_with_help(self.pos, message, "JSON does not allow a trailing comma")
            }
            Some(b'\'') => self.fail_with_help(self.pos, message, "JSON strings use double quotes"),
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => self.fail_with_help(
                self.pos,
                message,
                "object keys must be enclosed in double quotes",
            ),
            _ => self.fail(self.pos, message),
        }
    }

    fn parse_array(&mut self, depth: usize) -> Parsed<Value> {
        if depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.path.push(Segment::Index(items.len()));
            let item = self.parse_value(depth)?;
            self.path.pop();
            items.push(item);
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.bytes.get(self.pos) == Some(&b']') {
                        return Err(self.fail_with_help(
                            self.pos,
                            "expected a value, found `]`",
                            "JSON does not allow a trailing comma",
                        ));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    let found = self.describe(self.pos);
                    return Err(self.fail(
                        self.pos,
                        format!("expected `,` or `]` after an array item, found {found}"),
                    ));
                }
            }
        }
    }

    fn too_deep(&mut self) -> Failed {
        self.fail(
            self.pos,
            format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"),
        )
    }

    /// Reads the string starting at the opening quote at `self.pos`.
    fn parse_string(&mut self) -> Parsed<String> {
        let open = self.pos;
        let start = open + 1;
        // Most strings have no escapes: find the closing quote and copy the slice in one go.
        // The slice ends before an ASCII byte, so it is valid UTF-8 and on a char boundary.
        let mut i = plain_run_end(self.bytes, start);
        match self.bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                return Ok(self.source[start..i].to_owned());
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.control_character(i)),
            None => return Err(self.unterminated_string(open)),
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.source[start..i]);
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    i = self.parse_escape(i, &mut out)?;
                    let end = plain_run_end(self.bytes, i);
                    out.push_str(&self.source[i..end]);
                    i = end;
                }
                Some(_) => return Err(self.control_character(i)),
                None => return Err(self.unterminated_string(open)),
            }
        }
    }

    /// Decodes the escape whose backslash is at `at` into `out`; returns the offset after it.
    fn parse_escape(&mut self, at: usize, out: &mut String) -> Parsed<usize> {
        let decoded = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.parse_unicode_escape(at, out),
            Some(_) => {
                let escape: String = self.source[at..].chars().take(2).collect();
                return Err(self.fail_with_help(
                    at,
                    format!("invalid escape `{escape}` in string"),
                    concat!(
                        "valid escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, ",
                        "`\\r`, `\\t` and `\\uXXXX`"
                    ),
                ));
            }
            None => return Err(self.fail(at + 1, "unexpected end of input inside a string")),
        };
        out.push(decoded);
        Ok(at + 2)
    }

    /// Decodes `\uXXXX` at `at`, pairing surrogates; a lone surrogate becomes U+FFFD.
    fn parse_unicode_escape(&mut self, at: usize, out: &mut String) -> Parsed<usize> {
        let first = self.hex4(at)?;
        let mut next = at + 6;
        let decoded = match first {
            0xD800..=0xDBFF => {
                let low = if self.bytes.get(next..next + 2) == Some(b"\\u") {
                    match self.hex4(next)? {
                        low @ 0xDC00..=0xDFFF => Some(low),
                        _ => None,
                    }
                } else {
                    None
                };
                match low {
                    Some(low) => {
                        next += 6;
                        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))
                    }
                    None => None,
                }
            }
            _ => char::from_u32(first),
        };
        out.push(decoded.unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(next)
    }

    /// The four hex digits after the `\u` whose backslash is at `at`.
    fn hex4(&mut self, at: usize) -> Parsed<u32> {
        let mut code = 0;
        for offset in 2..6 {
            let digit = match self.bytes.get(at + offset) {
                Some(&b) => (b as char).to_digit(16),
                None => {
                    return Err(self.fail(at + offset, "unexpected end of input inside a string"));
                }
            };
            match digit {
                Some(digit) => code = code * 16 + digit,
                None => {
                    // Up to the six characters an escape takes, but not the closing quote.
                    let escape: String =
                        self.source[at..].chars().take(6).take_while(|&c| c != '"').collect();
                    return Err(self.fail_with_help(
                        at,
                        format!("invalid escape `{escape}` in string"),
                        "`\\u` must be followed by four hexadecimal digits",
                    ));
                }
            }
        }
        Ok(code)
    }

    fn control_character(&mut self, at: usize) -> Failed {
        let byte = self.bytes[at];
        let (message, help) = match byte {
            b'\n' | b'\r' => {
                ("unescaped line break in string".to_owned(), "write it as `\\n`".to_owned())
            }
            b'\t' => ("unescaped tab in string".to_owned(), "write it as `\\t`".to_owned()),
            _ => (
                format!("unescaped control character U+{byte:04X} in string"),
                format!("write it as `\\u{byte:04X}`"),
            ),
        };
        self.fail_with_help(at, message, help)
    }

    fn unterminated_string(&mut self, open: usize) -> Failed {
        let start = self.span_at(open);
        self.fail_with_help(
            self.bytes.len(),
            "unexpected end of input inside a string",
            format!(
                "the string starting at line {}, column {} is never closed",
                start.line, start.column
            ),
        )
    }

    fn parse_number(&mut self) -> Parsed<Value> {
        let start = self.pos;
        let mut i = start;
        if self.bytes[i] == b'-' {
            i += 1;
        }
        match self.bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.fail(i, "leading zeros are not allowed in numbers"));
                }
            }
            Some(b'1'..=b'9') => i = self.skip_digits(i),
            _ => {
                let found = self.describe(i);
                return Err(self.fail(i, format!("expected a digit after `-`, found {found}")));
            }
        }
        let mut integer = true;
        if self.bytes.get(i) == Some(&b'.') {
            i += 1;
            if !self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
                let found = self.describe(i);
                return Err(self
                    .fail(i, format!("expected a digit after the decimal point, found {found}")));
            }
            i = self.skip_digits(i);
            integer = false;
        }
        if matches!(self.bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(self.bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
                let found = self.describe(i);
                return Err(
                    self.fail(i, format!("expected a digit in the exponent, found {found}"))
                );
            }
            i = self.skip_digits(i);
            integer = false;
        }
        self.pos = i;
        let text = &self.source[start..i];
        if integer {
            if let Ok(value) = text.parse::<i64>() {
                return Ok(Value::Integer(value));
            }
        }
        match text.parse::<f64>() {
            Ok(value) => Ok(Value::Float(value)),
            // The grammar was checked above, so the standard parser accepts every such text.
            Err(_) => Err(self.fail(start, format!("invalid number `{text}`"))),
        }
    }

    fn skip_digits(&self, mut i: usize) -> usize {
        while self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }

    fn skip_whitespace(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' => self.pos = after_spaces(self.bytes, self.pos),
                b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line = self.line.saturating_add(1);
                    self.column_pos = self.pos;
                    self.column_at = 1;
                }
                _ => break,
            }
        }
    }

    /// The span of the byte at `pos`, which must be on the current line. Positions are asked
    /// for in increasing order but for a few diagnostics, so counting goes on from the last one.
    fn span_at(&mut self, pos: usize) -> Span {
        let count = |bytes: &[u8]| {
            let chars = bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
            u32::try_from(chars).unwrap_or(u32::MAX)
        };
        if pos >= self.column_pos {
            self.column_at =
                self.column_at.saturating_add(count(&self.bytes[self.column_pos..pos]));
        } else {
            self.column_at =
                self.column_at.saturating_sub(count(&self.bytes[pos..self.column_pos]));
        }
        self.column_pos = pos;
        Span::new(self.line, self.column_at)
    }

    /// How the character at `pos` is named in messages.
    fn describe(&self, pos: usize) -> String {
        match self.source.get(pos..).and_then(|rest| rest.chars().next()) {
            None => "end of input".to_owned(),
            Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    fn pointer(&self) -> Pointer {
        let mut pointer = Pointer::root();
        for segment in &self.path {
            pointer = match *segment {
                Segment::Key { start, end } => pointer.join(decode_key(&self.source[start..end])),
                Segment::Index(index) => pointer.index(index),
            };
        }
        pointer
    }

    fn fail(&mut self, pos: usize, message: impl Into<String>) -> Failed {
        let location = Location { span: self.span_at(pos), pointer: self.pointer() };
        self.diagnostics.push(Diagnostic::error(message, Some(location)));
        Failed
    }

    fn fail_with_help(
        &mut self,
        pos: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Failed {
        let location = Location { span: self.span_at(pos), pointer: self.pointer() };
        self.diagnostics.push(Diagnostic::error(message, Some(location)).with_help(help));
        Failed
    }
}

/// Decodes a key already parsed once (quotes included), for a pointer in a diagnostic.
fn decode_key(raw: &str) -> String {
    let mut parser = Parser::new(raw);
    parser.parse_string().unwrap_or_else(|Failed| raw.trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn a_run_of_spaces_is_skipped_to_its_end() {
        for spaces in 0..20 {
            for tail in ["", "x", "\t ", "\n  "] {
                let text = format!("{}{tail}", " ".repeat(spaces));
                assert_eq!(after_spaces(text.as_bytes(), 0), spaces, "{text:?}");
            }
        }
    }

    #[test]
    fn a_plain_run_ends_where_a_byte_by_byte_scan_ends_it() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| matches!(bytes[i], b'"' | b'\\' | 0..0x20))
                .unwrap_or(bytes.len())
        };
        // Bytes either side of each class's edge, and of UTF-8's.
        let samples =
            [0x00, 0x01, 0x1f, 0x20, 0x21, b'"', b'#', b'[', b'\\', b']', 0x7f, 0x80, 0xc3, 0xff];
        for length in 0..20 {
            for &filler in &samples {
                for &special in &samples {
                    for at in 0..length {
                        let mut bytes = vec![filler; length];
                        bytes[at] = special;
                        for from in 0..=length {
                            assert_eq!(
                                plain_run_end(&bytes, from),
                                naive(&bytes, from),
                                "{bytes:?} from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    fn ok(source: &str) -> Node {
        match parse(source) {
            Ok((node, warnings)) => {
                assert!(warnings.is_empty(), "unexpected warnings: {warnings:?}");
                node
            }
            Err(diagnostics) => panic!("parse failed: {diagnostics:?}"),
        }
    }

    /// The single error: message, line, column and pointer.
    fn error(source: &str) -> (String, u32, u32, String) {
        let diagnostics = parse(source).expect_err("parse should fail");
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{diagnostics:?}");
        let location = errors[0].location.clone().unwrap();
        (
            errors[0].message.clone(),
            location.span.line,
            location.span.column,
            location.pointer.to_string(),
        )
    }

    fn span(line: u32, column: u32) -> Span {
        Span::new(line, column)
    }

    #[test]
    fn scalars() {
        assert_eq!(ok("null").value, Value::Null);
        assert_eq!(ok(" true ").value, Value::Bool(true));
        assert_eq!(ok("false").value, Value::Bool(false));
        assert_eq!(ok("\"hi\"").value, Value::String("hi".into()));
        assert_eq!(ok("\n\n  42").span, span(3, 3));
    }

    #[test]
    fn numbers() {
        assert_eq!(ok("0").value, Value::Integer(0));
        assert_eq!(ok("-0").value, Value::Integer(0));
        assert_eq!(ok("123").value, Value::Integer(123));
        assert_eq!(ok("-42").value, Value::Integer(-42));
        assert_eq!(ok("9223372036854775807").value, Value::Integer(i64::MAX));
        assert_eq!(ok("-9223372036854775808").value, Value::Integer(i64::MIN));
        assert_eq!(ok("9223372036854775808").value, Value::Float(9_223_372_036_854_775_808.0));
        assert_eq!(ok("-9223372036854776000").value, Value::Float(-9_223_372_036_854_776_000.0));
        assert_eq!(ok("1.5").value, Value::Float(1.5));
        assert_eq!(ok("1.0").value, Value::Float(1.0));
        assert_eq!(ok("-2.5e-3").value, Value::Float(-0.0025));
        assert_eq!(ok("1E2").value, Value::Float(100.0));
        assert_eq!(ok("1e+2").value, Value::Float(100.0));
    }

    #[test]
    fn strings_and_escapes() {
        let node = ok(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC""#);
        assert_eq!(node.value, Value::String("a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{20ac}".into()));
        assert_eq!(ok(r#""\ud83d\ude00""#).value, Value::String("\u{1F600}".into()));
        assert_eq!(ok("\"日本語 😀\"").value, Value::String("日本語 😀".into()));
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(ok(r#""\ud83dx""#).value, Value::String("\u{FFFD}x".into()));
        assert_eq!(ok(r#""\ude00""#).value, Value::String("\u{FFFD}".into()));
        assert_eq!(ok(r#""\ud83d\u0041""#).value, Value::String("\u{FFFD}A".into()));
        assert_eq!(ok(r#""\ud83d""#).value, Value::String("\u{FFFD}".into()));
    }

    #[test]
    fn spans_of_nested_values() {
        let source = "{\n  \"a\": [1, {\"b\": null}],\n  \"c\": \"x\"\n}";
        let root = ok(source);
        assert_eq!(root.span, span(1, 1));
        let a = root.get("a").unwrap();
        assert_eq!(a.span, span(2, 8));
        assert_eq!(a.as_array().unwrap()[0].span, span(2, 9));
        assert_eq!(a.as_array().unwrap()[1].span, span(2, 12));
        assert_eq!(a.as_array().unwrap()[1].get("b").unwrap().span, span(2, 18));
        assert_eq!(root.get("c").unwrap().span, span(3, 8));
        let keys: Vec<_> = root.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["a", "c"]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let root = ok("{\"é😀\": \"ü\", \"k\": 1}");
        assert_eq!(root.get("é😀").unwrap().span, span(1, 8));
        assert_eq!(root.get("k").unwrap().span, span(1, 18));
        let root = ok("{\r\n\t\"x\": 1}");
        assert_eq!(root.get("x").unwrap().span, span(2, 7));
    }

    #[test]
    fn duplicate_keys_warn_and_the_last_wins() {
        let (root, warnings) = parse("{\"a\": {\"type\": 1,\n \"type\": 2, \"x\": 3}}").unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(a.get("type").unwrap().value, Value::Integer(2));
        let keys: Vec<_> = a.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["type", "x"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].severity, Severity::Warning);
        assert_eq!(warnings[0].message, "duplicate key `type`; the last one wins");
        let location = warnings[0].location.clone().unwrap();
        assert_eq!(location.span, span(2, 2));
        assert_eq!(location.pointer.as_str(), "#/a/type");
    }

    #[test]
    fn structural_errors() {
        assert_eq!(
            error("{\"paths\": {\"/pets\": {\"get\": {\"a\": 1]}}}"),
            (
                "expected `,` or `}` after an object member, found `]`".into(),
                1,
                36,
                "#/paths/~1pets/get".into()
            )
        );
        assert_eq!(
            error("[1, 2 3]"),
            ("expected `,` or `]` after an array item, found `3`".into(), 1, 7, "#".into())
        );
        assert_eq!(
            error("{\"a\" 1}"),
            ("expected `:` after an object key, found `1`".into(), 1, 6, "#".into())
        );
        assert_eq!(error("{\"a\": }"), ("expected a value, found `}`".into(), 1, 7, "#/a".into()));
        assert_eq!(
            error("[[], [1,"),
            ("unexpected end of input, expected a value".into(), 1, 9, "#/1/1".into())
        );
        assert_eq!(
            error(""),
            ("unexpected end of input, expected a value".into(), 1, 1, "#".into())
        );
        assert_eq!(
            error("{} x"),
            ("unexpected `x` after the end of the JSON value".into(), 1, 4, "#".into())
        );
        assert_eq!(
            error("{\"a\": tru}"),
            ("expected a value, found `tru`".into(), 1, 7, "#/a".into())
        );
        assert_eq!(error("{a: 1}"), ("expected a key string, found `a`".into(), 1, 2, "#".into()));
        assert_eq!(
            error("[nullable]"),
            ("expected a value, found `nullable`".into(), 1, 2, "#/0".into())
        );
        assert_eq!(error("[True]").0, "expected a value, found `True`");
    }

    #[test]
    fn trailing_commas_and_comments_are_refused() {
        let diagnostics = parse("{\"a\": 1,\n}").unwrap_err();
        assert_eq!(diagnostics[0].message, "expected a key string, found `}`");
        assert_eq!(diagnostics[0].help.as_deref(), Some("JSON does not allow a trailing comma"));
        assert_eq!(diagnostics[0].location.as_ref().unwrap().span, span(2, 1));
        assert_eq!(error("[1,]"), ("expected a value, found `]`".into(), 1, 4, "#".into()));
        assert_eq!(
            error("[1, // two\n2]"),
            ("expected a value, found `/`".into(), 1, 5, "#/1".into())
        );
        assert_eq!(
            error("{\"a\": 'x'}"),
            ("expected a value, found `'`".into(), 1, 7, "#/a".into())
        );
    }

    #[test]
    fn string_errors() {
        assert_eq!(
            error("{\"info\": {\"title\": \"a\\qb\"}}"),
            ("invalid escape `\\q` in string".into(), 1, 22, "#/info/title".into())
        );
        assert_eq!(
            error("[\"ok\", \"abc"),
            ("unexpected end of input inside a string".into(), 1, 12, "#/1".into())
        );
        assert_eq!(
            error("\"a\\"),
            ("unexpected end of input inside a string".into(), 1, 4, "#".into())
        );
        assert_eq!(
            error("\"\\u12G4\""),
            ("invalid escape `\\u12G4` in string".into(), 1, 2, "#".into())
        );
        assert_eq!(
            error("\"\\u12\""),
            ("invalid escape `\\u12` in string".into(), 1, 2, "#".into())
        );
        assert_eq!(
            error("{\"a\": \"x\ny\"}"),
            ("unescaped line break in string".into(), 1, 9, "#/a".into())
        );
        assert_eq!(
            error("\"é\u{1}\""),
            ("unescaped control character U+0001 in string".into(), 1, 3, "#".into())
        );
        assert_eq!(
            error("{\"k\\x\": 1}"),
            ("invalid escape `\\x` in string".into(), 1, 4, "#".into())
        );
    }

    #[test]
    fn number_errors() {
        assert_eq!(
            error("[01]"),
            ("leading zeros are not allowed in numbers".into(), 1, 3, "#/0".into())
        );
        assert_eq!(
            error("-"),
            ("expected a digit after `-`, found end of input".into(), 1, 2, "#".into())
        );
        assert_eq!(
            error("[1.]"),
            ("expected a digit after the decimal point, found `]`".into(), 1, 4, "#/0".into())
        );
        assert_eq!(
            error("1e"),
            ("expected a digit in the exponent, found end of input".into(), 1, 3, "#".into())
        );
        assert_eq!(error("[.5]"), ("expected a value, found `.`".into(), 1, 2, "#/0".into()));
        assert_eq!(error("+1"), ("expected a value, found `+`".into(), 1, 1, "#".into()));
    }

    #[test]
    fn pointer_escapes_keys() {
        let source = "{\"paths\": {\"/a~b\": {\"get\\u0021\": [0, {\"x\": ]}]}}}";
        assert_eq!(error(source).3, "#/paths/~1a~0b/get!/1/x");
    }

    #[test]
    fn warnings_come_before_the_error() {
        let diagnostics = parse("{\"a\": 1, \"a\": 2, \"b\": }").unwrap_err();
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert_eq!(diagnostics[1].severity, Severity::Error);
    }

    #[test]
    fn nesting_is_limited() {
        let deep_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&deep_ok).is_ok());
        let objects = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse(&objects).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let (message, line, column, pointer) = error(&too_deep);
        assert_eq!(message, "arrays and objects are nested more than 512 levels deep");
        assert_eq!((line, column), (1, 513));
        assert_eq!(pointer, format!("#{}", "/0".repeat(MAX_DEPTH)));
        // A hostile document far deeper than the limit fails cleanly instead of overflowing.
        assert!(parse(&"[".repeat(1_000_000)).is_err());
    }

    #[test]
    fn long_minified_lines_keep_exact_columns() {
        let items: Vec<String> = (0..20_000).map(|i| format!("{{\"k\":\"ä{i}\"}}")).collect();
        let source = format!("[{}]", items.join(","));
        let root = ok(&source);
        let last = root.as_array().unwrap().last().unwrap();
        let expected = source.rfind("{\"k\"").unwrap();
        let column = source[..expected].chars().count() + 1;
        assert_eq!(last.span, span(1, u32::try_from(column).unwrap()));
    }
}
