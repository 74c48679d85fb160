//! The one HTTP client setup for calls to providers (LLM endpoints, messaging APIs).

/// A client with rustls on ring and our user agent.
pub fn client() -> reqwest::Client {
    // Installing twice is harmless; the first provider wins.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("centralitad/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS provider is installed")
}

/// The error and its causes on one line ("error sending request: connection refused").
pub fn describe(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(next) = source {
        message = format!("{message}: {next}");
        source = next.source();
    }
    message
}
