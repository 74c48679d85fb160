//! Exit codes by error kind, so scripts can tell "not found" from "not allowed".

use std::process::ExitCode;

use centralita_protocol::ErrorKind;

/// Exit codes of `centralita`. 0 is success and 2 is a usage error (clap's own).
pub const GENERIC: u8 = 1;
pub const NOT_FOUND: u8 = 3;
pub const PERMISSION_DENIED: u8 = 4;
pub const CONFLICT: u8 = 5;
pub const INVALID_ARGUMENT: u8 = 6;
pub const VERSION_MISMATCH: u8 = 7;
/// As sysexits' EX_UNAVAILABLE: the daemon cannot be reached.
pub const UNAVAILABLE: u8 = 69;
/// As sysexits' EX_SOFTWARE.
pub const INTERNAL: u8 = 70;

/// The exit code for an error of `kind`.
pub fn code_for(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::NotFound => NOT_FOUND,
        ErrorKind::PermissionDenied => PERMISSION_DENIED,
        ErrorKind::Conflict => CONFLICT,
        ErrorKind::InvalidArgument => INVALID_ARGUMENT,
        ErrorKind::VersionMismatch => VERSION_MISMATCH,
        ErrorKind::Unavailable => UNAVAILABLE,
        ErrorKind::Internal => INTERNAL,
        _ => GENERIC,
    }
}

pub fn exit_code(kind: ErrorKind) -> ExitCode {
    ExitCode::from(code_for(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_code() {
        let kinds = [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::Conflict,
            ErrorKind::InvalidArgument,
            ErrorKind::VersionMismatch,
            ErrorKind::Unavailable,
            ErrorKind::Internal,
        ];
        let mut codes: Vec<u8> = kinds.iter().map(|kind| code_for(*kind)).collect();
        assert_eq!(codes[0], 3);
        assert_eq!(codes[5], 69);
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len());
        assert!(!codes.contains(&0) && !codes.contains(&2));
    }
}
