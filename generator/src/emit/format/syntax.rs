//! The few kinds of expressions and types generated code is made of, parsed from the text
//! the emitters write, so that they are laid out by rustfmt's rules rather than by string
//! length alone. Parsing the emitters' own text keeps them readable (`format!` of a call)
//! and costs one pass over each statement.

/// An expression, as rustfmt's AST has it where its layout rules tell kinds apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal: a string (which rustfmt never breaks, whatever the width), a number, a
    /// boolean.
    Lit(String),
    /// A path: `value`, `Method::GET`.
    Path(String),
    /// `&expr`, `&mut expr`, `*expr`, `!expr`.
    Unary(&'static str, Box<Expr>),
    /// `callee(args)`, and `name!(args)` (whose callee ends with `!`).
    Call(String, Vec<Expr>),
    /// `..`, as in the pattern-like arguments of `matches!`.
    RangeFull,
    /// `Path { name: value, ..base }`; a field without value is written in shorthand.
    Struct(String, Vec<(String, Option<Expr>)>, Option<Box<Expr>>),
    /// `[items]`.
    Array(Vec<Expr>),
    /// `(items)`.
    Tuple(Vec<Expr>),
    /// `receiver.name`.
    Field(Box<Expr>, String),
    /// `receiver.name(args)`.
    MethodCall(Box<Expr>, String, Vec<Expr>),
    /// `expr.await`.
    Await(Box<Expr>),
    /// `expr?`.
    Try(Box<Expr>),
}

/// A type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A path whose last segment may have generic arguments: `Vec<T>`, `'de` (a lifetime
    /// argument), `u8`, `impl Into<String>`.
    Path(String, Vec<Type>),
    /// `&T`, `&'static T`.
    Ref(String, Box<Type>),
    /// `[T]`.
    Slice(Box<Type>),
    /// `(A, B)`.
    Tuple(Vec<Type>),
    /// Anything else, kept as written: `impl Fn(&str) -> Option<String>`.
    Verbatim(String),
}

/// Parses an expression the emitters wrote; `None` if it uses syntax outside this subset.
pub fn parse_expr(text: &str) -> Option<Expr> {
    let mut parser = Parser { text, at: 0 };
    let expr = parser.expr()?;
    parser.skip_spaces();
    (parser.at == text.len()).then_some(expr)
}

