//! How many of an API's operations the generated client streams, for reports such as
//! `cargo xtask corpus`'s: the decisions are the plans' own ([`Plan::streams`],
//! [`Plan::events`], [`Plan::downloads`]), counted here so that no report decides again.

use crate::ir::Api;

use super::operations::{Payload, plans};

/// The operations of one API whose bodies the client streams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streaming {
    /// Operations whose one success is `text/event-stream`: `.await` gives an event stream.
    pub events: usize,
    /// Operations whose one success offers events beside another media type: they have
    /// `send_events`.
    pub events_on_request: usize,
    /// Operations whose one success is bytes: they have `send_streaming`.
    pub downloads: usize,
    /// Operations whose body is bytes, which a stream or a file can be.
    pub uploads: usize,
}

/// Counts the operations of `api` the client streams.
pub fn streaming(api: &Api) -> Streaming {
    let mut counts = Streaming::default();
    for plan in plans(api) {
        counts.events += usize::from(plan.streams());
        counts.events_on_request += usize::from(plan.events.is_some());
        counts.downloads += usize::from(plan.downloads());
        counts.uploads += usize::from(matches!(plan.body, Some((Payload::Bytes(_), _, _))));
    }
    counts
}
