//! The `actionctl` binary: everything lives in the library.

/// mimalloc instead of the system allocator: validating a folder allocates
/// many small YAML nodes on several threads, where glibc's malloc spent a
/// quarter of the instructions (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    actionctl::main()
}
