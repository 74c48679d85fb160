//! Who is calling, and what they may do.
//!
//! The peer's Unix credentials (SO_PEERCRED) name a user; root and the daemon's own user are
//! superusers (admins of every tenant: that is how the first operators get added); anyone else
//! needs a role in the tenant they act on. Every refusal is audited.

use centralita_protocol::{AuditOutcome, OperatorIdentity, Role, RpcError, TenantId};

use crate::audit::AuditRecord;
use crate::store::Store;

/// The caller of one connection.
#[derive(Debug, Clone)]
pub struct Peer {
    pub uid: u32,
    /// The Unix user name, or `uid N` when the uid has none.
    pub user: String,
}

impl Peer {
    /// Reads the user name of `uid` from the system's user database.
    pub fn from_uid(uid: u32) -> Self {
        let user = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
            .ok()
            .flatten()
            .map_or_else(|| format!("uid {uid}"), |user| user.name);
        Self { uid, user }
    }
}

/// Who may call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Any role in the tenant.
    Role(Role),
    /// Root or the daemon's own user.
    Superuser,
    /// Any operator at all (a role somewhere, or superuser).
    Operator,
}

pub struct Authority {
    pub store: Store,
    pub daemon_uid: u32,
}

impl Authority {
    pub fn is_superuser(&self, peer: &Peer) -> bool {
        peer.uid == 0 || peer.uid == self.daemon_uid
    }

    /// The caller's identity with their roles.
    pub async fn identity(&self, peer: &Peer) -> Result<OperatorIdentity, RpcError> {
        let user = peer.user.clone();
        let roles = self.store.read(move |txn| txn.roles_of(&user)).await?;
        Ok(OperatorIdentity {
            user: peer.user.clone(),
            superuser: self.is_superuser(peer),
            roles: roles.into_iter().collect(),
        })
    }

    /// Checks `need` for `peer` on `tenant`; a refusal is audited and returned as
    /// `PermissionDenied`. A tenant that does not exist is `NotFound` for superusers and
    /// `PermissionDenied` for everyone else (so tenant names do not leak).
    pub async fn check(
        &self,
        peer: &Peer,
        action: &str,
        tenant: Option<&TenantId>,
        need: Need,
    ) -> Result<(), RpcError> {
        // Superusers need no role lookup: the common case of the CLI run as root stays cheap.
        if self.is_superuser(peer) {
            if let Some(tenant) = tenant {
                let id = tenant.clone();
                if !self.store.read(move |txn| txn.tenant_exists(&id)).await? {
                    return Err(RpcError::not_found(format!(
                        "tenant {tenant} does not exist"
                    )));
                }
            }
            return Ok(());
        }
        let identity = self.identity(peer).await?;
        let allowed = match (need, tenant) {
            (Need::Role(min), Some(tenant)) => {
                identity.roles.get(tenant).is_some_and(|role| *role >= min)
            }
            (Need::Operator, _) => !identity.roles.is_empty(),
            _ => false,
        };
        if !allowed {
            let message = denial_message(&identity, action, tenant, need);
            self.audit(peer, tenant, action, "", AuditOutcome::Denied, &message)
                .await;
            return Err(RpcError::denied(message));
        }
        Ok(())
    }

    /// Writes an audit entry on its own (for refusals and failures; successful mutations are
    /// audited in their own transaction). Failing to audit is logged, not returned.
    pub async fn audit(
        &self,
        peer: &Peer,
        tenant: Option<&TenantId>,
        action: &str,
        target: &str,
        outcome: AuditOutcome,
        detail: &str,
    ) {
        let record = AuditRecord {
            operator: peer.user.clone(),
            tenant: tenant.cloned(),
            action: action.to_owned(),
            target: target.to_owned(),
            outcome,
            detail: detail.to_owned(),
        };
        if let Err(error) = self.store.write(move |txn| txn.audit(&record)).await {
            tracing::error!(%error, action, "writing an audit entry failed");
        }
    }
}

fn denial_message(
    identity: &OperatorIdentity,
    action: &str,
    tenant: Option<&TenantId>,
    need: Need,
) -> String {
    let user = &identity.user;
    if identity.roles.is_empty() {
        return format!(
            "{user} is not a Centralita operator; an admin can add them with `centralita operators add {user} --role agent`"
        );
    }
    match (need, tenant) {
        (Need::Role(min), Some(tenant)) => match identity.roles.get(tenant) {
            Some(role) => {
                format!("{action} needs the {min} role in tenant {tenant}; {user} is {role} there")
            }
            None => format!("{user} has no role in tenant {tenant}"),
        },
        (Need::Superuser, _) => format!("{action} is reserved to root and the daemon's own user"),
        _ => format!("{user} may not call {action}"),
    }
}
