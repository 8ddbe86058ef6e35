//! The names a user of a generated crate writes, as a reviewer sees them: every public item
//! of the crate generated from a corpus document with many inline schemas (Spotify's), one a
//! line, so that a change to how types, operations or methods are named shows in review.
//! Read from the emitted code with `syn` rather than from the model, so that the list is what
//! users see whatever the emitters make of the model.

use std::path::Path;

use syn::{ImplItem, Item, Type, Visibility};
use tests::workspace_root;

/// `module kind name` for every public item of the crate's own modules (the inlined runtime
/// left out: its names are the runtime crate's), and `module fn Type::method` for every public
/// method of an inherent `impl`; sorted.
fn public_names(files: &generator::emit::Files) -> Vec<String> {
    let mut names = Vec::new();
    for (path, text) in files {
        let Some(module) = module_of(path) else { continue };
        let file =
            syn::parse_file(text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for item in &file.items {
            names.extend(item_names(item).map(|name| format!("{module} {name}")));
        }
    }
    names.sort();
    names
}

/// `types` for `src/types.rs`, `client::albums` for `src/client/albums.rs`, `crate` for
/// `src/lib.rs`; `None` for files outside `src/`, that are not Rust or are the runtime's.
fn module_of(path: &Path) -> Option<String> {
    let inside = path.strip_prefix("src").ok()?;
    if inside.starts_with("runtime") || path.extension()? != "rs" {
        return None;
    }
    let module = inside.with_extension("").display().to_string().replace('/', "::");
    Some(if module == "lib" { "crate".to_owned() } else { module })
}

/// The names an item gives its users: its own when it is public, and the public methods of
/// an inherent `impl`.
fn item_names(item: &Item) -> Box<dyn Iterator<Item = String> + '_> {
    let public = |vis: &Visibility| matches!(vis, Visibility::Public(_));
    let named = |kind: &str, vis: &Visibility, ident: &syn::Ident| {
        public(vis).then(|| format!("{kind} {ident}"))
    };
    let own = match item {
        Item::Struct(item) => named("struct", &item.vis, &item.ident),
        Item::Enum(item) => named("enum", &item.vis, &item.ident),
        Item::Type(item) => named("type", &item.vis, &item.ident),
        Item::Fn(item) => named("fn", &item.vis, &item.sig.ident),
        Item::Trait(item) => named("trait", &item.vis, &item.ident),
        Item::Const(item) => named("const", &item.vis, &item.ident),
        Item::Static(item) => named("static", &item.vis, &item.ident),
        Item::Mod(item) => named("mod", &item.vis, &item.ident),
        Item::Impl(item) if item.trait_.is_none() => {
            let owner = match item.self_ty.as_ref() {
                Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            };
            let owner = owner.unwrap_or_else(|| "?".to_owned());
            return Box::new(item.items.iter().filter_map(move |member| match member {
                ImplItem::Fn(method) if public(&method.vis) => {
                    Some(format!("fn {owner}::{}", method.sig.ident))
                }
                _ => None,
            }));
        }
        _ => None,
    };
    Box::new(own.into_iter())
}

#[test]
fn public_names_of_the_spotify_crate() {
    let path = workspace_root().join("tests/corpus/spotify-fixed.yaml");
    let model = generator::model_from_file(&path).unwrap_or_else(|report| panic!("{report}"));
    let files = generator::emit::standalone_crate("spotify", &model.api, "spotify-fixed.yaml");
    insta::assert_snapshot!("spotify_public_names", public_names(&files).join("\n"));
}
