//! The public API surface of a crate read from its source: every item a consumer can name,
//! at every path it can be imported by, with what the comparison needs to know of it.
//!
//! The module tree is walked from `src/lib.rs` through `mod` declarations; names are
//! resolved as rustc does for the cases crate code uses (`use` chains, `self`, `super`,
//! `crate`, globs, renames), so that an item in a private module counts only if a `pub use`
//! re-exports it, and an inherent method anywhere counts under its type's public path.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::path::Path;

use generator::emit::Files;
use syn::{Fields, ImplItem, Item as SynItem, TraitItem, Type, UseTree, Visibility};

use super::features::{self, Features};
use super::syntax::{self, Cfg, FnSignature};

/// Resolving a name follows at most this many `use` links, so that a cycle of imports ends.
const MAX_LINKS: u32 = 32;
/// Glob imports are followed only this many links deep: each module may hold several, so
/// the walk branches, and globs that import each other would otherwise multiply it.
const MAX_GLOB_LINKS: u32 = 8;
/// A path longer than this many segments is not followed further (modules re-exported
/// inside themselves).
const MAX_PATH_SEGMENTS: usize = 16;

/// What consumers of a crate can use.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Surface {
    /// Every reachable item by its canonical path: where it is defined if that is public,
    /// else its shortest public path.
    pub items: BTreeMap<String, Item>,
    /// The `[features]` of `Cargo.toml`.
    pub features: Features,
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `mod`.
    Module,
    /// `struct`.
    Struct,
    /// `enum`.
    Enum,
    /// `union`.
    Union,
    /// `trait` or trait alias.
    Trait,
    /// A free function.
    Function,
    /// `type X = Y;`.
    TypeAlias,
    /// `const`.
    Const,
    /// `static`.
    Static,
    /// A `pub use` of another crate's item.
    ReExport,
}

impl Kind {
    /// The word the report uses.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Union => "union",
            Kind::Trait => "trait",
            Kind::Function => "fn",
            Kind::TypeAlias => "type alias",
            Kind::Const => "const",
            Kind::Static => "static",
            Kind::ReExport => "re-export",
        }
    }
}

/// One reachable item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Every path it can be imported by, the canonical one included.
    pub paths: BTreeSet<String>,
    /// The cargo features (or other cfg predicates) it is compiled under.
    pub features: BTreeSet<String>,
    /// Its declaration for people: `struct ApiToken`, `async fn get(id: &str) -> T`.
    pub declaration: String,
    /// What two versions are compared by: the declaration without what does not affect
    /// users (parameter names), with the form of a struct (`{}`, `()`, unit).
    pub shape: String,
    /// A function's signature in parts, to say what changed.
    pub function: Option<FnSignature>,
    /// `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// Public fields of a struct or union, name (or tuple index) → type.
    pub fields: BTreeMap<String, String>,
    /// Whether a struct has a field consumers cannot see, so cannot build it with a literal.
    pub private_fields: bool,
    /// An enum's variants.
    pub variants: BTreeMap<String, Variant>,
    /// Traits implemented, derived or by an `impl` anywhere in the crate, by the trait's
    /// last path segment with its arguments (`Display`, `From<Option<T>>`).
    pub impls: BTreeMap<String, Impl>,
    /// Public inherent methods, associated functions and consts; a trait's items.
    pub members: BTreeMap<String, Member>,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// `A`, `A(T, U)` or `A { x: T }`.
    pub declaration: String,
    /// Named fields in order (tuple fields by index).
    pub fields: Vec<(String, String)>,
    /// Whether it has named fields.
    pub named: bool,
    /// `#[non_exhaustive]` on the variant.
    pub non_exhaustive: bool,
}

/// A trait implemented by a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impl {
    /// From `#[derive]` rather than an `impl` block.
    pub derived: bool,
    /// The values of associated types: `Output` → `Result<T, E>`.
    pub associated: BTreeMap<String, String>,
    /// Features the impl needs beyond its type's.
    pub features: BTreeSet<String>,
}

/// What a member of a type or trait is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A function taking `self`.
    Method,
    /// A function without `self`.
    Function,
    /// An associated const.
    Const,
    /// An associated type of a trait.
    Type,
}

