//! `checkout_core::protocol::decode` on arbitrary strings: never panics, and
//! whatever decodes survives an encode → decode round trip unchanged.
#![no_main]

use checkout_core::protocol::{decode, encode, negotiate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(env) = decode(text) else {
        return;
    };
    let again = encode(&env.channel, &env.message);
    let back = decode(&again).unwrap_or_else(|e| panic!("re-encoded {again:?} fails: {e}"));
    assert_eq!(back.channel, env.channel);
    assert_eq!(back.message, env.message);
    assert_eq!(
        encode(&back.channel, &back.message),
        again,
        "encoding is stable"
    );
    if let checkout_core::protocol::Message::Hello { versions } = &env.message {
        let _ = negotiate(versions);
    }
});