/// Parses a type the emitters wrote; anything outside the subset stays verbatim.
pub fn parse_type(text: &str) -> Type {
    let mut parser = Parser { text, at: 0 };
    match parser.ty() {
        Some(ty) if parser.at == text.len() => ty,
        _ => Type::Verbatim(text.to_owned()),
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_spaces(&mut self) {
        while self.rest().starts_with(' ') {
            self.at += 1;
        }
    }

    /// Consumes `token` if the text continues with it.
    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.at;
        if self.rest().starts_with("r#") {
            self.at += 2;
        }
        let length = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        if length == 0 {
            self.at = start;
            return None;
        }
        self.at += length;
        Some(&self.text[start..self.at])
    }

    /// `a::b::c` or `a::<T>`, not consuming a `::` that is not followed by a name or
    /// generic arguments; a turbofish is kept as written.
    fn path(&mut self) -> Option<String> {
        let start = self.at;
        self.ident()?;
        loop {
            let before = self.at;
            if self.eat("::<") {
                let mut depth = 1;
                let closed = self.rest().char_indices().find_map(|(index, c)| {
                    match c {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(index + 1)
                });
                match closed {
                    Some(length) => self.at += length,
                    None => {
                        self.at = before;
                        break;
                    }
                }
            } else if !(self.eat("::") && self.ident().is_some()) {
                self.at = before;
                break;
            }
        }
        Some(self.text[start..self.at].to_owned())
    }

    fn expr(&mut self) -> Option<Expr> {
        self.skip_spaces();
        for op in ["&mut ", "&", "*", "!"] {
            if self.eat(op) {
                return Some(Expr::Unary(op, Box::new(self.expr()?)));
            }
        }
        let mut expr = self.primary()?;
        loop {
            if self.eat("?") {
                expr = Expr::Try(Box::new(expr));
            } else if self.eat(".await") {
                expr = Expr::Await(Box::new(expr));
            } else if self.rest().starts_with('.') && !self.rest().starts_with("..") {
                self.at += 1;
                let name = self.ident()?.to_owned();
                expr = if self.eat("(") {
                    Expr::MethodCall(Box::new(expr), name, self.items(")")?)
                } else {
                    Expr::Field(Box::new(expr), name)
                };
            } else {
                return Some(expr);
            }
        }
    }

    fn primary(&mut self) -> Option<Expr> {
        let rest = self.rest();
        if rest.starts_with('"') || rest.starts_with("r#\"") || rest.starts_with("r\"") {
            return self.string();
        }
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            let length = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .map_or(rest.len(), |end| end + 1);
            self.at += length;
            return Some(Expr::Lit(rest[..length].to_owned()));
        }
        if self.eat("[") {
            return Some(Expr::Array(self.items("]")?));
        }
        if self.eat("..") {
            return Some(Expr::RangeFull);
        }
        if self.eat("(") {
            return Some(Expr::Tuple(self.items(")")?));
        }
        let path = self.path()?;
        if path == "true" || path == "false" {
            return Some(Expr::Lit(path));
        }
        if self.eat("!(") {
            return Some(Expr::Call(format!("{path}!"), self.items(")")?));
        }
        if self.eat("(") {
            return Some(Expr::Call(path, self.items(")")?));
        }
        if self.eat(" {") {
            return self.struct_body(path);
        }
        Some(Expr::Path(path))
    }

    /// A string literal, plain or raw, kept as written.
    fn string(&mut self) -> Option<Expr> {
        let rest = self.rest();
        let length = if let Some(raw) = rest.strip_prefix('r') {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            let closing = format!("\"{}", "#".repeat(hashes));
            1 + hashes + 1 + raw[hashes + 1..].find(&closing)? + closing.len()
        } else {
            let mut escaped = false;
            let end = rest[1..].find(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })?;
            end + 2
        };
        self.at += length;
        Some(Expr::Lit(rest[..length].to_owned()))
    }

    /// Comma-separated expressions up to `close`, which is consumed.
    fn items(&mut self, close: &str) -> Option<Vec<Expr>> {
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.expr()?);
            self.skip_spaces();
            if !self.eat(",") && !self.rest().starts_with(close) {
                return None;
            }
        }
    }

    /// The fields of a struct literal after its ` {`.
    fn struct_body(&mut self, path: String) -> Option<Expr> {
        let mut fields = Vec::new();
        let mut base = None;
        loop {
            self.skip_spaces();
            if self.eat("}") {
                return Some(Expr::Struct(path, fields, base));
            }
            if self.eat("..") {
                base = Some(Box::new(self.expr()?));
            } else {
                let name = self.ident()?.to_owned();
                let value = if self.eat(":") { Some(self.expr()?) } else { None };
                fields.push((name, value));
            }
            self.skip_spaces();
            if !self.eat(",") && !self.rest().starts_with('}') {
                return None;
            }
        }
    }

    fn ty(&mut self) -> Option<Type> {
        if self.eat("&") {
            let start = self.at;
            if self.rest().starts_with('\'') {
                self.at += 1;
                self.ident()?;
                self.eat(" ");
            }
            let lifetime = self.text[start..self.at].to_owned();
            return Some(Type::Ref(lifetime, Box::new(self.ty()?)));
        }
        if self.eat("[") {
            let item = self.ty()?;
            return self.eat("]").then(|| Type::Slice(Box::new(item)));
        }
        if self.eat("(") {
            let mut items = Vec::new();
            while !self.eat(")") {
                items.push(self.ty()?);
                if !self.eat(", ") && !self.rest().starts_with(')') {
                    return None;
                }
            }
            return Some(Type::Tuple(items));
        }
        if self.rest().starts_with('\'') {
            let start = self.at;
            self.at += 1;
            self.ident()?;
            return Some(Type::Path(self.text[start..self.at].to_owned(), Vec::new()));
        }
        let start = self.at;
        let keyword = self.eat("impl ") || self.eat("dyn ");
        self.path()?;
        if keyword && self.rest().starts_with('(') {
            // `impl Fn(&str) -> T`: kept verbatim by the caller.
            return None;
        }
        let head = self.text[start..self.at].to_owned();
        let mut arguments = Vec::new();
        if self.eat("<") {
            loop {
                arguments.push(self.ty()?);
                if self.eat(">") {
                    break;
                }
                if !self.eat(", ") {
                    return None;
                }
            }
        }
        Some(Type::Path(head, arguments))
    }
}
