//! Whether one file's check is spread over the cores.

/// Whether a file of `len` bytes is checked on all cores (its envelope pass read in
/// pieces on each, its sets' parts checked on each) rather than on the thread that checks
/// it.
///
/// A file checked alone, as `claimlint check` checks one input, is split from 1 MB: two
/// cores took generated files of 1.2, 1.5, 1.7, 2.0 and 3.0 MB from 10.2, 12.8, 13.3,
/// 16.1 and 22.8 ms to 8.8, 11.7, 11.3, 12.6 and 16.9 ms (medians of hyperfine's runs;
/// once 11.6 against 11.8 ms for the 1.2 MB file, where the second thread's start and
/// the pages of its heap cost about what it saves). A file checked among others, on one
/// of the pool's threads, is split from 4 MB: the batch already keeps every core busy
/// with its files, and a split file takes up to a fifth more CPU time in all.
#[cfg(feature = "parallel")]
pub(crate) fn worth_splitting(len: usize) -> bool {
    let least = match rayon::current_thread_index() {
        Some(_) => 4 << 20,
        None => 1 << 20,
    };
    len >= least
}