impl MemberKind {
    /// The word the report uses.
    pub fn name(self) -> &'static str {
        match self {
            MemberKind::Method => "method",
            MemberKind::Function => "associated fn",
            MemberKind::Const => "associated const",
            MemberKind::Type => "associated type",
        }
    }
}

/// A public inherent member of a type, or an item of a trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// What it is.
    pub kind: MemberKind,
    /// Its declaration for people.
    pub declaration: String,
    /// What is compared (without parameter names).
    pub shape: String,
    /// A function's signature in parts.
    pub function: Option<FnSignature>,
    /// Features it needs beyond its type's.
    pub features: BTreeSet<String>,
    /// A trait item with a default, which implementors need not write.
    pub provided: bool,
}

/// A crate whose source cannot be read as Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceError {
    /// The file, relative to the crate.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SurfaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for SurfaceError {}

/// The surface of the crate in `files` (paths relative to the crate: `Cargo.toml`,
/// `src/lib.rs`...). A crate without `src/lib.rs` has no items.
pub fn extract(files: &Files) -> Result<Surface, SurfaceError> {
    let features = match files.get(Path::new("Cargo.toml")) {
        Some(manifest) => features::parse(manifest)
            .map_err(|message| SurfaceError { file: "Cargo.toml".to_owned(), message })?,
        None => Features::new(),
    };
    let mut tree = Tree::default();
    if let Some(lib) = files.get(Path::new("src/lib.rs")) {
        let parsed = parse("src/lib.rs", lib)?;
        tree.modules.push(Module {
            parent: None,
            path: Vec::new(),
            dir: "src".to_owned(),
            file: "src/lib.rs".to_owned(),
            features: BTreeSet::new(),
            names: BTreeMap::new(),
            globs: Vec::new(),
            impls: Vec::new(),
        });
        tree.add_items(files, 0, parsed.items)?;
    }
    Ok(Surface { items: tree.items(), features })
}

fn parse(file: &str, text: &str) -> Result<syn::File, SurfaceError> {
    syn::parse_file(text)
        .map_err(|error| SurfaceError { file: file.to_owned(), message: error.to_string() })
}

/// The crate's modules and the items defined in them.
#[derive(Default)]
struct Tree {
    modules: Vec<Module>,
    defs: Vec<Def>,
}

struct Module {
    parent: Option<usize>,
    /// Names from the crate root, private modules included.
    path: Vec<String>,
    /// Where the files of its `mod x;` declarations are.
    dir: String,
    /// The file it is written in.
    file: String,
    /// The cfg conditions it is compiled under, its parents' included.
    features: BTreeSet<String>,
    /// Every name the module declares or imports.
    names: BTreeMap<String, Vec<Binding>>,
    globs: Vec<Glob>,
    impls: Vec<(syn::ItemImpl, BTreeSet<String>)>,
}

struct Binding {
    target: Local,
    public: bool,
}

enum Local {
    Def(usize),
    Module(usize),
    Import(Vec<String>),
}

struct Glob {
    prefix: Vec<String>,
    public: bool,
}

/// A named item defined in a module.
struct Def {
    module: usize,
    name: String,
    item: SynItem,
    features: BTreeSet<String>,
}

/// What a path names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Def(usize),
    Module(usize),
    /// A path into another crate (or a name this reader does not model), as written.
    External(String),
}

