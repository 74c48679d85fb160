//! The HTTP side of the optional LLM step: one chat-completions request per invoice read.
//! Building the request and checking the answer against the schema is in
//! `centralita_invoices::llm`; secrets stay in [`LlmEndpoint`] and never reach a log.

use std::time::Duration;

use centralita_config::Secret;
use centralita_invoices::llm as schema;
use centralita_invoices::{Extraction, FieldName};
use centralita_protocol::said as key;

use crate::error::{Said, said};

/// A tenant's endpoint.
#[derive(Debug, Clone)]
pub struct LlmEndpoint {
    /// Up to `/v1`, without a trailing slash.
    pub base_url: String,
    pub model: String,
    pub key: Option<Secret>,
    pub timeout: Duration,
}

/// Why the LLM gave nothing usable, in the catalog's words.
#[derive(Debug)]
pub(super) struct LlmFailure {
    pub said: Said,
    /// Worth retrying later (network, 429, 5xx).
    pub transient: bool,
}

/// Asks for `wanted` fields of `text`.
pub(super) async fn ask(
    http: &reqwest::Client,
    endpoint: &LlmEndpoint,
    text: &str,
    wanted: &[FieldName],
) -> Result<Extraction, LlmFailure> {
    let url = format!(
        "{}/chat/completions",
        endpoint.base_url.trim_end_matches('/')
    );
    let mut request = http
        .post(&url)
        .timeout(endpoint.timeout)
        .json(&schema::request_body(&endpoint.model, text, wanted));
    if let Some(key) = &endpoint.key {
        request = request.bearer_auth(key.expose());
    }
    let response = request.send().await.map_err(|error| LlmFailure {
        // reqwest's message names the URL, never the headers.
        said: said!(key::LLM_UNREACHABLE, "{0}", crate::http::describe(&error)),
        transient: true,
    })?;
    let status = response.status();
    let body = response.bytes().await.map_err(|error| LlmFailure {
        said: said!(
            key::LLM_ANSWER_UNREADABLE,
            "reading the answer: {0}",
            crate::http::describe(&error)
        ),
        transient: true,
    })?;
    if !status.is_success() {
        let excerpt: String = String::from_utf8_lossy(&body).chars().take(200).collect();
        return Err(LlmFailure {
            said: said!(
                key::LLM_ANSWERED,
                "{0} answered {1}: {2}",
                url,
                status,
                excerpt
            ),
            transient: status.as_u16() == 429 || status.is_server_error(),
        });
    }
    schema::parse_response(&body, wanted).map_err(|error| LlmFailure {
        said: said!(
            key::LLM_ANSWER_REFUSED,
            "the answer was refused: {0}",
            error
        ),
        transient: false,
    })
}
