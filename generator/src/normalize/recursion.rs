//! Types that contain themselves: Rust needs a `Box` somewhere on every cycle of direct
//! containment, and cannot express a recursive type alias at all.

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::Diagnostic;
use crate::ir::{Newtype, TypeDef, TypeKind, TypeRef};

use super::Normalizer;

/// Most levels of types one inside another in the model, following named types into their
/// fields, variants and items, and counting each cycle once (a cycle is boxed, and the walks
/// over types stop where they meet a type again). The emitters' walks over a type recurse once
/// per level (`emit/layout.rs` sizes a type by its fields'), so this bounds their stack, as
/// [`super::schema::MAX_NESTING`] bounds the normaliser's: a document can chain thousands of
/// components. Real documents nest a few dozen levels.
pub(super) const MAX_TYPE_DEPTH: usize = 512;

/// An edge of the containment graph: type `from` uses type `to`, inline (`direct`) or
/// behind a heap allocation (a `Vec` or a map).
pub(super) struct Edge {
    pub(super) to: usize,
    pub(super) direct: bool,
}

impl Normalizer<'_> {
    /// Boxes every direct use of a type that lies on a cycle, turns aliases on a cycle into
    /// newtypes, and reports cycles made of aliases alone (`A = B`, `B = A`), which describe
    /// no value at all.
    pub(super) fn box_recursive_types(&mut self) {
        let index: HashMap<String, usize> =
            self.types.keys().enumerate().map(|(i, name)| (name.clone(), i)).collect();
        let graph: Vec<Vec<Edge>> = self.types.values().map(|def| edges(def, &index)).collect();
        let component = strongly_connected(&graph);
        let mut size = vec![0usize; graph.len()];
        for &c in &component {
            size[c] += 1;
        }
        let on_cycle = |from: usize, to: usize| {
            component[from] == component[to] && (size[component[from]] > 1 || from == to)
        };

        let mut alias_cycles: HashMap<usize, Vec<String>> = HashMap::new();
        for (from, def) in self.types.values_mut().enumerate() {
            let cyclic = |ty: &TypeRef| match ty {
                TypeRef::Named(name) => {
                    index.get(name.as_str()).is_some_and(|&to| on_cycle(from, to))
                }
                _ => false,
            };
            match &mut def.kind {
                TypeKind::Struct(structure) => {
                    for field in &mut structure.fields {
                        field.boxed = cyclic(&field.ty);
                    }
                }
                TypeKind::Union(union) => {
                    for variant in &mut union.variants {
                        variant.boxed = cyclic(&variant.ty);
                    }
                }
                TypeKind::Newtype(newtype) => newtype.boxed = cyclic(&newtype.ty),
                TypeKind::Alias(ty) => {
                    let on_any_cycle = graph[from].iter().any(|edge| on_cycle(from, edge.to));
                    if on_any_cycle {
                        let boxed = cyclic(ty);
                        def.kind = TypeKind::Newtype(Newtype { ty: ty.clone(), boxed });
                        if graph[from].iter().all(|edge| edge.direct) {
                            alias_cycles.entry(component[from]).or_default().push(def.name.clone());
                        }
                    }
                }
                TypeKind::Enum(_) => {}
            }
        }
        self.report_alias_cycles(alias_cycles, &component);
        self.check_type_depth(&index, &component);
    }

    /// Reports the deepest chain of types one inside another when it is deeper than
    /// [`MAX_TYPE_DEPTH`], at the type it starts from. Linear: components are met in the order
    /// Tarjan's algorithm numbers them, every one after those it contains.
    fn check_type_depth(&mut self, index: &HashMap<String, usize>, component: &[usize]) {
        let count = component.iter().map(|&c| c + 1).max().unwrap_or(0);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (node, &c) in component.iter().enumerate() {
            members[c].push(node);
        }
        let uses: Vec<(usize, Vec<(usize, usize)>)> = self
            .types
            .values()
            .map(|def| {
                let mut uses = Vec::new();
                let own = def_types(def).map(|ty| levels(ty, 1, index, &mut uses)).max();
                (own.unwrap_or(1), uses)
            })
            .collect();
        // The depth of each component, and the type of another component that gives it.
        let mut depth = vec![0usize; count];
        let mut next: Vec<Option<usize>> = vec![None; count];
        let mut type_depth = vec![0usize; component.len()];
        for c in 0..count {
            for &node in &members[c] {
                let (own, edges) = &uses[node];
                let mut deepest = (*own, None);
                for &(to, level) in edges {
                    if component[to] != c && level + depth[component[to]] > deepest.0 {
                        deepest = (level + depth[component[to]], Some(to));
                    }
                }
                type_depth[node] = deepest.0;
                if deepest.0 > depth[c] {
                    (depth[c], next[c]) = deepest;
                }
            }
        }
        let Some((start, &deepest)) =
            type_depth.iter().enumerate().max_by_key(|&(i, d)| (*d, std::cmp::Reverse(i)))
        else {
            return;
        };
        if deepest <= MAX_TYPE_DEPTH {
            return;
        }
        let names: Vec<&str> = self.types.keys().map(String::as_str).collect();
        let mut chain = vec![names[start]];
        let mut at = start;
        while chain.len() < 3 {
            let Some(to) = next[component[at]] else { break };
            chain.push(names[to]);
            at = to;
        }
        let Some(first) = self.types.get_index(start).map(|(_, def)| def) else { return };
        let location = self.origin_location(&first.origin);
        let quoted: Vec<String> = chain.iter().map(|name| format!("`{name}`")).collect();
        let message = format!(
            "types nest more than {MAX_TYPE_DEPTH} levels deep: {} contains {}, and so on",
            quoted[0],
            quoted[1..].join(", which contains ")
        );
        let diagnostic = Diagnostic::error(message, Some(location))
            .with_help("shorten the chain: a type can refer to another through an array or a map only as deep as the types nest");
        self.push(diagnostic);
    }

    /// A cycle whose every member is a plain alias of the next one describes no value.
    fn report_alias_cycles(
        &mut self,
        alias_cycles: HashMap<usize, Vec<String>>,
        component: &[usize],
    ) {
        let mut cycles: Vec<(usize, Vec<String>)> = alias_cycles
            .into_iter()
            .filter(|(c, names)| component.iter().filter(|&&x| x == *c).count() == names.len())
            .collect();
        cycles.sort();
        for (_, mut names) in cycles {
            names.sort();
            let Some(first) = self.types.get(&names[0]) else {
                continue;
            };
            let location = self.origin_location(&first.origin);
            let message = format!(
                "`$ref` cycle that cannot be boxed: {} refer to each other and never reach a schema with content",
                names.join(", ")
            );
            let diagnostic = Diagnostic::error(message, Some(location))
                .with_help("a schema can contain itself only through a property, an array item or a union member");
            self.push(diagnostic);
        }
    }
}

