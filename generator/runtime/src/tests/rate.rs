//! The turns a rate limit gives: evenly spaced, never earlier than asked for, shared.

use std::time::Duration;

use tokio::time::Instant;

use crate::rate::RateLimit;

#[test]
fn attempts_ready_together_take_turns_one_interval_apart() {
    let limit = RateLimit::new(4, Duration::from_secs(1)).expect("a limit");
    let start = Instant::now();
    let turns: Vec<Duration> = (0..3).map(|_| limit.take_turn(start) - start).collect();
    assert_eq!(turns, [Duration::ZERO, Duration::from_millis(250), Duration::from_millis(500)]);
}

#[test]
fn an_attempt_after_a_quiet_spell_goes_at_once() {
    let limit = RateLimit::new(2, Duration::from_secs(1)).expect("a limit");
    let start = Instant::now();
    assert_eq!(limit.take_turn(start), start);
    let later = start + Duration::from_secs(5);
    assert_eq!(limit.take_turn(later), later);
    assert_eq!(limit.take_turn(later), later + Duration::from_millis(500));
}

#[test]
fn a_limit_of_no_requests_is_refused() {
    assert!(RateLimit::new(0, Duration::from_secs(1)).is_none());
}
