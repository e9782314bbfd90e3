//! The Web SDK emulator's facts file (`www/sandbox/sdk/facts.js`) is exactly
//! what `checkout_core::sandbox::facts_module` writes: markets, currencies,
//! amount range and test triggers are never restated by hand in JavaScript.
//! `KHC_WRITE_SANDBOX_FACTS=1 cargo test -p checkout-core --test sandbox_facts`
//! rewrites the file after a change in `core`.

use std::path::PathBuf;

#[test]
fn the_emulators_facts_are_cores() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../www/sandbox/sdk/facts.js");
    let want = checkout_core::sandbox::facts_module();
    if std::env::var_os("KHC_WRITE_SANDBOX_FACTS").is_some() {
        std::fs::write(&path, &want).expect("writing facts.js");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} differs from what checkout-core writes; run \
         KHC_WRITE_SANDBOX_FACTS=1 cargo test -p checkout-core --test sandbox_facts",
        path.display()
    );
}
