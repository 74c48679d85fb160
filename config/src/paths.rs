//! Where data and the socket live when the config does not say.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::Config;

/// The data dir: `daemon.data_dir`, else `$STATE_DIRECTORY` (systemd; the first of its
/// colon-separated paths), else the XDG data dir (`~/.local/share/centralita`), else
/// `./centralita-data`.
pub fn data_dir(config: &Config) -> PathBuf {
    data_dir_with(config, &|name: &str| std::env::var_os(name))
}

/// The console socket: `daemon.socket`, else `$RUNTIME_DIRECTORY/console.sock` (systemd),
/// else `$XDG_RUNTIME_DIR/centralita/console.sock`, else `/run/centralita/console.sock` when
/// that folder exists, else `console.sock` in the data dir.
pub fn default_socket_path(config: &Config) -> PathBuf {
    socket_path_with(config, &|name: &str| std::env::var_os(name), Path::exists)
}

pub fn data_dir_with(config: &Config, env: &dyn Fn(&str) -> Option<OsString>) -> PathBuf {
    if let Some(dir) = &config.daemon.data_dir {
        return dir.clone();
    }
    if let Some(dir) = first_of(env("STATE_DIRECTORY")) {
        return dir;
    }
    directories::ProjectDirs::from("", "", "centralita").map_or_else(
        || PathBuf::from("centralita-data"),
        |dirs| dirs.data_dir().to_path_buf(),
    )
}

pub fn socket_path_with(
    config: &Config,
    env: &dyn Fn(&str) -> Option<OsString>,
    exists: impl Fn(&Path) -> bool,
) -> PathBuf {
    if let Some(socket) = &config.daemon.socket {
        return socket.clone();
    }
    if let Some(dir) = first_of(env("RUNTIME_DIRECTORY")) {
        return dir.join("console.sock");
    }
    if let Some(dir) = env("XDG_RUNTIME_DIR").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir).join("centralita").join("console.sock");
    }
    let system = Path::new("/run/centralita");
    if exists(system) {
        return system.join("console.sock");
    }
    data_dir_with(config, env).join("console.sock")
}

fn first_of(value: Option<OsString>) -> Option<PathBuf> {
    let value = value?.into_string().ok()?;
    value
        .split(':')
        .find(|part| !part.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        }
    }

    #[test]
    fn the_config_wins_then_systemd_then_xdg() {
        let mut config = Config::default();
        let systemd = env_of(&[
            ("STATE_DIRECTORY", "/var/lib/centralita:/var/lib/other"),
            ("RUNTIME_DIRECTORY", "/run/centralita"),
            ("XDG_RUNTIME_DIR", "/run/user/1000"),
        ]);
        assert_eq!(
            data_dir_with(&config, &systemd),
            PathBuf::from("/var/lib/centralita")
        );
        assert_eq!(
            socket_path_with(&config, &systemd, |_| false),
            PathBuf::from("/run/centralita/console.sock")
        );
        let user = env_of(&[("XDG_RUNTIME_DIR", "/run/user/1000")]);
        assert_eq!(
            socket_path_with(&config, &user, |_| false),
            PathBuf::from("/run/user/1000/centralita/console.sock")
        );
        config.daemon.data_dir = Some(PathBuf::from("/srv/c"));
        config.daemon.socket = Some(PathBuf::from("/srv/c/s.sock"));
        assert_eq!(data_dir_with(&config, &systemd), PathBuf::from("/srv/c"));
        assert_eq!(
            socket_path_with(&config, &systemd, |_| false),
            PathBuf::from("/srv/c/s.sock")
        );
    }

    #[test]
    fn without_any_runtime_dir_the_socket_is_in_the_data_dir() {
        let mut config = Config::default();
        config.daemon.data_dir = Some(PathBuf::from("/srv/c"));
        let nothing = env_of(&[]);
        assert_eq!(
            socket_path_with(&config, &nothing, |_| false),
            PathBuf::from("/srv/c/console.sock")
        );
        assert_eq!(
            socket_path_with(&config, &nothing, |_| true),
            PathBuf::from("/run/centralita/console.sock")
        );
    }
}
