//! Tenants and operators on a real redb file in a temp dir.

use centralita_protocol::Role;

use crate::error::AreaError;
use crate::testing::{open_with_tenants, tenant};

#[tokio::test]
async fn operators_have_roles_per_tenant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme", "other"]).await;
    store
        .write(|txn| txn.put_operator(&tenant("acme"), "ana", Role::Agent, "root"))
        .await
        .expect("added");
    store
        .write(|txn| txn.put_operator(&tenant("other"), "ana", Role::Admin, "root"))
        .await
        .expect("added");
    store
        .write(|txn| txn.put_operator(&tenant("acme"), "ana", Role::Supervisor, "root"))
        .await
        .expect("replaced");
    let roles = store.read(|txn| txn.roles_of("ana")).await.expect("roles");
    assert_eq!(
        roles,
        vec![
            (tenant("acme"), Role::Supervisor),
            (tenant("other"), Role::Admin)
        ]
    );
    assert!(
        store
            .read(|txn| txn.roles_of("an"))
            .await
            .expect("roles")
            .is_empty()
    );
    assert!(matches!(
        store
            .write(|txn| txn.put_operator(&tenant("missing"), "ana", Role::Agent, "root"))
            .await,
        Err(AreaError::NotFound(_))
    ));
    store
        .write(|txn| txn.remove_operator(&tenant("acme"), "ana"))
        .await
        .expect("removed");
    assert_eq!(
        store
            .read(|txn| txn.roles_of("ana"))
            .await
            .expect("roles")
            .len(),
        1
    );
}
