//! The contract's cases for shared versioned documents (the Klarna webhook
//! subscription with its signing keys; the sandbox's Notifications API):
//! a write lands only on the version it read, so of instances racing one
//! wins and the others re-read.

use super::cases::uid;
use super::Fixture;
use serde_json::json;

pub async fn documents_are_compare_and_set(f: &Fixture) {
    let s = f.store.as_ref();
    let name = uid("klarna_webhook_subscription");
    assert_eq!(s.document(&name).await.unwrap(), None);
    // A new document is version 1; a second "new" write loses.
    assert!(s.write_document(&name, &json!({"a": 1}), 0).await.unwrap());
    assert!(!s.write_document(&name, &json!({"a": 2}), 0).await.unwrap());
    assert_eq!(s.document(&name).await.unwrap(), Some((json!({"a": 1}), 1)));
    // A change needs the version it read; a stale one writes nothing.
    assert!(s
        .write_document(&name, &json!({"a": 3, "keys": ["k1"]}), 1)
        .await
        .unwrap());
    assert!(!s.write_document(&name, &json!({"a": 4}), 1).await.unwrap());
    assert_eq!(
        s.document(&name).await.unwrap(),
        Some((json!({"a": 3, "keys": ["k1"]}), 2))
    );
    // Of writers racing on one version exactly one wins.
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (store, name) = (f.store.clone(), name.clone());
            tokio::spawn(async move {
                store
                    .write_document(&name, &json!({"writer": i}), 2)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        wins += usize::from(t.await.unwrap());
    }
    assert_eq!(wins, 1);
    let (doc, version) = s.document(&name).await.unwrap().unwrap();
    assert_eq!(version, 3);
    assert!(doc["writer"].is_u64(), "{doc}");
    // Documents are separate by name.
    let other = uid("sandbox_notifications");
    assert_eq!(s.document(&other).await.unwrap(), None);
}