fn is_pub(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

fn attrs(item: &SynItem) -> &[syn::Attribute] {
    match item {
        SynItem::Const(item) => &item.attrs,
        SynItem::Enum(item) => &item.attrs,
        SynItem::ExternCrate(item) => &item.attrs,
        SynItem::Fn(item) => &item.attrs,
        SynItem::ForeignMod(item) => &item.attrs,
        SynItem::Impl(item) => &item.attrs,
        SynItem::Macro(item) => &item.attrs,
        SynItem::Mod(item) => &item.attrs,
        SynItem::Static(item) => &item.attrs,
        SynItem::Struct(item) => &item.attrs,
        SynItem::Trait(item) => &item.attrs,
        SynItem::TraitAlias(item) => &item.attrs,
        SynItem::Type(item) => &item.attrs,
        SynItem::Union(item) => &item.attrs,
        SynItem::Use(item) => &item.attrs,
        _ => &[],
    }
}

/// The name and visibility of an item that defines one.
fn definition(item: &SynItem) -> Option<(String, &Visibility)> {
    let (ident, vis) = match item {
        SynItem::Const(item) => (&item.ident, &item.vis),
        SynItem::Enum(item) => (&item.ident, &item.vis),
        SynItem::Fn(item) => (&item.sig.ident, &item.vis),
        SynItem::Static(item) => (&item.ident, &item.vis),
        SynItem::Struct(item) => (&item.ident, &item.vis),
        SynItem::Trait(item) => (&item.ident, &item.vis),
        SynItem::TraitAlias(item) => (&item.ident, &item.vis),
        SynItem::Type(item) => (&item.ident, &item.vis),
        SynItem::Union(item) => (&item.ident, &item.vis),
        _ => return None,
    };
    Some((ident.to_string(), vis))
}

impl Tree {
    fn add_items(
        &mut self,
        files: &Files,
        module: usize,
        items: Vec<SynItem>,
    ) -> Result<(), SurfaceError> {
        for item in items {
            let needs = match syntax::cfg(attrs(&item)) {
                Cfg::Test => continue,
                Cfg::Needs(needs) => needs,
            };
            let hidden = syntax::doc_hidden(attrs(&item));
            let mut features = self.modules[module].features.clone();
            features.extend(needs);
            match item {
                SynItem::Mod(declared) => {
                    let name = declared.ident.to_string();
                    let dir = format!("{}/{name}", self.modules[module].dir);
                    let mut path = self.modules[module].path.clone();
                    path.push(name.clone());
                    let child = self.modules.len();
                    let (items, file) = match declared.content {
                        Some((_, items)) => (items, self.modules[module].file.clone()),
                        None => self.module_file(files, module, &name, &dir)?,
                    };
                    self.modules.push(Module {
                        parent: Some(module),
                        path,
                        dir,
                        file,
                        features,
                        names: BTreeMap::new(),
                        globs: Vec::new(),
                        impls: Vec::new(),
                    });
                    self.bind(module, name, Local::Module(child), is_pub(&declared.vis) && !hidden);
                    self.add_items(files, child, items)?;
                }
                SynItem::Use(import) => {
                    let public = is_pub(&import.vis) && !hidden;
                    let mut leaves = Vec::new();
                    // `::name` is another crate's, never a local name.
                    let root = import.leading_colon.map(|_| "::".to_owned());
                    flatten(&import.tree, root.into_iter().collect(), &mut leaves);
                    for (path, name) in leaves {
                        match name {
                            Some(name) if name == "_" => {}
                            Some(name) => self.bind(module, name, Local::Import(path), public),
                            None => self.modules[module].globs.push(Glob { prefix: path, public }),
                        }
                    }
                }
                SynItem::Impl(block) => self.modules[module].impls.push((block, features)),
                other => {
                    let Some((name, vis)) = definition(&other) else { continue };
                    let public = is_pub(vis) && !hidden;
                    let def = self.defs.len();
                    self.defs.push(Def { module, name: name.clone(), item: other, features });
                    self.bind(module, name, Local::Def(def), public);
                }
            }
        }
        Ok(())
    }

    fn bind(&mut self, module: usize, name: String, target: Local, public: bool) {
        self.modules[module].names.entry(name).or_default().push(Binding { target, public });
    }

    /// The items and the file of `mod name;` declared in `module`: `dir.rs` or `dir/mod.rs`.
    fn module_file(
        &self,
        files: &Files,
        module: usize,
        name: &str,
        dir: &str,
    ) -> Result<(Vec<SynItem>, String), SurfaceError> {
        for candidate in [format!("{dir}.rs"), format!("{dir}/mod.rs")] {
            if let Some(text) = files.get(Path::new(&candidate)) {
                return parse(&candidate, text).map(|file| (file.items, candidate));
            }
        }
        Err(SurfaceError {
            file: self.modules[module].file.clone(),
            message: format!("`mod {name};` has no file {dir}.rs or {dir}/mod.rs"),
        })
    }

    /// What `name` means in `module`: its own items and imports, then its glob imports.
    fn lookup(&self, module: usize, name: &str, links: u32) -> Vec<Target> {
        if links > MAX_LINKS {
            return Vec::new();
        }
        let mut found = Vec::new();
        for binding in self.modules[module].names.get(name).into_iter().flatten() {
            match &binding.target {
                Local::Def(def) => found.push(Target::Def(*def)),
                Local::Module(child) => found.push(Target::Module(*child)),
                // `use reqwest;` names the crate `reqwest`, not itself.
                Local::Import(path) => found.extend(self.resolve_from(
                    module,
                    path,
                    links + 1,
                    path.first().map(String::as_str) != Some(name),
                )),
            }
        }
        if found.is_empty() && links < MAX_GLOB_LINKS {
            for glob in &self.modules[module].globs {
                for target in self.resolve(module, &glob.prefix, links + 1) {
                    if let Target::Module(inner) = target {
                        found.extend(self.lookup(inner, name, links + 1));
                    }
                }
            }
        }
        found
    }

    fn resolve(&self, module: usize, segments: &[String], links: u32) -> Vec<Target> {
        self.resolve_from(module, segments, links, true)
    }

    /// What the path `segments` written in `module` names; `imports` says whether its first
    /// segment may be one of the module's imports.
    fn resolve_from(
        &self,
        module: usize,
        segments: &[String],
        links: u32,
        imports: bool,
    ) -> Vec<Target> {
        let Some((first, rest)) = segments.split_first() else { return Vec::new() };
        let mut current = match first.as_str() {
            "crate" => vec![Target::Module(0)],
            "self" => vec![Target::Module(module)],
            "super" => self.modules[module].parent.map(Target::Module).into_iter().collect(),
            "::" => vec![Target::External(rest.join("::"))],
            name => {
                let found =
                    if imports { self.lookup(module, name, links) } else { self.own(module, name) };
                if found.is_empty() { vec![Target::External(segments.join("::"))] } else { found }
            }
        };
        if first == "::" {
            return current;
        }
        for segment in rest {
            current = current
                .into_iter()
                .flat_map(|target| match target {
                    Target::Module(inner) => match segment.as_str() {
                        "super" => {
                            self.modules[inner].parent.map(Target::Module).into_iter().collect()
                        }
                        "self" => vec![Target::Module(inner)],
                        name => self.lookup(inner, name, links + 1),
                    },
                    Target::External(prefix) => {
                        vec![Target::External(format!("{prefix}::{segment}"))]
                    }
                    // An enum's variant or an associated item: not an item of its own.
                    Target::Def(_) => Vec::new(),
                })
                .collect();
        }
        current
    }

    /// The items and modules `module` defines under `name`, its imports left out.
    fn own(&self, module: usize, name: &str) -> Vec<Target> {
        self.modules[module]
            .names
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|binding| match binding.target {
                Local::Def(def) => Some(Target::Def(def)),
                Local::Module(child) => Some(Target::Module(child)),
                Local::Import(_) => None,
            })
            .collect()
    }

    /// The names `module` offers to code outside the crate that reaches it.
    fn exports(&self, module: usize, links: u32) -> Vec<(String, Target)> {
        let mut out = Vec::new();
        if links > MAX_LINKS {
            return out;
        }
        let names = &self.modules[module].names;
        for (name, bindings) in names {
            for binding in bindings.iter().filter(|binding| binding.public) {
                match &binding.target {
                    Local::Def(def) => out.push((name.clone(), Target::Def(*def))),
                    Local::Module(child) => out.push((name.clone(), Target::Module(*child))),
                    Local::Import(path) => {
                        let own_name = path.first().map(String::as_str) != Some(name.as_str());
                        for target in self.resolve_from(module, path, links + 1, own_name) {
                            out.push((name.clone(), target));
                        }
                    }
                }
            }
        }
        let globs =
            if links < MAX_GLOB_LINKS { self.modules[module].globs.as_slice() } else { &[] };
        for glob in globs.iter().filter(|glob| glob.public) {
            for target in self.resolve(module, &glob.prefix, links + 1) {
                let Target::Module(inner) = target else { continue };
                for (name, target) in self.exports(inner, links + 1) {
                    if !names.contains_key(&name) {
                        out.push((name, target));
                    }
                }
            }
        }
        out
    }

    /// Every public path of every reachable definition, module and re-export.
    fn public_paths(&self) -> Reachable {
        let mut reachable = Reachable::default();
        if self.modules.is_empty() {
            return reachable;
        }
        let mut queue = VecDeque::from([(0usize, Vec::<String>::new(), vec![0usize])]);
        while let Some((module, path, ancestors)) = queue.pop_front() {
            for (name, target) in self.exports(module, 0) {
                let mut full = path.clone();
                full.push(name);
                let joined = full.join("::");
                match target {
                    Target::Def(def) => {
                        reachable.defs.entry(def).or_default().insert(joined);
                    }
                    Target::Module(child) => {
                        reachable.modules.entry(child).or_default().insert(joined);
                        if !ancestors.contains(&child) && full.len() < MAX_PATH_SEGMENTS {
                            let mut chain = ancestors.clone();
                            chain.push(child);
                            queue.push_back((child, full, chain));
                        }
                    }
                    Target::External(target) => {
                        reachable.external.insert(joined, target);
                    }
                }
            }
        }
        reachable
    }

    fn items(&self) -> BTreeMap<String, Item> {
        let reachable = self.public_paths();
        let mut items = BTreeMap::new();
        let mut keys: BTreeMap<usize, String> = BTreeMap::new();
        for (def, paths) in &reachable.defs {
            let defined = &self.defs[*def];
            let mut home = self.modules[defined.module].path.clone();
            home.push(defined.name.clone());
            let Some(item) = describe(&defined.item, paths.clone(), defined.features.clone())
            else {
                continue;
            };
            let key = insert(&mut items, canonical(paths, &home.join("::")), item);
            keys.insert(*def, key);
        }
        for (module, paths) in &reachable.modules {
            let home = self.modules[*module].path.join("::");
            let name = self.modules[*module].path.last().cloned().unwrap_or_default();
            let item = Item::new(
                Kind::Module,
                paths.clone(),
                self.modules[*module].features.clone(),
                format!("mod {name}"),
            );
            insert(&mut items, canonical(paths, &home), item);
        }
        for (path, target) in &reachable.external {
            let item = Item::new(
                Kind::ReExport,
                BTreeSet::from([path.clone()]),
                BTreeSet::new(),
                format!("pub use {target}"),
            );
            insert(&mut items, path.clone(), item);
        }
        self.add_impls(&mut items, &keys);
        items
    }

    /// Adds every `impl` block of the crate, private modules included, to the reachable
    /// type it is for.
    fn add_impls(&self, items: &mut BTreeMap<String, Item>, keys: &BTreeMap<usize, String>) {
        for (index, module) in self.modules.iter().enumerate() {
            for (block, features) in &module.impls {
                if block.modifiers.polarity.is_some() {
                    continue;
                }
                let Some(segments) = plain_path(&block.self_ty) else { continue };
                let owners: Vec<&String> = self
                    .resolve(index, &segments, 0)
                    .into_iter()
                    .filter_map(|target| match target {
                        Target::Def(def) => keys.get(&def),
                        _ => None,
                    })
                    .collect();
                for owner in owners {
                    let Some(item) = items.get_mut(owner) else { continue };
                    let extra: BTreeSet<String> =
                        features.difference(&item.features).cloned().collect();
                    match &block.trait_ {
                        Some((trait_path, _)) => {
                            if self.private_trait(index, trait_path, keys) {
                                continue;
                            }
                            let associated = block
                                .items
                                .iter()
                                .filter_map(|member| match member {
                                    ImplItem::Type(assoc) => {
                                        Some((assoc.ident.to_string(), syntax::ty(&assoc.ty)))
                                    }
                                    _ => None,
                                })
                                .collect();
                            item.impls.insert(
                                syntax::trait_name(trait_path),
                                Impl { derived: false, associated, features: extra },
                            );
                        }
                        None => add_inherent(item, block, &extra),
                    }
                }
            }
        }
    }

    /// Whether `trait_path` names a trait of this crate consumers cannot reach: its impls
    /// are the crate's business.
    fn private_trait(
        &self,
        module: usize,
        trait_path: &syn::Path,
        keys: &BTreeMap<usize, String>,
    ) -> bool {
        let segments: Vec<String> =
            trait_path.segments.iter().map(|segment| segment.ident.to_string()).collect();
        let targets = self.resolve(module, &segments, 0);
        !targets.is_empty()
            && targets.iter().all(|target| match target {
                Target::Def(def) => !keys.contains_key(def),
                Target::Module(_) => true,
                Target::External(_) => false,
            })
    }
}

