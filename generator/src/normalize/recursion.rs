//! Types that contain themselves: Rust needs a `Box` somewhere on every cycle of direct
//! containment, and cannot express a recursive type alias at all.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Location};
use crate::ir::{Newtype, TypeDef, TypeKind, TypeRef};
use crate::load::Pointer;

use super::Normalizer;

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
            let pointer = Pointer::from_ref(&first.origin);
            let span = self
                .document
                .root
                .pointer(pointer.fragment())
                .map(|node| node.span)
                .unwrap_or_default();
            let message = format!(
                "`$ref` cycle that cannot be boxed: {} refer to each other and never reach a schema with content",
                names.join(", ")
            );
            let diagnostic = Diagnostic::error(message, Some(Location { span, pointer }))
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
        TypeRef::Primitive(_) | TypeRef::Any => {}
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
