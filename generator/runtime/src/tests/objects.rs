//! How the runtime keeps track of the properties of an object it has read.

use crate::objects::Seen;

/// A property read twice is found whether the struct keeps its positions in bits (up to 64
/// properties) or in a vector.
#[test]
fn a_property_is_seen_once_however_many_the_struct_has() {
    for count in [1, 64, 65, 200] {
        let mut seen = Seen::new(count);
        for index in 0..count {
            assert!(seen.insert(index), "{count}: {index} is new");
        }
        for index in [0, count / 2, count - 1] {
            assert!(!seen.insert(index), "{count}: {index} was seen");
        }
    }
}