#[derive(Default)]
struct Reachable {
    defs: BTreeMap<usize, BTreeSet<String>>,
    modules: BTreeMap<usize, BTreeSet<String>>,
    external: BTreeMap<String, String>,
}

/// Each imported path of a `use` tree with the name it binds (`None` for a glob).
fn flatten(tree: &UseTree, prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    match tree {
        UseTree::Path(path) => {
            let mut next = prefix;
            next.push(path.ident.to_string());
            flatten(&path.tree, next, out);
        }
        UseTree::Name(name) if name.ident == "self" => {
            if let Some(last) = prefix.last().cloned() {
                out.push((prefix, Some(last)));
            }
        }
        UseTree::Name(name) => {
            let mut path = prefix;
            path.push(name.ident.to_string());
            out.push((path, Some(name.ident.to_string())));
        }
        UseTree::Rename(rename) => {
            let mut path = prefix;
            if rename.ident != "self" {
                path.push(rename.ident.to_string());
            }
            out.push((path, Some(rename.rename.to_string())));
        }
        UseTree::Glob(_) => out.push((prefix, None)),
        UseTree::Group(group) => {
            for inner in &group.items {
                flatten(inner, prefix.clone(), out);
            }
        }
    }
}

/// The path of a type that is a plain path (`Client`, `Builder<'a>`, `super::Client`),
/// without its generic arguments.
fn plain_path(ty: &Type) -> Option<Vec<String>> {
    match ty {
        Type::Group(group) => plain_path(&group.elem),
        Type::Paren(paren) => plain_path(&paren.elem),
        Type::Path(path) if path.qself.is_none() && path.path.leading_colon.is_none() => {
            Some(path.path.segments.iter().map(|segment| segment.ident.to_string()).collect())
        }
        _ => None,
    }
}

