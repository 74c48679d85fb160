//! The fake Gmail API (`/gmail/v1/users/me/…`) over the sandbox mailbox, and the control
//! calls that change the mailbox.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use serde_json::json;

use super::mailbox::Mail;
use super::{ACCOUNT, FakeGoogle, GLOSAS_LABEL, INVOICES_LABEL, Reply};

/// Longest page `maxResults` may ask for, as at Gmail.
const MAX_PAGE: usize = 500;
const DEFAULT_PAGE: usize = 100;

/// The query parameters of a call, in order (labelIds may repeat).
struct Query(Vec<(String, String)>);

impl Query {
    fn new(query: &str) -> Self {
        Self(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// `maxResults` (default 100, at most 500) and the offset `pageToken` stands for.
    fn page(&self) -> Result<(usize, usize), Reply> {
        let size = match self.get("maxResults") {
            None => DEFAULT_PAGE,
            Some(value) => value
                .parse::<usize>()
                .ok()
                .filter(|&size| size >= 1)
                .ok_or_else(|| invalid("maxResults must be a positive number"))?
                .min(MAX_PAGE),
        };
        let offset = match self.get("pageToken") {
            None => 0,
            Some(token) => token.parse().map_err(|_| invalid("Invalid pageToken"))?,
        };
        Ok((size, offset))
    }
}

fn invalid(message: &str) -> Reply {
    Reply::api_error(400, "INVALID_ARGUMENT", message)
}

fn not_found() -> Reply {
    Reply::api_error(404, "NOT_FOUND", "Requested entity was not found.")
}

/// One `q` term the fake understands.
enum Term {
    HasAttachment,
    From(String),
    Subject(String),
    Word(String),
}

/// The subset of Gmail's search syntax the fake reads; anything else is refused, so a test
/// never passes on a filter the fake silently ignored.
fn parse_search(q: &str) -> Result<Vec<Term>, Reply> {
    q.split_whitespace()
        .map(|term| {
            let lower = term.to_lowercase();
            match lower.split_once(':') {
                None => Ok(Term::Word(lower)),
                Some(("has", "attachment")) => Ok(Term::HasAttachment),
                Some(("from", who)) => Ok(Term::From(who.to_owned())),
                Some(("subject", what)) => Ok(Term::Subject(what.to_owned())),
                Some(_) => Err(invalid(&format!(
                    "the sandbox Gmail does not understand the search term {term:?}"
                ))),
            }
        })
        .collect()
}

fn matches(mail: &Mail, terms: &[Term], labels: &[&str]) -> bool {
    labels.iter().all(|label| mail.labels.contains(label))
        && terms.iter().all(|term| match term {
            Term::HasAttachment => mail.has_attachment,
            Term::From(who) => mail.search_from.contains(who.as_str()),
            Term::Subject(what) => mail.search_subject.contains(what.as_str()),
            Term::Word(word) => {
                mail.search_subject.contains(word.as_str())
                    || mail.search_from.contains(word.as_str())
            }
        })
}

impl FakeGoogle {
    /// A Gmail API call: `path` is what follows `/gmail/v1/users/me/`.
    pub fn gmail(&self, authorization: Option<&str>, path: &[&str], query: &str) -> Reply {
        if let Err(refused) = self.authenticate(authorization) {
            return refused;
        }
        let query = Query::new(query);
        match path {
            ["profile"] => self.profile(),
            ["labels"] => labels(),
            ["messages"] => self.list(&query),
            ["messages", id] => self.message(id, &query),
            ["history"] => self.history(&query),
            _ => not_found(),
        }
    }

    fn profile(&self) -> Reply {
        let state = self.lock();
        let total = state.mailbox.mails().len();
        Reply::json(
            200,
            &json!({
                "emailAddress": ACCOUNT,
                "messagesTotal": total,
                "threadsTotal": total,
                "historyId": state.mailbox.history_id().to_string(),
            }),
        )
    }

    /// `messages.list`: newest first, by label ids and search.
    fn list(&self, query: &Query) -> Reply {
        let terms = match parse_search(query.get("q").unwrap_or_default()) {
            Ok(terms) => terms,
            Err(refused) => return refused,
        };
        let (size, offset) = match query.page() {
            Ok(page) => page,
            Err(refused) => return refused,
        };
        let labels: Vec<&str> = query.all("labelIds").collect();
        let state = self.lock();
        let found: Vec<&Mail> = state
            .mailbox
            .mails()
            .iter()
            .rev()
            .filter(|mail| matches(mail, &terms, &labels))
            .collect();
        let page: Vec<serde_json::Value> = found
            .iter()
            .skip(offset)
            .take(size)
            .map(|mail| json!({ "id": mail.id, "threadId": mail.id }))
            .collect();
        let mut answer = json!({ "resultSizeEstimate": found.len() });
        if !page.is_empty() {
            answer["messages"] = page.into();
        }
        if offset + size < found.len() {
            answer["nextPageToken"] = (offset + size).to_string().into();
        }
        Reply::json(200, &answer)
    }

    /// `messages.get`, `format=raw` or `minimal`.
    fn message(&self, id: &str, query: &Query) -> Reply {
        let format = query.get("format").unwrap_or("full");
        if !matches!(format, "raw" | "minimal") {
            return invalid(&format!(
                "the sandbox Gmail serves format=raw and format=minimal, not {format}"
            ));
        }
        let state = self.lock();
        let Some(mail) = state.mailbox.get(id) else {
            return not_found();
        };
        let raw = state.mailbox.raw(mail);
        let mut answer = json!({
            "id": mail.id,
            "threadId": mail.id,
            "labelIds": mail.labels,
            "snippet": mail.search_subject,
            "historyId": mail.history.to_string(),
            "internalDate": mail.received_ms.to_string(),
            "sizeEstimate": raw.len(),
        });
        if format == "raw" {
            answer["raw"] = URL_SAFE.encode(&raw).into();
        }
        Reply::json(200, &answer)
    }

    /// `history.list` of `messageAdded`, oldest first; 404 when the start is out of the window.
    fn history(&self, query: &Query) -> Reply {
        let Some(start) = query
            .get("startHistoryId")
            .and_then(|value| value.parse::<u64>().ok())
        else {
            return invalid("startHistoryId is required");
        };
        let (size, offset) = match query.page() {
            Ok(page) => page,
            Err(refused) => return refused,
        };
        let state = self.lock();
        if start == 0 || start < state.mailbox.floor() {
            return not_found();
        }
        let label = query.get("labelId");
        let added: Vec<&Mail> = state
            .mailbox
            .mails()
            .iter()
            .filter(|mail| mail.history > start)
            .filter(|mail| label.is_none_or(|label| mail.labels.contains(&label)))
            .collect();
        let records: Vec<serde_json::Value> = added
            .iter()
            .skip(offset)
            .take(size)
            .map(|mail| {
                let message = json!({ "id": mail.id, "threadId": mail.id });
                json!({
                    "id": mail.history.to_string(),
                    "messages": [message],
                    "messagesAdded": [{ "message": {
                        "id": mail.id, "threadId": mail.id, "labelIds": mail.labels,
                    } }],
                })
            })
            .collect();
        let mut answer = json!({ "historyId": state.mailbox.history_id().to_string() });
        if !records.is_empty() {
            answer["history"] = records.into();
        }
        if offset + size < added.len() {
            answer["nextPageToken"] = (offset + size).to_string().into();
        }
        Reply::json(200, &answer)
    }

    /// Control: `raw` arrives in the mailbox (labelled INBOX).
    pub fn deliver(&self, raw: Vec<u8>) -> Reply {
        if raw.is_empty() {
            return invalid("the message is empty");
        }
        match self.lock().mailbox.deliver(raw) {
            Ok(id) => Reply::json(200, &json!({ "id": id })),
            Err(error) => Reply::api_error(500, "INTERNAL", &error.to_string()),
        }
    }

    /// Control: the history window passes.
    pub fn expire_history(&self) -> Reply {
        let mut state = self.lock();
        state.mailbox.expire_history();
        Reply::json(200, &json!({ "floor": state.mailbox.floor().to_string() }))
    }
}

fn labels() -> Reply {
    let system = |id: &str| json!({ "id": id, "name": id, "type": "system" });
    Reply::json(
        200,
        &json!({ "labels": [
            system("INBOX"), system("SENT"), system("SPAM"), system("TRASH"),
            { "id": INVOICES_LABEL.0, "name": INVOICES_LABEL.1, "type": "user" },
            { "id": GLOSAS_LABEL.0, "name": GLOSAS_LABEL.1, "type": "user" },
        ] }),
    )
}
