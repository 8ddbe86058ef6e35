//! What the emitters of one API share, worked out once per API and passed to each of them
//! (prost-build's `Context`): the cargo feature of every operation and type, and the plan of
//! every operation's method.

use crate::ir::Api;

use super::features::{Directions, Features};
use super::operations::{Plan, plans};
use super::parallel;

/// One API and the analyses its emitters query.
pub struct ApiContext<'a> {
    /// The model.
    pub api: &'a Api,
    /// The cargo feature of each operation and the features that reach each type.
    pub features: Features,
    /// Each operation's method: arguments, body, responses, and the names of its types.
    pub plans: Vec<Plan<'a>>,
    /// Which types a request carries, and which a response: the serde traits each needs.
    pub directions: Directions,
}

impl<'a> ApiContext<'a> {
    /// The analyses of `api`; `feature_prefix` starts its feature names in a crate that holds
    /// several APIs (`courier` → `courier-device-tokens`).
    pub fn new(api: &'a Api, feature_prefix: Option<&str>) -> Self {
        // Independent of each other: the plans on one core, the type graph's walks on another.
        let ((features, directions), plans) = parallel::join(
            || (Features::new(api, feature_prefix), Directions::new(api)),
            || plans(api),
        );
        ApiContext { api, features, plans, directions }
    }
}
