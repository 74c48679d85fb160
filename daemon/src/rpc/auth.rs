//! Who is calling, and whether the policy lets them.
//!
//! The peer's Unix credentials (SO_PEERCRED) name a user; root and the daemon's own user are
//! superusers (admins of every tenant: that is how the first operators get added); anyone else
//! needs a role in the tenant they act on. Each call is resolved once, against
//! [`centralita_protocol::policy`], into a [`Caller`] or an [`Actor`]; every refusal is
//! audited.

use centralita_protocol::policy::{self, Who};
use centralita_protocol::{
    AuditOutcome, ErrorDetail, OperatorIdentity, Record, Role, RpcError, TenantId,
};

use crate::actor::{Actor, Caller};
use crate::audit::{self, AuditRecord};
use crate::error::{AreaError, Said, said};
use crate::store::Store;
use centralita_protocol::said as key;

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

/// Resolves callers against the policy table.
pub struct Authority {
    pub store: Store,
    pub daemon_uid: u32,
}

impl Authority {
    pub fn is_superuser(&self, peer: &Peer) -> bool {
        peer.uid == 0 || peer.uid == self.daemon_uid
    }

    /// The caller's identity with their roles.
    pub async fn identity(&self, peer: &Peer) -> Result<OperatorIdentity, AreaError> {
        let user = peer.user.clone();
        let roles = self.store.read(move |txn| txn.roles_of(&user)).await?;
        Ok(OperatorIdentity {
            user: peer.user.clone(),
            superuser: self.is_superuser(peer),
            roles: roles.into_iter().collect(),
        })
    }

    /// The caller of `method` when it names no tenant (any operator, or superusers only).
    pub async fn caller(&self, peer: &Peer, method: &'static str) -> Result<Caller, RpcError> {
        let who = who(method)?;
        let caller = Caller {
            user: peer.user.clone(),
            superuser: self.is_superuser(peer),
            action: method,
        };
        if caller.superuser {
            return Ok(caller);
        }
        let identity = self.identity(peer).await?;
        if matches!(who, Who::Operator) && !identity.roles.is_empty() {
            return Ok(caller);
        }
        Err(self.refuse(&identity, method, None, who).await)
    }

    /// The caller of `method` acting in `tenant`, with their role there. A tenant that does
    /// not exist is `NotFound` for superusers and `PermissionDenied` for everyone else (so
    /// tenant names do not leak).
    pub async fn actor(
        &self,
        peer: &Peer,
        method: &'static str,
        tenant: TenantId,
    ) -> Result<Actor, RpcError> {
        let who = who(method)?;
        let superuser = self.is_superuser(peer);
        let caller = Caller {
            user: peer.user.clone(),
            superuser,
            action: method,
        };
        // Superusers need no role lookup: the common case of the CLI run as root stays cheap.
        if superuser {
            let id = tenant.clone();
            if !self
                .store
                .read(move |txn| txn.tenant_exists(&id))
                .await
                .map_err(RpcError::from)?
            {
                return Err(
                    RpcError::not_found(format!("tenant {tenant} does not exist")).with_detail(
                        ErrorDetail::NotFound {
                            record: Record::Tenant,
                            id: tenant.to_string(),
                            tenant: None,
                        },
                    ),
                );
            }
            return Ok(Actor {
                caller,
                tenant,
                role: Role::Admin,
            });
        }
        let identity = self.identity(peer).await?;
        let role = identity.roles.get(&tenant).copied();
        let allowed = match who {
            Who::Role(min) => role.is_some_and(|role| role >= min),
            Who::Operator => role.is_some(),
            Who::Superuser => false,
        };
        match role {
            Some(role) if allowed => Ok(Actor {
                caller,
                tenant,
                role,
            }),
            _ => Err(self.refuse(&identity, method, Some(&tenant), who).await),
        }
    }

    /// Audits a refusal and returns the error that says why.
    async fn refuse(
        &self,
        identity: &OperatorIdentity,
        method: &'static str,
        tenant: Option<&TenantId>,
        who: Who,
    ) -> RpcError {
        let said = denial(identity, method, tenant, who);
        let message = said.text.clone();
        let entry = AuditRecord {
            operator: identity.user.clone(),
            tenant: tenant.cloned(),
            action: method.to_owned(),
            target: String::new(),
            outcome: AuditOutcome::Denied,
            detail_words: Some(said.words()),
            detail: said.text,
        };
        audit::record(&self.store, entry).await;
        RpcError::denied(message).with_detail(ErrorDetail::Denied {
            user: identity.user.clone(),
            method: method.to_owned(),
            tenant: tenant.cloned(),
            needs: match who {
                Who::Role(role) => Some(role),
                Who::Operator => Some(Role::Agent),
                Who::Superuser => None,
            },
            role: tenant.and_then(|tenant| identity.roles.get(tenant).copied()),
        })
    }
}

/// The policy's rule for `method`; a method without one is a bug, refused rather than allowed.
fn who(method: &str) -> Result<Who, RpcError> {
    policy::rule(method)
        .map(|rule| rule.who)
        .ok_or_else(|| RpcError::internal(format!("{method} has no rule in the policy table")))
}

/// Why `identity` may not call `action`, in the catalog's words (its audit entry keeps them;
/// the caller gets the facts as `ErrorDetail::Denied`).
fn denial(identity: &OperatorIdentity, action: &str, tenant: Option<&TenantId>, who: Who) -> Said {
    let user = &identity.user;
    if identity.roles.is_empty() {
        return said!(
            key::NOT_AN_OPERATOR,
            "{0} is not a Centralita operator; an admin can add them with `centralita operators add {0} --role agent`",
            user
        );
    }
    let no_role = |tenant: &TenantId| {
        said!(
            key::NO_ROLE_IN_TENANT,
            "{0} has no role in tenant {1}",
            user,
            tenant
        )
    };
    match (who, tenant) {
        (Who::Role(min), Some(tenant)) => match identity.roles.get(tenant) {
            Some(role) => said!(
                key::ROLE_TOO_LOW,
                "{0} needs the {1} role in tenant {2}; {3} is {4} there",
                action,
                min,
                tenant,
                user,
                role
            ),
            None => no_role(tenant),
        },
        (Who::Operator, Some(tenant)) => no_role(tenant),
        (Who::Superuser, _) => said!(
            key::SUPERUSERS_ONLY,
            "{0} is reserved to root and the daemon's own user",
            action
        ),
        _ => said!(key::MAY_NOT_CALL, "{0} may not call {1}", user, action),
    }
}
