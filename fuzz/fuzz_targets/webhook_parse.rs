//! The webhook intake (`checkout_core::webhook::parse_verified`, which the server runs:
//! headers, signature over the raw body, envelope) on arbitrary bodies and
//! headers. Flag bits choose a valid key id and a correct signature, so the
//! envelope parser behind the signature check is reached too.
#![no_main]

use checkout_core::webhook::{event_kind, parse_verified, payload_token, sign, verify, Key};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "whsec_fuzz_secret";

fuzz_target!(|input: (u8, String, String, Vec<u8>)| {
    let (flags, key_id, signature, body) = input;
    let keys = [Key {
        key_id: "k1",
        secret: SECRET,
    }];
    let key_id = if flags & 1 == 0 {
        "k1".to_string()
    } else {
        key_id
    };
    let signature = if flags & 2 == 0 {
        sign(SECRET, &body)
    } else {
        signature
    };
    let kid = (flags & 4 == 0).then_some(key_id.as_str());
    let sig = (flags & 8 == 0).then_some(signature.as_str());
    let verified = verify(&keys, &key_id, &signature, &body).is_ok();
    match parse_verified(&keys, kid, sig, &body) {
        Ok(env) => {
            assert!(
                verified,
                "an envelope got through without a valid signature"
            );
            let _ = event_kind(&env.metadata.event_type);
            let _ = payload_token(&env.payload);
        }
        Err(e) => {
            let _ = (e.field(), e.to_string());
        }
    }
});