/// The path an item is known by: where it is defined when that is public (as rustdoc
/// shows it), else its shortest public path.
fn canonical(paths: &BTreeSet<String>, home: &str) -> String {
    if paths.contains(home) {
        return home.to_owned();
    }
    paths
        .iter()
        .min_by_key(|path| (path.matches("::").count(), (*path).clone()))
        .cloned()
        .unwrap_or_else(|| home.to_owned())
}

/// Inserts `item` under `key`, or under `key (kind)` when a name of the other namespace
/// has it already (a `fn x` beside a `mod x`).
fn insert(items: &mut BTreeMap<String, Item>, key: String, item: Item) -> String {
    let key = if items.contains_key(&key) { format!("{key} ({})", item.kind.name()) } else { key };
    items.insert(key.clone(), item);
    key
}

impl Item {
    fn new(
        kind: Kind,
        paths: BTreeSet<String>,
        features: BTreeSet<String>,
        declaration: String,
    ) -> Item {
        Item {
            kind,
            paths,
            features,
            shape: declaration.clone(),
            declaration,
            function: None,
            non_exhaustive: false,
            fields: BTreeMap::new(),
            private_fields: false,
            variants: BTreeMap::new(),
            impls: BTreeMap::new(),
            members: BTreeMap::new(),
        }
    }
}

