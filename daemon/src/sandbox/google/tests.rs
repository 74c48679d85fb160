use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use centralita_config::SandboxGmailConfig;
use sha2::{Digest, Sha256};

use super::{FakeGoogle, Reply};

const VERIFIER: &str = "a-verifier-of-forty-three-characters-or-more-xyz";

fn fake(dir: &std::path::Path, generated: u32) -> FakeGoogle {
    let config = SandboxGmailConfig {
        generated,
        ..SandboxGmailConfig::default()
    };
    FakeGoogle::new("client", "secret", &config, dir.to_path_buf()).expect("fake")
}

fn json(reply: Reply) -> (u16, serde_json::Value) {
    match reply {
        Reply::Json(status, body) => (status, serde_json::from_slice(&body).expect("json")),
        other => panic!("not JSON: {other:?}"),
    }
}

fn consent(google: &FakeGoogle) -> String {
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let query = format!(
        "client_id=client&response_type=code&redirect_uri=http%3A%2F%2Fback%2Fcb&state=s1&code_challenge={challenge}&code_challenge_method=S256&access_type=offline&scope=x"
    );
    let Reply::Redirect(location) = google.authorize(&query) else {
        panic!("no redirect");
    };
    assert!(
        location.starts_with("http://back/cb?state=s1&code="),
        "{location}"
    );
    let code = location.split("code=").nth(1).expect("code");
    form_urlencoded::parse(format!("c={code}").as_bytes())
        .next()
        .expect("code")
        .1
        .split('&')
        .next()
        .expect("code")
        .to_owned()
}

fn exchange(google: &FakeGoogle, code: &str, verifier: &str) -> (u16, serde_json::Value) {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("code_verifier", verifier)
        .append_pair("client_id", "client")
        .append_pair("client_secret", "secret")
        .finish();
    json(google.token(None, body.as_bytes()))
}

fn refresh(google: &FakeGoogle, token: &str) -> (u16, serde_json::Value) {
    let body = format!("grant_type=refresh_token&refresh_token={token}");
    // Client credentials in the Basic header this time, as the oauth2 crate sends them.
    let basic = base64::engine::general_purpose::STANDARD.encode("client:secret");
    json(google.token(Some(&format!("Basic {basic}")), body.as_bytes()))
}

