//! `RateLimit`: a client's requests spaced so that they stay within the rate an API allows,
//! whichever call, page or retry sends them.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `requests` every `period`, as one request every `period / requests`: each attempt
/// takes the next free turn, and waits for it. Clones of a client share their turns.
#[derive(Debug)]
pub(super) struct RateLimit {
    interval: Duration,
    /// The earliest time the next attempt may start; `None` before the first.
    next: Mutex<Option<Instant>>,
}

impl RateLimit {
    /// A limit of `requests` every `period`; `None` for no requests at all, which would be
    /// no limit anyone means.
    pub(super) fn new(requests: u32, period: Duration) -> Option<Self> {
        let interval = period.checked_div(requests)?;
        Some(RateLimit { interval, next: Mutex::new(None) })
    }

    /// Takes the next turn for an attempt that is ready at `now`: when it may start.
    pub(super) fn take_turn(&self, now: Instant) -> Instant {
        // A panic elsewhere while holding the lock left a time in it, which is still valid.
        let mut next = self.next.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let turn = next.map_or(now, |next| next.max(now));
        *next = Some(turn + self.interval);
        turn
    }

    /// Waits for the next turn.
    pub(super) async fn wait(&self) {
        let turn = self.take_turn(Instant::now());
        tokio::time::sleep_until(turn).await;
    }
}
