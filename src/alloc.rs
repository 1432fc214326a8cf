//! The binary's allocator, chosen once per process: mimalloc for the program itself (a report
//! is parsed into many small strings and vectors that live for one report, and glibc's
//! malloc/free were a fifth of a batch's time), the system allocator in the PDF extractor's
//! child. That child runs under an address-space limit, where the system allocator fails a
//! large request cleanly ("memory allocation of N bytes failed", which `read::pdf` reports as
//! out of memory) and mimalloc's reservations did not: a decompression bomb came back as "no
//! text layer".

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, Ordering};

/// The allocator in use: decided at the first allocation, from the environment, before any
/// thread exists; never changed after, so every block is freed by the allocator that made it.
pub struct PerProcess;

const UNDECIDED: u8 = 0;
const SYSTEM: u8 = 1;
const MIMALLOC: u8 = 2;

/// [`nianbao::read::pdf::SYSTEM_ALLOCATOR_ENV`] as C wants it (a test holds the two equal).
const VARIABLE: &std::ffi::CStr = c"NIANBAO_SYSTEM_ALLOCATOR";

static CHOICE: AtomicU8 = AtomicU8::new(UNDECIDED);

fn choice() -> u8 {
    match CHOICE.load(Ordering::Relaxed) {
        UNDECIDED => {
            // `getenv` allocates nothing (std's `env::var_os` would allocate, here, inside the
            // allocator). Two threads deciding at once read the same environment.
            // SAFETY: a NUL-terminated name; nothing in this program calls `setenv`.
            let set = !unsafe { libc::getenv(VARIABLE.as_ptr()) }.is_null();
            let c = if set { SYSTEM } else { MIMALLOC };
            if c == MIMALLOC {
                no_huge_pages();
            }
            CHOICE.store(c, Ordering::Relaxed);
            c
        }
        c => c,
    }
}

/// Transparent huge pages off for this process, before mimalloc maps any memory. mimalloc
/// asks for them on its arenas, and then every fresh page it touches is a 2 MB page the kernel
/// zeroes: a tenth of a batch's time went to clearing pages a few reports' strings use. Off,
/// `check --summary` over 5,000 reports on one core took 12-15 % less (eight runs each).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: a plain system call on the process's own flags; allocates nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

// SAFETY: each call is forwarded whole to one allocator, the same one for the process's life.
unsafe impl GlobalAlloc for PerProcess {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            match choice() {
                SYSTEM => System.alloc(layout),
                _ => mimalloc::MiMalloc.alloc(layout),
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            match choice() {
                SYSTEM => System.alloc_zeroed(layout),
                _ => mimalloc::MiMalloc.alloc_zeroed(layout),
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from the same allocator (the choice never changes).
        unsafe {
            match choice() {
                SYSTEM => System.dealloc(ptr, layout),
                _ => mimalloc::MiMalloc.dealloc(ptr, layout),
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`.
        unsafe {
            match choice() {
                SYSTEM => System.realloc(ptr, layout, new_size),
                _ => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao::read::pdf::SYSTEM_ALLOCATOR_ENV;

    #[test]
    fn the_variable_read_is_the_one_the_pdf_child_is_given() {
        assert_eq!(VARIABLE.to_bytes(), SYSTEM_ALLOCATOR_ENV.as_bytes());
    }
}
