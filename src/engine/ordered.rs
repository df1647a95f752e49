//! Checks a file's units of work on all cores and merges their results in file order as
//! they come, with no wait between batches.
//!
//! Each thread takes the next unit, checks it, and leaves its result in a window of slots;
//! whichever thread finds the result the merge waits for merges it, and every result in
//! order after it that is in. A thread waits before taking a unit only when `window`
//! results are checked or being checked ahead of the merge, so memory is bounded by the
//! window, not the file. A panic in a check or a merge wakes the waiting threads and is
//! passed on to the caller, as a parallel iterator would.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Checks each of `work` with `check` on the threads of the current pool, and calls
/// `merge` on each result in the order of `work`, one at a time.
pub(super) fn check_in_order<W: Sync, R: Send>(
    work: &[W],
    window: usize,
    check: impl Fn(&W) -> R + Sync,
    merge: impl FnMut(&W, R) + Send,
) {
    let window = window.max(1);
    let shared = Shared {
        next: AtomicUsize::new(0),
        ready: Mutex::new(Ready {
            slots: (0..window).map(|_| None).collect(),
            merged: 0,
        }),
        room: Condvar::new(),
        merge: Mutex::new(merge),
        failed: AtomicBool::new(false),
    };
    let threads = rayon::current_num_threads().clamp(1, work.len().max(1));
    rayon::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|_| shared.run(work, &check));
        }
    });
}

struct Shared<R, M> {
    /// The next unit to take.
    next: AtomicUsize,
    ready: Mutex<Ready<R>>,
    /// Signalled when the merge moves on, for threads waiting for room in the window.
    room: Condvar,
    merge: Mutex<M>,
    /// A check or a merge panicked: the others stop.
    failed: AtomicBool,
}

struct Ready<R> {
    /// The result of unit `n` waits in slot `n % window` until it is merged.
    slots: Vec<Option<R>>,
    /// How many units are merged.
    merged: usize,
}

/// Marks the work failed when dropped during a panic, waking every waiting thread.
struct OnPanic<'s, R, M>(&'s Shared<R, M>);

impl<R, M> Drop for OnPanic<'_, R, M> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // Set under the lock a waiting thread checks it under: otherwise the wake-up
            // could come between its check and its wait, and it would wait for ever.
            let ready = self.0.ready.lock().unwrap_or_else(|e| e.into_inner());
            self.0.failed.store(true, Ordering::SeqCst);
            drop(ready);
            self.0.room.notify_all();
        }
    }
}

impl<R: Send, M> Shared<R, M> {
    fn lock_ready(&self) -> MutexGuard<'_, Ready<R>> {
        // A panic elsewhere is passed on by the scope; the slots stay usable.
        self.ready.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run<W>(&self, work: &[W], check: &impl Fn(&W) -> R)
    where
        M: FnMut(&W, R),
    {
        let _guard = OnPanic(self);
        let window = self.lock_ready().slots.len();
        loop {
            if self.failed.load(Ordering::SeqCst) {
                return;
            }
            let n = self.next.fetch_add(1, Ordering::SeqCst);
            let Some(unit) = work.get(n) else {
                return;
            };
            {
                let mut ready = self.lock_ready();
                while n >= ready.merged + window {
                    if self.failed.load(Ordering::SeqCst) {
                        return;
                    }
                    ready = self.room.wait(ready).unwrap_or_else(|e| e.into_inner());
                }
            }
            let result = check(unit);
            self.lock_ready().slots[n % window] = Some(result);
            self.merge_ready(work);
        }
    }

    /// Merges the results that are in, in order, unless another thread is merging: that
    /// thread looks again for results once it stops, so none is left behind.
    fn merge_ready<W>(&self, work: &[W])
    where
        M: FnMut(&W, R),
    {
        loop {
            let Ok(mut merge) = self.merge.try_lock() else {
                return;
            };
            loop {
                let (n, result) = {
                    let mut ready = self.lock_ready();
                    let n = ready.merged;
                    let window = ready.slots.len();
                    match ready.slots[n % window].take() {
                        Some(result) => (n, result),
                        None => break,
                    }
                };
                (*merge)(&work[n], result);
                self.lock_ready().merged = n + 1;
                self.room.notify_all();
            }
            drop(merge);
            // A result left while this thread held the merge, by a thread that then
            // found it held, is merged now.
            let ready = self.lock_ready();
            let window = ready.slots.len();
            if ready.merged >= work.len() || ready.slots[ready.merged % window].is_none() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Every unit is merged once, in order, with its own result, whatever the threads and
    /// the time each check takes; no more than the window is ever checked ahead of the
    /// merge.
    #[test]
    fn results_are_merged_in_order_within_the_window() {
        for threads in [1, 2, 3, 8] {
            for window in [1, 2, 5, 32] {
                for units in [0, 1, 2, 7, 100] {
                    let work: Vec<usize> = (0..units).collect();
                    let merged_count = AtomicUsize::new(0);
                    let ahead = AtomicUsize::new(0);
                    let most_ahead = AtomicUsize::new(0);
                    let mut merged = Vec::new();
                    pool(threads).install(|| {
                        check_in_order(
                            &work,
                            window,
                            |&n| {
                                let now = ahead.fetch_add(1, Ordering::SeqCst) + 1;
                                most_ahead.fetch_max(now, Ordering::SeqCst);
                                // Uneven checks: later units often finish first.
                                let spin = (n * 7919) % 13;
                                std::thread::sleep(std::time::Duration::from_micros(
                                    spin as u64 * 50,
                                ));
                                n * 10
                            },
                            |&n, r| {
                                assert_eq!(r, n * 10);
                                merged.push(n);
                                merged_count.fetch_add(1, Ordering::SeqCst);
                                ahead.fetch_sub(1, Ordering::SeqCst);
                            },
                        );
                    });
                    assert_eq!(merged, work, "{threads} threads, window {window}");
                    assert!(
                        most_ahead.load(Ordering::SeqCst) <= window,
                        "{} ahead with window {window}",
                        most_ahead.load(Ordering::SeqCst)
                    );
                }
            }
        }
    }

    /// A check that panics is passed on to the caller, and the threads waiting for room
    /// behind it do not wait for ever.
    #[test]
    fn a_panicking_check_is_passed_on() {
        for threads in [1, 2, 4] {
            let work: Vec<usize> = (0..50).collect();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pool(threads).install(|| {
                    check_in_order(
                        &work,
                        2,
                        |&n| {
                            assert!(n != 3, "unit 3");
                            n
                        },
                        |_, _| {},
                    );
                });
            }));
            assert!(outcome.is_err(), "{threads} threads");
        }
    }

    /// So is a merge that panics.
    #[test]
    fn a_panicking_merge_is_passed_on() {
        for threads in [1, 2, 4] {
            let work: Vec<usize> = (0..50).collect();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pool(threads).install(|| {
                    check_in_order(&work, 2, |&n| n, |_, n| assert!(n != 5, "unit 5"));
                });
            }));
            assert!(outcome.is_err(), "{threads} threads");
        }
    }
}