/// The item `item` defines, reachable at `paths`.
fn describe(item: &SynItem, paths: BTreeSet<String>, features: BTreeSet<String>) -> Option<Item> {
    let generics_of = |generics: &syn::Generics| {
        format!("{}{}", syntax::generics(generics), syntax::where_clause(generics))
    };
    Some(match item {
        SynItem::Struct(item) => {
            let generics = generics_of(&item.generics);
            let mut described = Item::new(
                Kind::Struct,
                paths,
                features,
                format!("struct {}{generics}", item.ident),
            );
            let form = match &item.fields {
                Fields::Named(_) => "{}",
                Fields::Unnamed(_) => "()",
                Fields::Unit => ";",
            };
            described.shape = format!("struct{generics} {form}");
            add_fields(&mut described, &item.fields);
            described.non_exhaustive = syntax::non_exhaustive(&item.attrs);
            add_derives(&mut described, &item.attrs);
            described
        }
        SynItem::Union(item) => {
            let generics = generics_of(&item.generics);
            let mut described =
                Item::new(Kind::Union, paths, features, format!("union {}{generics}", item.ident));
            add_fields(&mut described, &item.fields.named);
            add_derives(&mut described, &item.attrs);
            described
        }
        SynItem::Enum(item) => {
            let generics = generics_of(&item.generics);
            let mut described =
                Item::new(Kind::Enum, paths, features, format!("enum {}{generics}", item.ident));
            described.non_exhaustive = syntax::non_exhaustive(&item.attrs);
            for variant in &item.variants {
                if syntax::doc_hidden(&variant.attrs) {
                    continue;
                }
                let fields: Vec<(String, String)> = variant
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(index, field)| {
                        let name =
                            field.ident.as_ref().map_or(index.to_string(), ToString::to_string);
                        (name, syntax::ty(&field.ty))
                    })
                    .collect();
                let declaration = match &variant.fields {
                    Fields::Named(_) => {
                        let list: Vec<String> =
                            fields.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
                        format!("{} {{ {} }}", variant.ident, list.join(", "))
                    }
                    Fields::Unnamed(_) => {
                        let list: Vec<&str> = fields.iter().map(|(_, ty)| ty.as_str()).collect();
                        format!("{}({})", variant.ident, list.join(", "))
                    }
                    Fields::Unit => variant.ident.to_string(),
                };
                described.variants.insert(
                    variant.ident.to_string(),
                    Variant {
                        declaration,
                        fields,
                        named: matches!(variant.fields, Fields::Named(_)),
                        non_exhaustive: syntax::non_exhaustive(&variant.attrs),
                    },
                );
            }
            add_derives(&mut described, &item.attrs);
            described
        }
        SynItem::Trait(item) => {
            let unsafety = if item.unsafety.is_some() { "unsafe " } else { "" };
            let supertraits = if item.supertraits.is_empty() {
                String::new()
            } else {
                format!(": {}", syntax::bounds(&item.supertraits))
            };
            let mut described = Item::new(
                Kind::Trait,
                paths,
                features,
                format!(
                    "{unsafety}trait {}{}{supertraits}{}",
                    item.ident,
                    syntax::generics(&item.generics),
                    syntax::where_clause(&item.generics)
                ),
            );
            for member in &item.items {
                if let Some((name, member)) = trait_member(member) {
                    described.members.insert(name, member);
                }
            }
            described
        }
        SynItem::TraitAlias(item) => Item::new(
            Kind::Trait,
            paths,
            features,
            format!(
                "trait {}{} = {}",
                item.ident,
                generics_of(&item.generics),
                syntax::bounds(&item.bounds)
            ),
        ),
        SynItem::Fn(item) => {
            let signature = syntax::signature(&item.sig);
            let mut described = Item::new(Kind::Function, paths, features, signature.text.clone());
            described.shape = fn_shape(&signature);
            described.function = Some(signature);
            described
        }
        SynItem::Type(item) => Item::new(
            Kind::TypeAlias,
            paths,
            features,
            format!(
                "type {}{} = {}",
                item.ident,
                generics_of(&item.generics),
                syntax::ty(&item.ty)
            ),
        ),
        SynItem::Const(item) => Item::new(
            Kind::Const,
            paths,
            features,
            format!("const {}: {}", item.ident, syntax::ty(&item.ty)),
        ),
        SynItem::Static(item) => {
            let mutability =
                if matches!(item.mutability, syn::StaticMutability::Mut(_)) { "mut " } else { "" };
            Item::new(
                Kind::Static,
                paths,
                features,
                format!("static {mutability}{}: {}", item.ident, syntax::ty(&item.ty)),
            )
        }
        _ => return None,
    })
}

