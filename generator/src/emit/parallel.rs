//! Emitting on every core. The files of an API's module are written from the same model
//! and share nothing else, so they are written at once, each core taking the next file to
//! write when it is done with one: on two cores, GitHub's files take 32 ms instead of 64.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// The most threads emitting uses: more cores than files to share gain nothing.
const MAX_THREADS: usize = 8;

/// `write` of each of `parts`, in their order, written on as many threads as the machine has
/// cores, each taking the next part when done with one, so that a large part first and small
/// ones after keep the cores equally busy. Where no thread can be started, this one writes
/// them all, so a process at its limit of threads still generates. A panic in `write`
/// reaches the caller as it would without the threads.
pub fn map<T: Sync, R: Send>(parts: &[T], write: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(index) else { return done };
            done.push((index, write(part)));
        }
    };
    let threads = thread::available_parallelism().map_or(1, usize::from).min(MAX_THREADS);
    let mut written: Vec<(usize, R)> = thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(parts.len()))
            .filter_map(|_| thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mut written = work();
        for helper in helpers {
            written
                .extend(helper.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload)));
        }
        written
    });
    written.sort_unstable_by_key(|(index, _)| *index);
    written.into_iter().map(|(_, part)| part).collect()
}

/// `first()` and `second()`, `first` on a thread of its own where one can be started and
/// both on this thread where not. A panic in either reaches the caller as it would without
/// the thread.
pub fn join<A: Send, B>(first: impl Fn() -> A + Sync, second: impl FnOnce() -> B) -> (A, B) {
    thread::scope(|scope| {
        let spawned = thread::Builder::new().spawn_scoped(scope, &first);
        let second = second();
        let first = match spawned {
            Ok(handle) => {
                handle.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload))
            }
            Err(_) => first(),
        };
        (first, second)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_is_written_once_and_given_back_in_order() {
        let parts: Vec<usize> = (0..1000).collect();
        let calls = AtomicUsize::new(0);
        let written = map(&parts, |part| {
            calls.fetch_add(1, Ordering::Relaxed);
            part * 2
        });
        assert_eq!(written, (0..1000).map(|part| part * 2).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::Relaxed), 1000);
        assert_eq!(map(&[] as &[usize], |part| *part), Vec::<usize>::new());
    }

    #[test]
    fn both_halves_of_a_join_are_given_back_in_their_places() {
        assert_eq!(join(|| "first".len(), || "second"), (5, "second"));
    }

    #[test]
    fn a_panic_in_a_part_reaches_the_caller_with_its_message() {
        let parts: Vec<usize> = (0..64).collect();
        let outcome = std::panic::catch_unwind(|| {
            map(&parts, |part| if *part == 63 { panic!("part {part} failed") } else { *part })
        });
        let payload = outcome.expect_err("the panic is passed on");
        assert_eq!(payload.downcast_ref::<String>().map(String::as_str), Some("part 63 failed"));
    }
}