#[test]
fn a_code_is_traded_once_and_only_with_its_verifier() {
    let dir = tempfile::tempdir().expect("dir");
    let google = fake(dir.path(), 0);
    let code = consent(&google);
    let (status, wrong) = exchange(&google, &code, "another-verifier");
    assert_eq!(
        (status, wrong["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let code = consent(&google);
    let (status, tokens) = exchange(&google, &code, VERIFIER);
    assert_eq!(status, 200, "{tokens}");
    assert!(tokens["refresh_token"].is_string() && tokens["expires_in"] == 3599);
    let (status, again) = exchange(&google, &code, VERIFIER);
    assert_eq!(
        (status, again["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}

#[test]
fn a_refresh_rotates_the_refresh_token_and_the_old_one_dies() {
    let dir = tempfile::tempdir().expect("dir");
    let google = fake(dir.path(), 0);
    let (_, first) = exchange(&google, &consent(&google), VERIFIER);
    let old = first["refresh_token"].as_str().expect("refresh");
    let (status, second) = refresh(&google, old);
    assert_eq!(status, 200, "{second}");
    let new = second["refresh_token"].as_str().expect("rotated");
    assert_ne!(new, old);
    let (status, stale) = refresh(&google, old);
    assert_eq!(
        (status, stale["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(refresh(&google, new).0, 200);
}

#[test]
fn revoking_kills_every_token_even_after_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let google = fake(dir.path(), 1);
    let (_, tokens) = exchange(&google, &consent(&google), VERIFIER);
    let bearer = format!(
        "Bearer {}",
        tokens["access_token"].as_str().expect("access")
    );
    assert_eq!(json(google.gmail(Some(&bearer), &["profile"], "")).0, 200);
    json(google.revoke_all());
    let (status, body) = json(google.gmail(Some(&bearer), &["profile"], ""));
    assert_eq!(
        (status, body["error"]["status"].as_str()),
        (401, Some("UNAUTHENTICATED"))
    );
    let refresh_token = tokens["refresh_token"].as_str().expect("refresh");
    let (status, said) = refresh(&google, refresh_token);
    assert_eq!(status, 400);
    assert_eq!(
        said["error_description"],
        "Token has been expired or revoked."
    );
    let restarted = fake(dir.path(), 1);
    assert_eq!(
        refresh(&restarted, refresh_token).0,
        400,
        "a revocation outlives a restart"
    );
}

#[test]
fn the_mailbox_lists_newest_first_in_pages_and_filters_by_search() {
    let dir = tempfile::tempdir().expect("dir");
    let google = fake(dir.path(), 12);
    let (_, tokens) = exchange(&google, &consent(&google), VERIFIER);
    let bearer = format!(
        "Bearer {}",
        tokens["access_token"].as_str().expect("access")
    );
    let list = |query: &str| json(google.gmail(Some(&bearer), &["messages"], query));
    let (_, first) = list("maxResults=5&labelIds=INBOX");
    assert_eq!(first["messages"].as_array().map(Vec::len), Some(5));
    assert_eq!(first["resultSizeEstimate"], 12);
    let token = first["nextPageToken"].as_str().expect("more pages");
    let (_, rest) = list(&format!("maxResults=10&pageToken={token}"));
    assert_eq!(rest["messages"].as_array().map(Vec::len), Some(7));
    assert!(rest.get("nextPageToken").is_none());
    let newest = first["messages"][0]["id"].as_str().expect("id");
    let oldest = rest["messages"][6]["id"].as_str().expect("id");
    assert!(newest > oldest, "newest first: {newest} then … {oldest}");
    let (_, found) = list("q=from:andino");
    assert_eq!(found["resultSizeEstimate"], 3, "{found}");
    let (status, _) = list("q=in:anywhere");
    assert_eq!(
        status, 400,
        "an unknown search operator is refused, not ignored"
    );
    let (_, message) = json(google.gmail(Some(&bearer), &["messages", newest], "format=raw"));
    let raw = base64::engine::general_purpose::URL_SAFE
        .decode(message["raw"].as_str().expect("raw"))
        .expect("base64url");
    assert!(String::from_utf8_lossy(&raw).contains("Subject: "));
}

#[test]
fn history_lists_new_messages_and_answers_404_once_the_window_passed() {
    let dir = tempfile::tempdir().expect("dir");
    let google = fake(dir.path(), 3);
    let (_, tokens) = exchange(&google, &consent(&google), VERIFIER);
    let bearer = format!(
        "Bearer {}",
        tokens["access_token"].as_str().expect("access")
    );
    let (_, profile) = json(google.gmail(Some(&bearer), &["profile"], ""));
    let start = profile["historyId"]
        .as_str()
        .expect("history id")
        .to_owned();
    let eml = b"From: a@b.test\r\nTo: c@d.test\r\nSubject: lleg\xc3\xb3\r\n\r\nhola\r\n".to_vec();
    let (_, delivered) = json(google.deliver(eml));
    let history = |start: &str| {
        json(google.gmail(
            Some(&bearer),
            &["history"],
            &format!("startHistoryId={start}&historyTypes=messageAdded"),
        ))
    };
    let (status, changes) = history(&start);
    assert_eq!(status, 200);
    assert_eq!(
        changes["history"][0]["messagesAdded"][0]["message"]["id"],
        delivered["id"]
    );
    let restarted = fake(dir.path(), 3);
    let (_, listed) = json(restarted.gmail(Some(&bearer), &["messages"], ""));
    assert_eq!(
        listed["resultSizeEstimate"], 4,
        "a delivery outlives a restart"
    );
    json(google.expire_history());
    assert_eq!(history(&start).0, 404);
    assert_eq!(history("0").0, 404, "history id 0 is never valid");
}
