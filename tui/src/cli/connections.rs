//! `centralita connections list|add|finish|test|revoke|remove`: the tenant's OAuth grants at
//! providers. `add` answers the provider's consent page; the operator's browser comes back to
//! the daemon's `/oauth/callback`, or the operator pastes the address it landed on into
//! `finish --url`. Tokens never leave the daemon.

use centralita_protocol::{AuthorizationStart, Connection, ConnectionId};
use tarpc::context;

use super::{Session, answer, confirm, output};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum ConnectionsCommand {
    /// The tenant's connections, oldest first: state, account, token expiry, last error.
    List {
        /// Print the rows as JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Connect the tenant to a provider (google, for Gmail): prints the consent page to open in
    /// any browser (admins).
    Add {
        /// google.
        provider: String,
        /// Authorize this connection again instead of adding one (when it asks for it).
        #[arg(long, value_name = "ID")]
        reauthorize: Option<ConnectionId>,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Finish an authorization with the address the browser landed on after consent (when it
    /// could not reach the daemon's /oauth/callback) (admins).
    Finish {
        /// The whole address, with its code= and state=; quote it for the shell.
        #[arg(long, value_name = "URL")]
        url: String,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check a connection now: a job refreshes its token and asks the provider who it is
    /// (admins).
    Test {
        /// The connection's id.
        id: ConnectionId,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Stop using a connection and end the grant at the provider (a job) (admins).
    Revoke {
        /// The connection's id.
        id: ConnectionId,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Forget a connection and its tokens; revoke it first to end the grant at the provider
    /// (admins).
    Remove {
        /// The connection's id.
        id: ConnectionId,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Print the answer as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The table of `connections list`.
const HEADER: [&str; 7] = [
    "ID",
    "PROVIDER",
    "ACCOUNT",
    "STATE",
    "EXPIRES",
    "LAST REFRESH",
    "LAST ERROR",
];

pub async fn run(session: &Session, command: ConnectionsCommand) -> anyhow::Result<()> {
    let tenant = session.tenant().await?;
    let rpc = &session.client.rpc;
    match command {
        ConnectionsCommand::List { json } => {
            let connections = answer(rpc.connections_list(context::current(), tenant).await)?;
            output::print_rows(&connections, json, &HEADER, cells)
        }
        ConnectionsCommand::Add {
            provider,
            reauthorize,
            json,
        } => {
            let start = answer(
                rpc.connections_add(context::current(), tenant, provider, reauthorize)
                    .await,
            )?;
            output::print_value(&start, json, describe_authorization)
        }
        ConnectionsCommand::Finish { url, json } => {
            let connection = answer(
                rpc.connections_finish(context::current(), tenant, url)
                    .await,
            )?;
            output::print_value(&connection, json, |connection| {
                format!("{}\n", text::connection_finishing(connection.id))
            })
        }
        ConnectionsCommand::Test { id, json } => {
            let job = answer(rpc.connections_test(context::current(), tenant, id).await)?;
            if json {
                return output::print_json(&serde_json::json!({ "job": job }));
            }
            println!("{}", text::connection_test_queued_cli(id, job.0));
            Ok(())
        }
        ConnectionsCommand::Revoke { id, json } => {
            let connection = answer(rpc.connections_revoke(context::current(), tenant, id).await)?;
            output::print_value(&connection, json, |connection| {
                format!("{}\n", text::connection_revoked(connection.id))
            })
        }
        ConnectionsCommand::Remove { id, yes, json } => {
            if !yes {
                let connections = answer(
                    rpc.connections_list(context::current(), tenant.clone())
                        .await,
                )?;
                let connection = connections.iter().find(|connection| connection.id == id);
                confirm(
                    &text::confirm_remove_connection(id, connection),
                    text::NOTHING_REMOVED.get(),
                )?;
            }
            answer(rpc.connections_remove(context::current(), tenant, id).await)?;
            if json {
                return output::print_json(&serde_json::json!({ "removed": id }));
            }
            println!("{}", text::connection_removed(id));
            Ok(())
        }
    }
}

/// A connection as a row of [`HEADER`].
fn cells(connection: &Connection) -> Vec<String> {
    vec![
        connection.id.to_string(),
        connection.provider.clone(),
        connection.account.clone(),
        connection.state.to_string(),
        connection.expires_at.map(output::when).unwrap_or_default(),
        connection
            .last_refresh
            .map(output::when)
            .unwrap_or_default(),
        connection
            .last_error
            .as_deref()
            .map(|error| text::kept_error(error, connection.last_error_words.as_ref()))
            .unwrap_or_default(),
    ]
}

/// What `connections add` tells the operator: the consent page, the two ways back, the
/// deadline.
fn describe_authorization(start: &AuthorizationStart) -> String {
    format!(
        "{}\n\n  {}\n\n{}\n\n  centralita connections finish --url '…'\n\n{}\n",
        text::open_consent_page(start.connection),
        start.url,
        text::FINISH_AUTHORIZATION_CLI,
        text::authorization_expires_at(&output::when(start.expires_at)),
    )
}

#[cfg(test)]
mod tests {
    use centralita_protocol::ConnectionState;
    use clap::Parser as _;
    use jiff::Timestamp;

    use super::*;
    use crate::cli::{Cli, Command};

    fn connections(args: &[&str]) -> Result<ConnectionsCommand, clap::Error> {
        let line = ["centralita", "connections"].iter().chain(args).copied();
        match Cli::try_parse_from(line)?.command {
            Some(Command::Connections(command)) => Ok(command),
            other => panic!("not a connections command: {other:?}"),
        }
    }

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).expect("a fixed time in range")
    }

    #[test]
    fn connections_verbs_parse_with_json_everywhere() {
        assert!(matches!(
            connections(&["list", "--json"]),
            Ok(ConnectionsCommand::List { json: true })
        ));
        let Ok(ConnectionsCommand::Add {
            provider,
            reauthorize,
            json,
        }) = connections(&["add", "google"])
        else {
            panic!("add parses")
        };
        assert_eq!(
            (provider.as_str(), reauthorize, json),
            ("google", None, false)
        );
        assert!(matches!(
            connections(&["add", "google", "--reauthorize", "3", "--json"]),
            Ok(ConnectionsCommand::Add {
                reauthorize: Some(ConnectionId(3)),
                json: true,
                ..
            })
        ));
        assert!(connections(&["add"]).is_err(), "the provider is needed");
        let url = "http://localhost/oauth/callback?state=s&code=4%2F0A";
        let Ok(ConnectionsCommand::Finish { url: parsed, .. }) =
            connections(&["finish", "--url", url])
        else {
            panic!("finish parses")
        };
        assert_eq!(parsed, url);
        assert!(connections(&["finish"]).is_err(), "--url is needed");
        assert!(matches!(
            connections(&["test", "3", "--json"]),
            Ok(ConnectionsCommand::Test {
                id: ConnectionId(3),
                json: true
            })
        ));
        assert!(matches!(
            connections(&["revoke", "3"]),
            Ok(ConnectionsCommand::Revoke {
                id: ConnectionId(3),
                json: false
            })
        ));
        assert!(matches!(
            connections(&["remove", "3", "-y", "--json"]),
            Ok(ConnectionsCommand::Remove {
                id: ConnectionId(3),
                yes: true,
                json: true
            })
        ));
        assert!(connections(&["remove", "three"]).is_err());
    }

    #[test]
    fn a_connection_row_shows_its_state_times_and_last_error() {
        let connection = Connection {
            id: ConnectionId(2),
            provider: "google".into(),
            account: "recepcion@acme.pe".into(),
            scopes: vec!["https://www.googleapis.com/auth/gmail.readonly".into()],
            state: ConnectionState::ReauthorizationNeeded,
            expires_at: Some(at(1_790_000_000)),
            last_refresh: None,
            last_error: Some("invalid_grant: authorize again".into()),
            last_error_words: None,
            created_at: at(1_789_000_000),
            created_by: "ana".into(),
        };
        assert_eq!(
            cells(&connection),
            [
                "2",
                "google",
                "recepcion@acme.pe",
                "reauthorization_needed",
                &output::when(at(1_790_000_000)),
                "",
                "invalid_grant: authorize again",
            ]
        );
    }

    #[test]
    fn a_connections_last_error_is_listed_in_spanish_when_the_daemon_gave_its_words() {
        text::set_lang(text::Lang::Es);
        let connection = Connection {
            id: ConnectionId(2),
            provider: "google".into(),
            account: "recepcion@acme.pe".into(),
            scopes: Vec::new(),
            state: ConnectionState::Error,
            expires_at: None,
            last_refresh: None,
            last_error: Some("the provider refused: invalid_client".into()),
            last_error_words: Some(centralita_protocol::said::Words {
                key: "oauth_refused".into(),
                args: vec!["invalid_client".into()],
                inner: None,
            }),
            created_at: at(1_789_000_000),
            created_by: "ana".into(),
        };
        assert_eq!(
            cells(&connection)[6],
            "el proveedor se negó: invalid_client"
        );
        let older = Connection {
            last_error_words: None,
            ..connection
        };
        assert_eq!(
            cells(&older)[6],
            "the provider refused: invalid_client",
            "without words, the daemon's English"
        );
    }

    #[test]
    fn add_prints_the_consent_page_both_ways_back_and_the_deadline() {
        let start = AuthorizationStart {
            connection: ConnectionId(4),
            url: "https://accounts.google.com/o/oauth2/v2/auth?state=abc".into(),
            expires_at: at(1_790_000_600),
        };
        let text = describe_authorization(&start);
        assert!(text.contains("connection 4"), "{text}");
        assert!(text.contains("\n  https://accounts.google.com/o/oauth2/v2/auth?state=abc\n"));
        assert!(text.contains("/oauth/callback"), "{text}");
        assert!(text.contains("connections finish --url"), "{text}");
        assert!(text.contains(&output::when(at(1_790_000_600))), "{text}");
    }
}
