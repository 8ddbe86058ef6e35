//! Values for conformance tests: JSON that a schema of the document accepts.
//!
//! The conformance tests call every operation of a document against a mock server (Stoplight
//! Prism) that validates each request against the document. Their arguments come from the
//! document's examples or, where it has none, from [`instance`], which builds a value from the
//! schema alone. [`conforms`] checks a value against a schema the same way, for examples taken
//! from elsewhere in the document (a media type's `example`).
//!
//! [`instance`]: crate::conformance::instance()
//! [`conforms`]: crate::conformance::conforms
//! [`Direction::Request`]: crate::conformance::Direction::Request
//! [`Direction::Response`]: crate::conformance::Direction::Response
//!
//! # Rules
//!
//! In order of preference, for one schema:
//!
//! 1. `$ref`s to local JSON pointers are followed (`~0`, `~1` and percent escapes decoded,
//!    chains too); another document's `$ref` gives `None`. In 3.1, keywords beside a `$ref`
//!    apply as if both were in an `allOf`. In 3.0, where the standard ignores them, only those
//!    the generator merges into the type apply (`properties`, `required`, `allOf`,
//!    `additionalProperties`), with `nullable` (which admits `null`), `readOnly` and
//!    `writeOnly`.
//! 2. A value the document gives: the schema's `example`, its 3.1 `examples` in order, the
//!    value at this place in an enclosing example, then `default`, `const` and the `enum`
//!    values, the first that is valid for the whole schema. With `enum` or `const`, nothing
//!    else is valid, so none valid gives `None`.
//! 3. `allOf` members (and `$ref` targets) are merged: every `properties` and `required` list
//!    applies, and so do all bounds (the tightest wins). For `oneOf`/`anyOf`, the first
//!    alternative that gives a valid value is taken, `null` alternatives last; `oneOf` must
//!    match exactly one alternative, so an alternative whose value also matches another is
//!    passed over. With a `discriminator`, the property is set to the `mapping` key that
//!    points at the chosen alternative, else to the name of the schema its `$ref` names; a
//!    schema that includes a discriminated base through `allOf` gets its own mapping key or
//!    component name likewise.
//! 4. By type: the types every part allows (a 3.0 `type` with `nullable`, a 3.1 list), non-null
//!    first. Without `type`, the keywords suggest one (`properties` an object, `items` an
//!    array, `pattern` a string...); a schema that allows anything gives the string
//!    `"example"`.
//!    - Strings: the `format`'s typical value (`date-time` `2024-01-02T03:04:05Z`, `date`
//!      `2024-01-02`, `time` `03:04:05Z`, `uuid`, `email` `user@example.com`, `uri`
//!      `https://example.com`, `hostname`, `ipv4`, `ipv6`, `byte` as base64, integer and
//!      decimal formats as `"1"`...), else a string matching the `pattern`, else
//!      `"example"`, within `minLength`/`maxLength`. For a pattern, the shortest simple match
//!      of its syntax tree (`^[a-z]{3}-[0-9]+$` gives `aaa-0`), lengthened by repeating to
//!      reach `minLength`; look-aheads at the start of an anchored pattern are checked apart,
//!      other look-arounds (which Rust's `regex` lacks) give `None`.
//!    - Integers and numbers: 1 when allowed, else the allowed value nearest to it, honouring
//!      `minimum`/`maximum`, both forms of `exclusiveMinimum`/`exclusiveMaximum` (3.0
//!      booleans, 3.1 numbers), `multipleOf`, and the range of `int32`, `int64`, `uint8`...
//!    - Booleans: `true`.
//!    - Arrays: `max(minItems, 1)` items (as many as `prefixItems` has, for a tuple), none when
//!      `maxItems` is 0; items of a `uniqueItems` array are made to differ (other enum values,
//!      other characters of a pattern, other numbers, `"example1"`...).
//!    - Objects: the `required` properties only, plus optional ones (then
//!      `additionalProperties`, named `additionalProp1`...) up to `minProperties`.
//!      `readOnly` properties are left out of [`Direction::Request`] values and `writeOnly`
//!      ones out of [`Direction::Response`] values, and are not required there.
//!
//! # Recursion
//!
//! A schema met again while building a value nested inside its own (a `$ref` back to a schema
//! whose value is being built, directly or through a chosen union alternative) is not entered
//! a second time: that nested value fails. The failure ends where the schema allows it: an
//! array that may be empty (no `minItems`) is empty, a nullable value is `null`, an optional
//! property is not built anyway, and a union tries its next alternative. So
//! `Node {children: [Node]}` with `children` required gives `{"children": []}`, and a
//! recursion that every value must follow (a required, non-nullable property) gives `None`.
//! A one-member `allOf` (3.0's way of annotating a `$ref`) counts as the `$ref` it holds.
//! Depth (48 nested values), work (20,000 schemas per call) and size (10,000 items or
//! characters) are bounded as well.
//!
//! # Checking
//!
//! Every value is checked against the schema (see [`conforms`]) before it is returned, and a
//! candidate that fails is passed over for the next; so what `instance` returns is valid as
//! far as that check knows, which covers what Prism checks except formats it does not know.

mod cases;
mod instance;
mod pattern;
mod validate;

#[cfg(test)]
mod tests;

pub use cases::{Case, cases};
pub use instance::{Direction, instance};
pub use validate::{conforms, to_json};