fn edges(def: &TypeDef, index: &HashMap<String, usize>) -> Vec<Edge> {
    let mut out = Vec::new();
    let mut add = |ty: &TypeRef| collect(ty, true, index, &mut out);
    match &def.kind {
        TypeKind::Struct(structure) => {
            structure.fields.iter().for_each(|field| add(&field.ty));
            if let Some(additional) = &structure.additional {
                collect(&additional.ty, false, index, &mut out);
            }
        }
        TypeKind::Union(union) => union.variants.iter().for_each(|variant| add(&variant.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(Newtype { ty, .. }) => add(ty),
        TypeKind::Enum(_) => {}
    }
    out
}

fn collect(ty: &TypeRef, direct: bool, index: &HashMap<String, usize>, out: &mut Vec<Edge>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(&to) = index.get(name.as_str()) {
                out.push(Edge { to, direct });
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => collect(inner, false, index, out),
        TypeRef::Nullable(inner) => collect(inner, direct, index, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| collect(item, direct, index, out)),
        TypeRef::Primitive(_) | TypeRef::Any | TypeRef::External(_) => {}
    }
}

/// The types a definition is made of: its fields', variants', or the one it wraps.
fn def_types(def: &TypeDef) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match &def.kind {
        TypeKind::Struct(structure) => Box::new(
            structure
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(structure.additional.iter().map(|a| &a.ty)),
        ),
        TypeKind::Union(union) => Box::new(union.variants.iter().map(|variant| &variant.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(Newtype { ty, .. }) => {
            Box::new(std::iter::once(ty))
        }
        TypeKind::Enum(_) => Box::new(std::iter::empty()),
    }
}

/// The levels `ty` nests, itself at `level`, adding to `uses` each named type in it with the
/// level it is at.
fn levels(
    ty: &TypeRef,
    level: usize,
    index: &HashMap<String, usize>,
    uses: &mut Vec<(usize, usize)>,
) -> usize {
    match ty {
        TypeRef::Named(name) => {
            if let Some(&to) = index.get(name.as_str()) {
                uses.push((to, level));
            }
            level
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            levels(inner, level + 1, index, uses)
        }
        TypeRef::Tuple(items) => {
            items.iter().map(|item| levels(item, level + 1, index, uses)).max().unwrap_or(level)
        }
        TypeRef::Primitive(_) | TypeRef::Any | TypeRef::External(_) => level,
    }
}

/// Tarjan's algorithm without recursion (documents can chain thousands of types): the
/// strongly connected component of every node, numbered from 0.
pub(super) fn strongly_connected(graph: &[Vec<Edge>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = graph.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; n];
    let mut next_order = 0;
    let mut next_component = 0;
    for start in 0..n {
        if order[start] != UNVISITED {
            continue;
        }
        let mut frames: Vec<(usize, usize)> = vec![(start, 0)];
        order[start] = next_order;
        low[start] = next_order;
        next_order += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut next_edge)) = frames.last_mut() {
            if let Some(edge) = graph[node].get(*next_edge) {
                *next_edge += 1;
                let to = edge.to;
                if order[to] == UNVISITED {
                    order[to] = next_order;
                    low[to] = next_order;
                    next_order += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    frames.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[&[usize]]) -> Vec<Vec<Edge>> {
        edges.iter().map(|to| to.iter().map(|&to| Edge { to, direct: true }).collect()).collect()
    }

    #[test]
    fn components_group_cycles_only() {
        let c = strongly_connected(&graph(&[&[1], &[2], &[0], &[3], &[]]));
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[3], c[4]);
    }
}
