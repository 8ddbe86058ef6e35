//! Untagged unions that are among their own alternatives
//! (`A: {oneOf: [{$ref: A}, {type: string}]}`, or `A` → `B` → `A`): decoding such a union
//! tries itself before reading any input, forever. The values of every union of such a
//! cycle are exactly the alternatives that leave it, so those stand in for the ones that
//! close it.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::Diagnostic;
use crate::ir::{TypeKind, TypeRef, UnionVariant};
use crate::naming::Scope;

use super::Normalizer;
use super::recursion::{Edge, strongly_connected};

impl Normalizer<'_> {
    /// Replaces, in every untagged union, each alternative that leads back to the union
    /// without reading input (through other untagged unions and aliases) by the alternatives
    /// that leave the cycle, with a warning; a cycle with no way out is an error.
    pub(super) fn break_union_cycles(&mut self) {
        let index: HashMap<String, usize> =
            self.types.keys().enumerate().map(|(i, name)| (name.clone(), i)).collect();
        let graph: Vec<Vec<Edge>> = self
            .types
            .values()
            .map(|def| {
                passes_through(&def.kind)
                    .filter_map(|ty| index.get(ty.named()?).map(|&to| Edge { to, direct: true }))
                    .collect()
            })
            .collect();
        let component = strongly_connected(&graph);
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for (node, &c) in component.iter().enumerate() {
            members.entry(c).or_default().push(node);
        }
        let cyclic = |node: usize| {
            members[&component[node]].len() > 1 || graph[node].iter().any(|edge| edge.to == node)
        };
        let in_cycle = |node: usize, ty: &TypeRef| {
            ty.named()
                .and_then(|name| index.get(name))
                .is_some_and(|&to| component[to] == component[node] && cyclic(node))
        };

        // Per cycle, the alternatives that leave it, in the order of the types and their
        // alternatives, without repeats.
        let mut exits: HashMap<usize, Vec<UnionVariant>> = HashMap::new();
        let mut replaced: Vec<(usize, Vec<String>)> = Vec::new();
        for (node, def) in self.types.values().enumerate() {
            let TypeKind::Union(union) = &def.kind else { continue };
            if union.tag.is_some() || !cyclic(node) {
                continue;
            }
            let closing: Vec<String> = union
                .variants
                .iter()
                .filter(|variant| in_cycle(node, &variant.ty))
                .filter_map(|variant| variant.ty.named().map(str::to_owned))
                .collect();
            if closing.is_empty() {
                continue;
            }
            let exits = exits.entry(component[node]).or_default();
            for variant in &union.variants {
                if !in_cycle(node, &variant.ty) && !exits.iter().any(|exit| exit.ty == variant.ty) {
                    exits.push(variant.clone());
                }
            }
            replaced.push((node, closing));
        }
        let names: Vec<String> = self.types.keys().cloned().collect();
        let mut stuck: HashSet<usize> = HashSet::new();
        for (node, closing) in replaced {
            let cycle = component[node];
            let exits = exits.get(&cycle).map(Vec::as_slice).unwrap_or_default();
            let Some(def) = self.types.get_index_mut(node).map(|(_, def)| def) else { continue };
            let TypeKind::Union(union) = &mut def.kind else { continue };
            let mut scope = Scope::new();
            let mut variants: Vec<UnionVariant> = Vec::new();
            for variant in union.variants.drain(..) {
                if !in_cycle(node, &variant.ty) {
                    scope.claim(&variant.name);
                    variants.push(variant);
                }
            }
            for exit in exits {
                if !variants.iter().any(|variant| variant.ty == exit.ty) {
                    let name = scope.claim(&exit.name);
                    variants.push(UnionVariant { name, boxed: false, ..exit.clone() });
                }
            }
            union.variants = variants;
            let origin = def.origin.clone();
            let name = &names[node];
            let (message, error) = if exits.is_empty() {
                if !stuck.insert(cycle) {
                    continue;
                }
                let mut cycle_names: Vec<&str> =
                    members[&cycle].iter().map(|&member| names[member].as_str()).collect();
                cycle_names.sort_unstable();
                let message = format!(
                    "union `{name}` has no alternative that is not itself or one of {}: it describes no value",
                    cycle_names.join(", ")
                );
                (message, true)
            } else {
                let through = closing
                    .iter()
                    .map(|target| format!("`{target}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let message = format!(
                    "union `{name}` is among its own alternatives (through {through}): decoding would try it forever, so the alternatives that lead elsewhere take its place"
                );
                (message, false)
            };
            let location = Some(self.origin_location(&origin));
            self.push(if error {
                Diagnostic::error(message, location)
            } else {
                Diagnostic::warning(message, location)
            });
        }
    }
}

/// The types a value of `kind` is decoded as without reading any input first: those it is
/// ([`TypeKind::parts`]), but for a tagged union, which reads its tag first.
fn passes_through(kind: &TypeKind) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match kind {
        TypeKind::Union(union) if union.tag.is_some() => Box::new(std::iter::empty()),
        _ => kind.parts(),
    }
}
