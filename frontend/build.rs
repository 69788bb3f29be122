//! The wasm's stack: 4 MiB instead of the linker's 1 MiB. The page hydrates inside an async
//! task (`hydrate_lazy`, for the lazily loaded pages), whose poll frames come on top of the
//! board's own deep, synchronous hydration; an unoptimised build overflowed 1 MiB there
//! ("memory access out of bounds" on loading a board). Only the browser module is linked
//! with it.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=-zstack-size=4194304");
    }
}
