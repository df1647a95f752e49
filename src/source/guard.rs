//! What keeps a memory-mapped input from killing the process when another process
//! truncates the file while it is mapped.
//!
//! Reading a page of a mapping past the file's new end raises SIGBUS, whose default
//! action ends the process: every other input of a batch would be lost with it. Each
//! mapping is registered here; a SIGBUS handler that finds the faulting address inside a
//! registered mapping maps zero pages over the rest of it, marks it as lost, and returns,
//! so the read that faulted reads zeros and the check goes on. The input is then reported
//! as changed while it was read (X040), as a file that shrank while it was read is; its
//! findings are not made. A SIGBUS anywhere else goes on to the handler that was there
//! before (Rust's own, for a stack overflow), or to the default action.

#![allow(unsafe_code)]

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How many inputs can be mapped and guarded at once; past that, an input is read.
const SLOTS: usize = 256;
/// A slot's `start` when no mapping holds it, and while one is being registered.
const FREE: usize = 0;
const CLAIMED: usize = usize::MAX;

struct Slot {
    /// The mapping's first byte, or [`FREE`] or [`CLAIMED`].
    start: AtomicUsize,
    /// Just past its last byte.
    end: AtomicUsize,
    /// Whether a read past the file's end was answered with zeros.
    lost: AtomicBool,
}

static TABLE: [Slot; SLOTS] = [const {
    Slot {
        start: AtomicUsize::new(FREE),
        end: AtomicUsize::new(0),
        lost: AtomicBool::new(false),
    }
}; SLOTS];

/// The handler that was installed before ours, once ours is; `None` when installing
/// failed.
static PREVIOUS: OnceLock<Option<Previous>> = OnceLock::new();
static PAGE: AtomicUsize = AtomicUsize::new(4096);

/// The earlier `sigaction`, kept whole.
struct Previous(libc::sigaction);

// SAFETY: a plain C struct (a handler address, flags and a signal mask), only read.
unsafe impl Sync for Previous {}
unsafe impl Send for Previous {}

/// A registered mapping; dropping it, before the mapping is unmapped, unregisters it.
#[derive(Debug)]
pub(crate) struct Guard(usize);

impl Guard {
    /// Registers the mapping of `len` bytes at `start`; `None` when the handler could not
    /// be installed or every slot is taken (the caller then reads the file instead).
    pub(crate) fn register(start: *const u8, len: usize) -> Option<Guard> {
        if len == 0 || !installed() {
            return None;
        }
        let start = start as usize;
        for (i, slot) in TABLE.iter().enumerate() {
            if slot
                .start
                .compare_exchange(FREE, CLAIMED, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                slot.lost.store(false, Ordering::Relaxed);
                slot.end.store(start + len, Ordering::Release);
                slot.start.store(start, Ordering::Release);
                return Some(Guard(i));
            }
        }
        None
    }

    /// Whether a read of the mapping found the file shorter than when it was mapped.
    pub(crate) fn lost(&self) -> bool {
        TABLE[self.0].lost.load(Ordering::Acquire)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        TABLE[self.0].start.store(FREE, Ordering::Release);
    }
}

/// Installs the handler once; whether it is installed.
fn installed() -> bool {
    PREVIOUS
        .get_or_init(|| {
            // SAFETY: `sysconf` has no preconditions.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            if page > 0 {
                PAGE.store(page as usize, Ordering::Relaxed);
            }
            // SAFETY: a zeroed `sigaction` is a valid value of the C struct; the handler
            // is an `extern "C"` function of the signature SA_SIGINFO asks for, and runs
            // on the alternate stack Rust's runtime sets up for each thread, if any.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                let mut previous: libc::sigaction = std::mem::zeroed();
                (libc::sigaction(libc::SIGBUS, &action, &mut previous) == 0)
                    .then_some(Previous(previous))
            }
        })
        .is_some()
}

extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    // SAFETY: the kernel passes a valid `siginfo_t` to an SA_SIGINFO handler.
    let address = unsafe { (*info).si_addr() } as usize;
    let page = PAGE.load(Ordering::Relaxed);
    for slot in &TABLE {
        let start = slot.start.load(Ordering::Acquire);
        if start == FREE || start == CLAIMED {
            continue;
        }
        let end = slot.end.load(Ordering::Acquire);
        if !(start..end).contains(&address) {
            continue;
        }
        let from = address & !(page - 1);
        let to = end.div_ceil(page) * page;
        // SAFETY: the range lies inside a mapping this process made and still holds (it
        // is unregistered before it is unmapped); MAP_FIXED replaces those pages with
        // zero pages. `mmap` is a plain system call, safe in a signal handler.
        let zeros = unsafe {
            libc::mmap(
                from as *mut libc::c_void,
                to - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if zeros != libc::MAP_FAILED {
            slot.lost.store(true, Ordering::Release);
            return;
        }
    }
    pass_on(signal, info, context);
}

/// A SIGBUS that is not a lost page of a guarded mapping: what would have happened
/// without this handler.
fn pass_on(signal: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    let previous = PREVIOUS.get().and_then(Option::as_ref).map(|p| p.0);
    match previous {
        Some(p) if p.sa_flags & libc::SA_SIGINFO != 0 && p.sa_sigaction > libc::SIG_IGN => {
            // SAFETY: the earlier handler, called as it was installed to be called.
            let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                unsafe { std::mem::transmute(p.sa_sigaction) };
            handler(signal, info, context);
        }
        Some(p) if p.sa_sigaction > libc::SIG_IGN => {
            // SAFETY: as above, a handler installed without SA_SIGINFO.
            let handler: extern "C" fn(libc::c_int) =
                unsafe { std::mem::transmute(p.sa_sigaction) };
            handler(signal);
        }
        _ => {
            // The default action: restored, and the faulting read runs again and ends the
            // process as it would have.
            // SAFETY: a zeroed `sigaction` with SIG_DFL (0) is the default disposition.
            unsafe {
                let mut default: libc::sigaction = std::mem::zeroed();
                default.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(signal, &default, std::ptr::null_mut());
            }
        }
    }
}
