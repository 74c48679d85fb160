//! Every user-facing sentence of the console and the CLI that is not clap help, in one place so
//! it can be translated. English for now; a Spanish table goes beside it.

pub const NO_TENANT: &str = "you have no role in any tenant; ask an admin to add you";
pub const CHOOSE_TENANT: &str = "choose a tenant with --tenant";
pub const SANDBOX_BANNER: &str = "SANDBOX: fake providers and sample data, not for production";
pub const DEMO_STARTING: &str = "starting a demo daemon on a temporary folder…";

pub const CONNECTED: &str = "connected";
pub const DISCONNECTED: &str = "disconnected, retrying…";
pub const ADMIN_ONLY: &str = "admins only: ask an admin of this tenant";
pub const NOTHING_HERE: &str = "nothing here yet";
pub const UNKNOWN_VIEW: &str = "unknown view";
pub const CONFIRM_HINT: &str = "y confirm · n cancel";
pub const LOADING: &str = "loading…";