fn add_fields<'a>(item: &mut Item, fields: impl IntoIterator<Item = &'a syn::Field>) {
    for (index, field) in fields.into_iter().enumerate() {
        if is_pub(&field.vis) && !syntax::doc_hidden(&field.attrs) {
            let name = field.ident.as_ref().map_or(index.to_string(), ToString::to_string);
            item.fields.insert(name, syntax::ty(&field.ty));
        } else {
            item.private_fields = true;
        }
    }
}

fn add_derives(item: &mut Item, attrs: &[syn::Attribute]) {
    for derived in syntax::derives(attrs) {
        item.impls.insert(
            derived,
            Impl { derived: true, associated: BTreeMap::new(), features: BTreeSet::new() },
        );
    }
}

/// What is compared of a function: its qualifiers, generics, parameter types and return
/// type.
pub fn fn_shape(signature: &FnSignature) -> String {
    format!(
        "{}fn{}({}) -> {}",
        signature.qualifiers,
        signature.generics,
        signature.params.join(", "),
        signature.output
    )
}

fn function_member(sig: &syn::Signature, features: BTreeSet<String>, provided: bool) -> Member {
    let signature = syntax::signature(sig);
    let kind = if matches!(sig.inputs.first(), Some(syn::FnArg::Receiver(_))) {
        MemberKind::Method
    } else {
        MemberKind::Function
    };
    Member {
        kind,
        declaration: signature.text.clone(),
        shape: fn_shape(&signature),
        function: Some(signature),
        features,
        provided,
    }
}

