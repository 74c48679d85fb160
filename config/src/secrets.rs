//! Every secret reference the daemon resolves at start, checked the same way ahead of time
//! (`centralitad check-config`): which ones do not resolve, and which secret files others can
//! read.

use std::ffi::OsString;

use crate::{Config, SecretRef};

/// What checking the secrets found: problems stop the daemon at start; warnings do not.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SecretChecks {
    /// (key path, why it does not resolve).
    pub problems: Vec<(String, String)>,
    /// (key path, what is loose about it).
    pub warnings: Vec<(String, String)>,
}

/// Every secret reference of `config` the daemon resolves at start, by key path.
pub fn secret_refs(config: &Config) -> Vec<(String, &SecretRef)> {
    let mut refs = Vec::new();
    if config.sandbox.enabled
        && let Some(secret) = &config.sandbox.webhook_secret
    {
        refs.push(("sandbox.webhook_secret".to_owned(), secret));
    }
    if let Some(key) = &config.connections.token_key {
        refs.push(("connections.token_key".to_owned(), key));
    }
    if let Some(google) = &config.connections.google {
        refs.push((
            "connections.google.client_secret".to_owned(),
            &google.client_secret,
        ));
    }
    for (kind, tenants) in [
        ("whatsapp", &config.channels.whatsapp),
        ("messenger", &config.channels.messenger),
    ] {
        for (tenant, meta) in tenants {
            let key = |field: &str| format!("channels.{kind}.{tenant}.{field}");
            refs.push((key("app_secret"), &meta.app_secret));
            refs.push((key("verify_token"), &meta.verify_token));
            if let Some(token) = &meta.access_token {
                refs.push((key("access_token"), token));
            }
        }
    }
    for (tenant, bot) in &config.channels.telegram {
        let key = |field: &str| format!("channels.telegram.{tenant}.{field}");
        refs.push((key("secret_token"), &bot.secret_token));
        if let Some(token) = &bot.bot_token {
            refs.push((key("bot_token"), token));
        }
    }
    for (tenant, llm) in &config.invoices.llm {
        if let Some(key) = &llm.api_key {
            refs.push((format!("invoices.llm.{tenant}.api_key"), key));
        }
    }
    refs
}

/// Resolves every secret of `config` as start-up does, with `env` for the environment.
pub fn check_secrets(config: &Config, env: &dyn Fn(&str) -> Option<OsString>) -> SecretChecks {
    let mut checks = SecretChecks::default();
    for (key, secret) in secret_refs(config) {
        if let Err(error) = secret.resolve_with(env) {
            checks.problems.push((key.clone(), error.to_string()));
            continue;
        }
        if let SecretRef::File(path) = secret {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(metadata) = std::fs::metadata(path)
                && metadata.permissions().mode() & 0o077 != 0
            {
                checks.warnings.push((
                    key,
                    format!(
                        "{} can be read by others (mode {:o}): chmod 600 it, or use a systemd credential",
                        path.display(),
                        metadata.permissions().mode() & 0o777
                    ),
                ));
            }
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_config_resolves_secrets_as_start_up_does_and_warns_on_loose_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let loose = dir.path().join("loose");
        std::fs::write(&loose, "s3cret\n").expect("written");
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).expect("0644");
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "").expect("written");
        let text = format!(
            "[channels.telegram.acme]\nsecret_token = {{ file = {loose:?} }}\nbot_token = {{ env = \"NOT_SET_ANYWHERE\" }}\n\n[invoices.llm.acme]\nbase_url = \"http://x\"\nmodel = \"m\"\napi_key = {{ file = {empty:?} }}\n\n[connections]\ntoken_key = {{ file = {:?} }}\n",
            dir.path().display().to_string(),
            loose = loose.display().to_string(),
            empty = empty.display().to_string(),
        );
        let config: Config = toml::from_str(&text).expect("parses");
        let checks = check_secrets(&config, &|_| None);
        let keys: Vec<&str> = checks
            .problems
            .iter()
            .map(|(key, _)| key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "connections.token_key",
                "channels.telegram.acme.bot_token",
                "invoices.llm.acme.api_key"
            ],
            "{:?}",
            checks.problems
        );
        assert!(
            checks.problems[0].1.contains("Is a directory")
                || checks.problems[0].1.contains("directory"),
            "{:?}",
            checks.problems[0]
        );
        assert!(
            checks.problems[2].1.contains("is empty"),
            "{:?}",
            checks.problems[2]
        );
        assert_eq!(checks.warnings.len(), 1, "{:?}", checks.warnings);
        assert!(
            checks.warnings[0].1.contains("mode 644"),
            "{:?}",
            checks.warnings
        );
        assert!(
            !format!("{checks:?}").contains("s3cret"),
            "no value is ever shown"
        );
    }
}
