//! Checks that types alone cannot express. Each problem names its key path.

use std::ffi::OsString;

use crate::Config;

/// Longest socket path the kernel accepts (`sun_path` is 108 bytes with the NUL).
const MAX_SOCKET_PATH: usize = 107;

pub fn problems(config: &Config, env: &dyn Fn(&str) -> Option<OsString>) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    count_problems(config, &mut problems);
    if config.queue.backoff_base_ms > config.queue.backoff_max_secs.saturating_mul(1000) {
        problems.push((
            "queue.backoff_base_ms".into(),
            format!(
                "{} ms is longer than queue.backoff_max_secs ({} s)",
                config.queue.backoff_base_ms, config.queue.backoff_max_secs
            ),
        ));
    }
    if let Some(socket) = &config.daemon.socket
        && socket.as_os_str().len() > MAX_SOCKET_PATH
    {
        problems.push((
            "daemon.socket".into(),
            format!("is longer than {MAX_SOCKET_PATH} bytes, the limit for a Unix socket path"),
        ));
    }
    let sections = [
        (
            "channels.whatsapp",
            config.channels.whatsapp.keys().collect::<Vec<_>>(),
        ),
        (
            "channels.messenger",
            config.channels.messenger.keys().collect(),
        ),
        (
            "channels.telegram",
            config.channels.telegram.keys().collect(),
        ),
        ("invoices.llm", config.invoices.llm.keys().collect()),
        (
            "invoices.from_chats",
            config.invoices.from_chats.keys().collect(),
        ),
    ];
    let named = config
        .sandbox
        .tenant
        .iter()
        .map(|tenant| ("sandbox.tenant".to_owned(), tenant))
        .chain(sections.iter().flat_map(|(section, tenants)| {
            tenants
                .iter()
                .map(move |tenant| (format!("{section}.{tenant}"), *tenant))
        }));
    for (key, tenant) in named {
        if !is_tenant_id(tenant) {
            problems.push((key, format!("{tenant:?} is not a tenant id: use 1 to 32 lowercase letters, digits or '-', starting with a letter")));
        }
    }
    // A secret is resolved only where it will be used, so an example or a disabled feature
    // does not need it set.
    if config.sandbox.enabled
        && let Some(secret) = &config.sandbox.webhook_secret
        && let Err(error) = secret.resolve_with(env)
    {
        problems.push(("sandbox.webhook_secret".into(), error.to_string()));
    }
    url_problems(config, &mut problems);
    if config.invoices.max_upload_mib > 1024 {
        problems.push((
            "invoices.max_upload_mib".into(),
            "must be at most 1024".to_owned(),
        ));
    }
    for (tenant, rules) in &config.invoices.from_chats {
        for rule in rules {
            if let Err(problem) = crate::ChatFileRule::parse(rule) {
                problems.push((format!("invoices.from_chats.{tenant}"), problem));
            }
        }
    }
    for (tenant, llm) in &config.invoices.llm {
        if !(llm.base_url.starts_with("http://") || llm.base_url.starts_with("https://")) {
            problems.push((
                format!("invoices.llm.{tenant}.base_url"),
                format!("{:?} is not an http:// or https:// URL", llm.base_url),
            ));
        }
    }
    problems
}

/// The connection URLs that are not http(s).
fn url_problems(config: &Config, problems: &mut Vec<(String, String)>) {
    if let Some(google) = &config.connections.google {
        let urls = [
            ("redirect_url", Some(&google.redirect_url)),
            ("auth_url", google.auth_url.as_ref()),
            ("token_url", google.token_url.as_ref()),
            ("revoke_url", google.revoke_url.as_ref()),
            ("api_base", google.api_base.as_ref()),
        ];
        for (key, url) in urls {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                problems.push((
                    format!("connections.google.{key}"),
                    format!("{url:?} is not an http:// or https:// URL"),
                ));
            }
        }
    }
}

/// The counts and durations that must be at least 1.
fn count_problems(config: &Config, problems: &mut Vec<(String, String)>) {
    let mut at_least_one = |key: String, value: u64| {
        if value == 0 {
            problems.push((key, "must be at least 1".to_owned()));
        }
    };
    at_least_one(
        "webhook.body_limit_bytes".into(),
        config.webhook.body_limit_bytes,
    );
    at_least_one(
        "webhook.header_timeout_secs".into(),
        config.webhook.header_timeout_secs,
    );
    at_least_one(
        "webhook.request_timeout_secs".into(),
        config.webhook.request_timeout_secs,
    );
    at_least_one(
        "queue.default_max_attempts".into(),
        config.queue.default_max_attempts.into(),
    );
    at_least_one("queue.lease_secs".into(), config.queue.lease_secs);
    let invoices = &config.invoices;
    at_least_one("invoices.max_upload_mib".into(), invoices.max_upload_mib);
    at_least_one("invoices.inbox_poll_secs".into(), invoices.inbox_poll_secs);
    at_least_one(
        "invoices.tool_timeout_secs".into(),
        invoices.tool_timeout_secs,
    );
    at_least_one(
        "invoices.tool_concurrency".into(),
        invoices.tool_concurrency.into(),
    );
    at_least_one("invoices.ocr_dpi".into(), invoices.ocr_dpi.into());
    at_least_one("invoices.tool_memory_mib".into(), invoices.tool_memory_mib);
    for (tenant, llm) in &invoices.llm {
        at_least_one(
            format!("invoices.llm.{tenant}.timeout_secs"),
            llm.timeout_secs,
        );
    }
    at_least_one(
        "mail.fetch_concurrency".into(),
        config.mail.fetch_concurrency.into(),
    );
    at_least_one("mail.max_message_mib".into(), config.mail.max_message_mib);
    at_least_one(
        "mail.quota_units_per_minute".into(),
        config.mail.quota_units_per_minute.into(),
    );
    for (name, settings) in &config.queue.queues {
        at_least_one(
            format!("queue.queues.{name}.concurrency"),
            settings.concurrency.into(),
        );
    }
    for (kind, settings) in &config.queue.kinds {
        if let Some(max) = settings.max_attempts {
            at_least_one(format!("queue.kinds.{kind}.max_attempts"), max.into());
        }
    }
}

/// What a tenant id may be (the protocol's `TenantId` rule).
fn is_tenant_id(tenant: &str) -> bool {
    tenant.len() <= 32
        && tenant.starts_with(|c: char| c.is_ascii_lowercase())
        && tenant
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
