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

/// The system daemon's console socket (systemd's `RuntimeDirectory=centralita`).
pub const SYSTEM_SOCKET: &str = "/run/centralita/console.sock";

/// Environment variable that names the socket when `--socket` is not given.
pub const SOCKET_ENV: &str = "CENTRALITA_SOCKET";

/// The socket a client (`centralita`) connects to, found without reading the daemon's config
/// (`/etc/centralita` is not readable by operators): `explicit` (`--socket`), else
/// `$CENTRALITA_SOCKET`, else the socket of a config the user named (`--config`,
/// `$CENTRALITA_CONFIG`), else [`SYSTEM_SOCKET`] when `/run/centralita` exists (checked on the
/// folder, which anyone may see, so a user outside the group is told so on connecting), else
/// the per-user default of `user_config` (the user's own config file or the defaults).
pub fn client_socket_path(
    explicit: Option<&Path>,
    named_config: Option<&Config>,
    user_config: &Config,
) -> PathBuf {
    client_socket_path_with(
        explicit,
        named_config,
        user_config,
        &|name: &str| std::env::var_os(name),
        Path::exists,
    )
}

/// [`client_socket_path`] with the environment and the file system passed in.
pub fn client_socket_path_with(
    explicit: Option<&Path>,
    named_config: Option<&Config>,
    user_config: &Config,
    env: &dyn Fn(&str) -> Option<OsString>,
    exists: impl Fn(&Path) -> bool,
) -> PathBuf {
    if let Some(path) = explicit {
        return path.to_path_buf();
    }
    if let Some(path) = env(SOCKET_ENV).filter(|path| !path.is_empty()) {
        return PathBuf::from(path);
    }
    if let Some(config) = named_config {
        return socket_path_with(config, env, |_| false);
    }
    let system = Path::new(SYSTEM_SOCKET);
    if system.parent().is_some_and(&exists) {
        return system.to_path_buf();
    }
    socket_path_with(user_config, env, |_| false)
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
    let system = Path::new(SYSTEM_SOCKET);
    if system.parent().is_some_and(exists) {
        return system.to_path_buf();
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
    fn clients_try_the_flag_the_variable_a_named_config_the_system_socket_then_their_own() {
        let flag = Path::new("/tmp/flag.sock");
        let mut named = Config::default();
        named.daemon.socket = Some(PathBuf::from("/srv/named.sock"));
        let mut user = Config::default();
        user.daemon.data_dir = Some(PathBuf::from("/home/ana/c"));
        let variable = env_of(&[
            ("CENTRALITA_SOCKET", "/tmp/env.sock"),
            ("XDG_RUNTIME_DIR", "/run/user/1000"),
        ]);
        let xdg = env_of(&[("XDG_RUNTIME_DIR", "/run/user/1000")]);
        let nothing = env_of(&[]);
        let system_exists = |path: &Path| path == Path::new("/run/centralita");
        let lookup = |explicit, named, env: &dyn Fn(&str) -> Option<OsString>, system: bool| {
            client_socket_path_with(explicit, named, &user, env, |path: &Path| {
                system && system_exists(path)
            })
        };
        assert_eq!(lookup(Some(flag), Some(&named), &variable, true), flag);
        assert_eq!(
            lookup(None, Some(&named), &variable, true),
            PathBuf::from("/tmp/env.sock")
        );
        assert_eq!(
            lookup(None, Some(&named), &xdg, true),
            PathBuf::from("/srv/named.sock")
        );
        // The system socket is tried before the per-user one, without reading /etc/centralita.
        assert_eq!(lookup(None, None, &xdg, true), PathBuf::from(SYSTEM_SOCKET));
        assert_eq!(
            lookup(None, None, &xdg, false),
            PathBuf::from("/run/user/1000/centralita/console.sock")
        );
        assert_eq!(
            lookup(None, None, &nothing, false),
            PathBuf::from("/home/ana/c/console.sock")
        );
        // An empty variable counts as unset.
        let empty = env_of(&[("CENTRALITA_SOCKET", "")]);
        assert_eq!(
            lookup(None, None, &empty, true),
            PathBuf::from(SYSTEM_SOCKET)
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