fn plain_member(
    kind: MemberKind,
    declaration: String,
    features: BTreeSet<String>,
    provided: bool,
) -> Member {
    Member { kind, shape: declaration.clone(), declaration, function: None, features, provided }
}

/// The public members of an inherent `impl` block, each with the features it needs beyond
/// its type's (`extra` for the block's own).
fn add_inherent(item: &mut Item, block: &syn::ItemImpl, extra: &BTreeSet<String>) {
    for member in &block.items {
        let (attrs, vis) = match member {
            ImplItem::Fn(function) => (&function.attrs, &function.vis),
            ImplItem::Const(constant) => (&constant.attrs, &constant.vis),
            _ => continue,
        };
        if !is_pub(vis) || syntax::doc_hidden(attrs) {
            continue;
        }
        let mut features = extra.clone();
        match syntax::cfg(attrs) {
            Cfg::Test => continue,
            Cfg::Needs(needs) => features.extend(needs.difference(&item.features).cloned()),
        }
        let (name, member) = match member {
            ImplItem::Fn(function) => {
                (function.sig.ident.to_string(), function_member(&function.sig, features, false))
            }
            ImplItem::Const(constant) => (
                constant.ident.to_string(),
                plain_member(
                    MemberKind::Const,
                    format!("const {}: {}", constant.ident, syntax::ty(&constant.ty)),
                    features,
                    false,
                ),
            ),
            _ => continue,
        };
        item.members.insert(name, member);
    }
}

fn trait_member(member: &TraitItem) -> Option<(String, Member)> {
    let features = match member {
        TraitItem::Fn(function) => syntax::cfg(&function.attrs),
        TraitItem::Const(constant) => syntax::cfg(&constant.attrs),
        TraitItem::Type(assoc) => syntax::cfg(&assoc.attrs),
        _ => return None,
    };
    let Cfg::Needs(features) = features else { return None };
    Some(match member {
        TraitItem::Fn(function) => (
            function.sig.ident.to_string(),
            function_member(&function.sig, features, function.default.is_some()),
        ),
        TraitItem::Const(constant) => (
            constant.ident.to_string(),
            plain_member(
                MemberKind::Const,
                format!("const {}: {}", constant.ident, syntax::ty(&constant.ty)),
                features,
                constant.default.is_some(),
            ),
        ),
        TraitItem::Type(assoc) => {
            let bounds = if assoc.bounds.is_empty() {
                String::new()
            } else {
                format!(": {}", syntax::bounds(&assoc.bounds))
            };
            (
                assoc.ident.to_string(),
                plain_member(
                    MemberKind::Type,
                    format!("type {}{bounds}", assoc.ident),
                    features,
                    assoc.default.is_some(),
                ),
            )
        }
        _ => return None,
    })
}
