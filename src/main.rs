//! The `claimlint` command. All the work is in the library and `cli`.

/// mimalloc keeps freed pages for reuse: checking transaction set after transaction set
/// otherwise makes the system allocator map and unmap the same large blocks every time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The allocator's option setter, linked in by the `mimalloc` crate (`mimalloc.h`).
#[allow(unsafe_code)]
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

// `prctl(2)` of the C library.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
unsafe extern "C" {
    fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
}

/// `PR_SET_THP_DISABLE` (`linux/prctl.h`).
#[cfg(target_os = "linux")]
const PR_SET_THP_DISABLE: std::ffi::c_int = 41;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (`mimalloc.h`, v2 and v3 alike).
const PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> std::process::ExitCode {
    // Freed memory is kept for the next transaction set or file instead of being returned
    // to the system after a delay and faulted back in: on the generated 101 MB file that
    // took system time from 0.38 s to 0.02 s, for 16% more peak RSS (README, Performance).
    keep_freed_memory();
    // Large files are mapped, not read onto the heap, so what the heap holds is many small
    // things: a 2 MB huge page a little of which is used counts whole. Without them, peak
    // memory on the 102 MB single set 87 → 47–57 MB, with the same time (README,
    // Performance).
    #[cfg(target_os = "linux")]
    no_huge_pages();
    claimlint_cli::run()
}

/// Turns transparent huge pages off for the process, as `MIMALLOC_ALLOW_THP=0` does at
/// start-up (the allocator has already started when `main` runs). The allocator is built
/// not to ask for them (`no_thp`); this also covers systems that give them unasked
/// (`/sys/kernel/mm/transparent_hugepage/enabled` set to `always`).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn no_huge_pages() {
    // SAFETY: a process-wide flag for the kernel's page fault handler; it changes no
    // memory. A kernel without it returns an error, which leaves things as they were.
    let _ = unsafe {
        prctl(
            PR_SET_THP_DISABLE,
            1 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
            0 as std::ffi::c_ulong,
        )
    };
}

#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: sets one of the allocator's options, which it reads at each purge; -1 is
    // its documented "never purge" value.
    unsafe { mi_option_set(PURGE_DELAY, -1) };
}

#[path = "cli/mod.rs"]
mod claimlint_cli;
