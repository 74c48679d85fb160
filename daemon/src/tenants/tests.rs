//! Tenants and operators on a real redb file in a temp dir.

use centralita_protocol::Role;

use crate::error::AreaError;
use crate::store::ReadTxn;
use crate::testing::{last_audit, open_with_tenants, tenant, words_of};

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

#[test]
fn tenants_stored_before_zones_and_currencies_are_in_lima_and_soles() {
    #[derive(serde::Serialize)]
    struct Before {
        name: String,
        created_at: jiff::Timestamp,
    }
    let bytes = rmp_serde::to_vec_named(&Before {
        name: "Acme".into(),
        created_at: jiff::Timestamp::UNIX_EPOCH,
    })
    .expect("encoded");
    let record: super::TenantRecord = rmp_serde::from_slice(&bytes).expect("decoded");
    assert_eq!(record.zone, "America/Lima");
    assert_eq!(record.currency, "PEN");
}

#[tokio::test]
async fn a_tenants_zone_is_checked_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let error = super::parse_zone("Mars/Olympus").expect_err("refused");
    assert_eq!(
        error.to_string(),
        r#""Mars/Olympus" is not a time zone (e.g. America/Lima, America/Bogota)"#
    );
    let tenant = store
        .write(|txn| {
            txn.edit_tenant(&tenant("acme"), |record| {
                record.zone = "America/Bogota".into();
            })
        })
        .await
        .expect("set");
    assert_eq!(tenant.zone, "America/Bogota");
    let zone = super::zone_of(&store, &tenant.id).await.expect("zone");
    assert_eq!(zone.iana_name(), Some("America/Bogota"));
}

#[tokio::test]
async fn a_tenants_currency_is_a_three_letter_code_in_capitals() {
    assert_eq!(super::parse_currency(" cop ").expect("a code"), "COP");
    for typed in ["", "S/", "PESO", "CO", "C0P", "€"] {
        let error = super::parse_currency(typed).expect_err(typed);
        assert_eq!(
            error.to_string(),
            format!("{typed:?} is not a three-letter ISO 4217 currency code (PEN, COP, MXN, USD)")
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let tenant = store
        .write(|txn| txn.edit_tenant(&tenant("acme"), |record| record.currency = "COP".into()))
        .await
        .expect("set");
    assert_eq!(
        (tenant.currency.as_str(), tenant.zone.as_str()),
        ("COP", "America/Lima")
    );
    let listed = store.read(ReadTxn::tenants).await.expect("tenants");
    assert_eq!(listed[0].currency, "COP");
}

#[tokio::test]
async fn a_new_currency_is_audited_in_the_catalogs_words_and_a_zone_as_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let actor = crate::actor::Actor::daemon(tenant("acme"), "tenants_set_currency");
    super::set_currency(&store, &actor, "cop".into())
        .await
        .expect("set");
    let entry = last_audit(&store, "acme", "tenants_set_currency").await;
    assert_eq!(
        (entry.target.as_str(), entry.detail.as_str()),
        ("tenant acme", "currency COP")
    );
    assert_eq!(words_of(&entry), ("tenant_currency", vec!["COP"]));
    let actor = crate::actor::Actor::daemon(tenant("acme"), "tenants_set_zone");
    super::set_zone(&store, &actor, "America/Bogota".into())
        .await
        .expect("set");
    let entry = last_audit(&store, "acme", "tenants_set_zone").await;
    assert_eq!(entry.detail, "America/Bogota");
    assert_eq!(entry.detail_words, None, "a zone is data");
}
