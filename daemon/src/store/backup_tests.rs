//! Backups of the engine alone: what goes in comes back out of a restore, and a backup that is
//! not what its manifest says, or holds a path outside the data dir, writes nothing.

use super::*;

const NOTES: Records<(&str, u64), String> = Records::new("test_notes");
const NUMBERS: Values<&str, u64> = Values::new("test_numbers");
const MARKS: Index<(&str, u64)> = Index::new("test_marks");

fn schema() -> Schema {
    Schema {
        version: 1,
        tables: vec![&NOTES, &NUMBERS, &MARKS],
        migrations: Vec::new(),
    }
}

async fn notes(store: &Store) -> Vec<(u64, String)> {
    store
        .read(|txn| {
            let mut found = Vec::new();
            for entry in txn.open(&NOTES)?.all()? {
                let (key, note) = entry?;
                found.push((key.value().1, note));
            }
            Ok::<_, StoreError>(found)
        })
        .await
        .expect("read")
}

#[tokio::test]
async fn a_backup_restores_every_table_blob_and_named_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &schema()).expect("store opens");
    store
        .write(|txn| {
            for n in 0..300_u64 {
                txn.open(&NOTES)?
                    .insert(("acme", n), &format!("note {n}"))?;
                txn.open(&MARKS)?.insert(("acme", n))?;
            }
            txn.open(&NUMBERS)?.insert("answer", 42)?;
            Ok::<_, StoreError>(())
        })
        .await
        .expect("written");
    let hash = store.put_blob(b"factura".to_vec()).await.expect("blob");
    std::fs::write(dir.path().join("extra.key"), "secret").expect("extra file");

    let summary = store
        .backup(&["extra.key", "absent.key"])
        .await
        .expect("backup");
    assert!(summary.path.starts_with(dir.path().join(BACKUPS_DIR)));
    assert_eq!(summary.manifest.tables["test_notes"], 300);
    assert_eq!(summary.manifest.tables["test_marks"], 300);
    assert_eq!(summary.manifest.blobs, 1);
    assert!(summary.manifest.members.contains_key("extra.key"));
    assert!(!summary.manifest.members.contains_key("absent.key"));

    let target = tempfile::tempdir().expect("temp dir");
    let restored_dir = target.path().join("data");
    let manifest = restore(&summary.path, &restored_dir).expect("restored");
    assert_eq!(manifest, summary.manifest);
    let restored = Store::open(&restored_dir, &schema()).expect("restored store opens");
    assert_eq!(notes(&restored).await, notes(&store).await);
    let answer = restored
        .read(|txn| txn.open(&NUMBERS)?.get("answer"))
        .await
        .expect("read");
    assert_eq!(answer, Some(42));
    assert_eq!(restored.get_blob(hash).await.expect("blob"), b"factura");
    assert_eq!(
        std::fs::read_to_string(restored_dir.join("extra.key")).expect("extra"),
        "secret"
    );
    // Into a folder that holds something: refused.
    let again = restore(&summary.path, &restored_dir).expect_err("not empty");
    assert!(matches!(again, RestoreError::NotEmpty(_)), "{again}");
}

#[test]
fn a_member_outside_the_data_dir_or_off_the_manifest_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tar_of = |name: &[u8], manifest: &str| {
        let path = dir.path().join("evil.tar");
        let mut builder = tar::Builder::new(std::fs::File::create(&path).expect("tar"));
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name);
        header.set_size(4);
        header.set_mode(0o600);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, &b"evil"[..]).expect("member");
        let mut header = tar::Header::new_gnu();
        header.set_size(manifest.len() as u64);
        header.set_mode(0o600);
        builder
            .append_data(&mut header, "manifest.json", manifest.as_bytes())
            .expect("manifest");
        builder.finish().expect("tar written");
        path
    };
    let manifest = r#"{"format":1,"created_at":"2026-01-01T00:00:00Z","daemon_version":"0","schema_version":1,"tables":{},"blobs":0,"members":{}}"#;
    let target = dir.path().join("data");
    for (name, says) in [
        (&b"../evil"[..], "../evil"),
        (&b"blobs/../../evil"[..], "blobs/../../evil"),
        (&b"notes.txt"[..], "member notes.txt is not in the manifest"),
    ] {
        let error = restore(&tar_of(name, manifest), &target).expect_err("refused");
        assert!(error.to_string().contains(says), "{error}");
        assert!(!target.exists(), "nothing is written");
    }
}
