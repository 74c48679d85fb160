//! CRM changes audited in the catalog's words (a client says them in the operator's
//! language), and the ones that are only data keep none.

use centralita_protocol::{ContactEdit, ContactId};

use super::contacts::{self, Identity};
use crate::actor::Actor;
use crate::store::Store;
use crate::testing::{last_audit, open_with_tenants, tenant, words_of};

/// A contact of acme, new, for the customer `id` on WhatsApp.
async fn contact(store: &Store, id: &'static str) -> ContactId {
    store
        .write(move |txn| {
            txn.contact_for(
                &tenant("acme"),
                &Identity {
                    channel: "whatsapp",
                    id,
                    name: None,
                    phone: None,
                    country: None,
                },
            )
        })
        .await
        .expect("a contact")
}

#[tokio::test]
async fn a_contact_merge_is_audited_with_its_key_and_the_contact_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (into, from) = (
        contact(&store, "51911").await,
        contact(&store, "51922").await,
    );
    let actor = Actor::daemon(tenant("acme"), "contacts_merge");
    contacts::merge(&store, &actor, into, from)
        .await
        .expect("merged");
    let entry = last_audit(&store, "acme", "contacts_merge").await;
    assert_eq!(entry.target, format!("contact {into}"));
    assert_eq!(entry.detail, format!("merged contact {from} into it"));
    assert_eq!(
        words_of(&entry),
        ("contact_merged", vec![from.to_string().as_str()])
    );
}

#[tokio::test]
async fn a_contact_edit_names_each_new_value_and_a_dash_for_one_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let id = contact(&store, "51911").await;
    let actor = Actor::daemon(tenant("acme"), "contacts_edit");
    let edit = ContactEdit {
        name: Some("María Quispe".into()),
        phone: None,
        email: Some("Maria@Clinica.PE".into()),
        tags: Some(vec!["vip".into()]),
    };
    contacts::edit(&store, &actor, id, edit)
        .await
        .expect("edited");
    let entry = last_audit(&store, "acme", "contacts_edit").await;
    assert_eq!(
        entry.detail,
        r#"name "María Quispe", phone —, email "maria@clinica.pe", tags ["vip"]"#
    );
    assert_eq!(
        words_of(&entry),
        (
            "contact_edited",
            vec![
                r#""María Quispe""#,
                "—",
                r#""maria@clinica.pe""#,
                r#"["vip"]"#
            ]
        )
    );
}
