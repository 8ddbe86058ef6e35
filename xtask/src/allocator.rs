//! Every task allocates with jemalloc, which backs its heap with transparent huge pages.
//!
//! Generating GitHub's 3.7 MB document allocates about 1.5 million times and touches about
//! 40 MiB. With glibc's allocator, `malloc` and `free` took a quarter of a `perf` profile and
//! page faults a sixth: every 4 KiB page is faulted in when first touched, and the parse,
//! which builds the tree, spent two fifths of its time there. jemalloc allocates and frees
//! for less, and with `thp:always` it asks the kernel for 2 MiB pages (`madvise`, which is
//! what the kernel's default `madvise` mode waits for), so a few faults bring in what took
//! thousands. Medians of nine runs on the 2-core machine, GitHub's total: glibc 94 ms,
//! jemalloc 80 ms, jemalloc with huge pages 71 ms; peak memory 42, 43 and 45 MiB. The README's
//! Performance section has the other documents and the allocators tried.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, a C string it reads from this symbol before `main` runs (the
/// environment's `_RJEM_MALLOC_CONF` still overrides them). Huge pages are asked for on Linux
/// only, the one system where jemalloc knows how.
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: &u8 = &b"thp:always\0"[0];

#[cfg(all(test, target_os = "linux", not(target_env = "msvc")))]
mod tests {
    use std::ffi::{CStr, c_char, c_void};
    use std::path::Path;

    /// jemalloc's value of the read-only option `name`, a string.
    fn option(name: &CStr) -> String {
        let mut value: *const c_char = std::ptr::null();
        let mut size = size_of::<*const c_char>();
        // SAFETY: `opt.*` string options are read as a `const char *`, which `value` is, with
        // its size in `size`; nothing is written to jemalloc.
        let status = unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                (&raw mut value).cast::<c_void>(),
                &mut size,
                std::ptr::null_mut(),
                0,
            )
        };
        assert_eq!(status, 0, "mallctl({name:?}) failed");
        // SAFETY: jemalloc gave a pointer to one of its static, nul-terminated names.
        unsafe { CStr::from_ptr(value) }.to_string_lossy().into_owned()
    }

    #[test]
    fn jemalloc_reads_the_options_xtask_exports() {
        let kernel_has_huge_pages = Path::new("/sys/kernel/mm/transparent_hugepage").exists();
        let expected = if kernel_has_huge_pages { "always" } else { "not supported" };
        assert_eq!(option(c"opt.thp"), expected);
    }
}
