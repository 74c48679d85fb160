//! The inbox calls: an agent sees and acts on their own conversations and the unassigned
//! ones; supervisors and admins on all of the tenant's.

use centralita_protocol::{
    Contact, ConversationDetail, ConversationPage, ConversationState, ConversationSummary, JobId,
    PageRequest, ReplyTemplate, Role, RpcError, TenantId, WhatsAppTemplate,
};

use super::auth::Need;
use super::service::Connection;
use crate::error::AreaError;
use crate::inbox::send::OutboundFile;
use crate::store::{ReadTxn, WriteTxn};

impl Connection {
    /// `Some(user)` when the caller is only an agent in `tenant` (their view is limited).
    pub(super) async fn agent_scope(&self, tenant: &TenantId) -> Result<Option<String>, RpcError> {
        if self.shared.authority.is_superuser(&self.peer) {
            return Ok(None);
        }
        let identity = self.shared.authority.identity(&self.peer).await?;
        Ok(match identity.roles.get(tenant) {
            Some(Role::Agent) => Some(self.peer.user.clone()),
            _ => None,
        })
    }

    /// Refuses an agent a conversation assigned to someone else; returns the agent's user
    /// (`None` for supervisors and admins) so callers need not look the role up again.
    async fn require_visible(
        &self,
        tenant: &TenantId,
        id: u64,
    ) -> Result<Option<String>, RpcError> {
        self.require_assigned_visible(tenant, ("conversation", id), move |txn, tenant| {
            txn.conversation_assignee(tenant, id)
        })
        .await
    }

    /// Refuses an agent the record `what` (a conversation, a lead) when `assignee` reads
    /// someone else; returns the agent's user, `None` for supervisors and admins.
    pub(super) async fn require_assigned_visible<F>(
        &self,
        tenant: &TenantId,
        (what, id): (&str, u64),
        assignee: F,
    ) -> Result<Option<String>, RpcError>
    where
        F: FnOnce(&ReadTxn, &TenantId) -> Result<Option<String>, AreaError> + Send + 'static,
    {
        let Some(user) = self.agent_scope(tenant).await? else {
            return Ok(None);
        };
        let scope = tenant.clone();
        let assignee = self
            .shared
            .store
            .read(move |txn| assignee(txn, &scope))
            .await?;
        if crate::actor::hidden_from(Some(&user), assignee.as_deref()) {
            return Err(RpcError::denied(format!(
                "{what} {id} is assigned to {}; agents see their own and unassigned {what}s",
                assignee.unwrap_or_default()
            )));
        }
        Ok(Some(user))
    }

    pub(super) async fn conversation_page(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<ConversationPage, RpcError> {
        self.check("conversations_list", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let scope = self.agent_scope(&tenant).await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.list_conversations(&tenant, page, scope.as_deref()))
            .await?)
    }

    pub(super) async fn conversation_detail(
        &self,
        tenant: TenantId,
        id: u64,
        limit: u32,
    ) -> Result<ConversationDetail, RpcError> {
        self.check("conversations_show", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.require_visible(&tenant, id).await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.conversation_detail(&tenant, id, limit))
            .await?)
    }

    /// Queues something to send on a conversation the caller sees: checks, audits and
    /// commits `queue`, then wakes the send workers. Returns the queued message's id.
    async fn queue_send<F>(
        &self,
        action: &'static str,
        (tenant, id): (TenantId, u64),
        detail: String,
        queue: F,
    ) -> Result<u64, RpcError>
    where
        F: FnMut(&mut WriteTxn<'_>, &TenantId) -> Result<u64, AreaError> + Send + 'static,
    {
        self.check(action, Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.require_visible(&tenant, id).await?;
        let scope = tenant.clone();
        let mut queue = queue;
        let message = self
            .audited(
                action,
                &tenant,
                format!("conversation {id}"),
                detail,
                move |txn| queue(txn, &scope),
            )
            .await?;
        self.shared.queue.wake(crate::inbox::QUEUE);
        Ok(message)
    }

    pub(super) async fn conversation_send(
        &self,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<u64, RpcError> {
        let detail: String = text.chars().take(200).collect();
        self.queue_send(
            "conversations_send",
            (tenant, id),
            detail,
            move |txn, tenant| crate::inbox::send::queue_reply(txn, tenant, id, &text),
        )
        .await
    }

    pub(super) async fn conversation_assign(
        &self,
        tenant: TenantId,
        id: u64,
        assignee: Option<String>,
    ) -> Result<ConversationSummary, RpcError> {
        self.check(
            "conversations_assign",
            Some(&tenant),
            Need::Role(Role::Agent),
        )
        .await?;
        if let Some(user) = self.require_visible(&tenant, id).await?
            && assignee.as_ref().is_some_and(|assignee| *assignee != user)
        {
            return Err(RpcError::denied(
                "agents can only take a conversation themselves; ask a supervisor to assign it to someone else",
            ));
        }
        if let Some(user) = &assignee {
            let (scope, user) = (tenant.clone(), user.clone());
            let operators = self
                .shared
                .store
                .read(move |txn| txn.operators(&scope))
                .await?;
            if !operators.iter().any(|operator| operator.user == user) {
                return Err(RpcError::invalid(format!(
                    "{user} has no role in tenant {tenant}: add them with `centralita operators add`"
                )));
            }
        }
        let scope = tenant.clone();
        let detail = assignee.clone().unwrap_or_else(|| "(nobody)".to_owned());
        self.audited(
            "conversations_assign",
            &tenant,
            format!("conversation {id}"),
            detail,
            move |txn| txn.assign_conversation(&scope, id, assignee.as_deref()),
        )
        .await?;
        self.summary(tenant, id).await
    }

    pub(super) async fn conversation_state(
        &self,
        tenant: TenantId,
        id: u64,
        state: ConversationState,
    ) -> Result<ConversationSummary, RpcError> {
        self.check(
            "conversations_set_state",
            Some(&tenant),
            Need::Role(Role::Agent),
        )
        .await?;
        self.require_visible(&tenant, id).await?;
        let scope = tenant.clone();
        self.audited(
            "conversations_set_state",
            &tenant,
            format!("conversation {id}"),
            state.as_str().to_owned(),
            move |txn| txn.set_conversation_state(&scope, id, state),
        )
        .await?;
        self.summary(tenant, id).await
    }

    pub(super) async fn conversation_read(
        &self,
        tenant: TenantId,
        id: u64,
    ) -> Result<(), RpcError> {
        self.check(
            "conversations_mark_read",
            Some(&tenant),
            Need::Role(Role::Agent),
        )
        .await?;
        self.require_visible(&tenant, id).await?;
        let scope = tenant.clone();
        self.shared
            .store
            .write(move |txn| crate::inbox::send::mark_read(txn, &scope, id))
            .await?;
        self.shared.queue.wake(crate::inbox::QUEUE);
        Ok(())
    }

    pub(super) async fn conversation_send_template(
        &self,
        tenant: TenantId,
        id: u64,
        template: String,
    ) -> Result<u64, RpcError> {
        let agent = self.peer.user.clone();
        let detail = template.clone();
        self.queue_send(
            "conversations_send_template",
            (tenant, id),
            detail,
            move |txn, tenant| {
                crate::inbox::send::queue_template_reply(txn, tenant, id, &template, &agent)
            },
        )
        .await
    }

    pub(super) async fn conversation_send_file(
        &self,
        tenant: TenantId,
        id: u64,
        upload: u64,
        caption: Option<String>,
    ) -> Result<u64, RpcError> {
        let action = "conversations_send_file";
        // Checked before the upload is used up; `queue_send` checks again as it commits.
        self.check(action, Some(&tenant), Need::Role(Role::Agent))
            .await?;
        self.require_visible(&tenant, id).await?;
        let uploads = self.shared.invoices.uploads();
        if uploads.tenant_of(upload, &self.peer.user)? != tenant {
            return Err(RpcError::invalid(format!(
                "upload {upload} was started for another tenant"
            )));
        }
        let finished = uploads.finish(upload, &self.peer.user)?;
        let size = finished.bytes.len() as u64;
        let name = finished.file_name;
        let blob = self.shared.store.put_blob(finished.bytes).await?;
        let detail = format!("{name} ({size} bytes)");
        self.queue_send(action, (tenant, id), detail, move |txn, tenant| {
            let channel = txn.conversation_route(tenant, id)?.channel;
            let file = OutboundFile::new(&channel, &name, blob.as_str(), size);
            crate::inbox::send::queue_file(txn, tenant, id, &file, caption.as_deref())
        })
        .await
    }

    pub(super) async fn conversation_send_whatsapp_template(
        &self,
        tenant: TenantId,
        id: u64,
        (name, language): (String, String),
        variables: Vec<String>,
    ) -> Result<u64, RpcError> {
        let detail = format!("{name} ({language}) {}", variables.join(" | "));
        self.queue_send(
            "conversations_send_whatsapp_template",
            (tenant, id),
            detail,
            move |txn, tenant| {
                let template = (name.as_str(), language.as_str());
                crate::inbox::send::queue_whatsapp_template(txn, tenant, id, template, &variables)
            },
        )
        .await
    }

    pub(super) async fn whatsapp_templates(
        &self,
        tenant: TenantId,
    ) -> Result<Vec<WhatsAppTemplate>, RpcError> {
        self.checked_read(
            "whatsapp_templates_list",
            tenant,
            Need::Role(Role::Agent),
            ReadTxn::whatsapp_templates,
        )
        .await
    }

    pub(super) async fn whatsapp_templates_sync(
        &self,
        tenant: TenantId,
    ) -> Result<JobId, RpcError> {
        let action = "whatsapp_templates_sync";
        self.check(action, Some(&tenant), Need::Role(Role::Supervisor))
            .await?;
        let scope = tenant.clone();
        let job = self
            .audited(
                action,
                &tenant,
                tenant.to_string(),
                String::new(),
                move |txn| crate::inbox::templates::enqueue_sync(txn, &scope),
            )
            .await?;
        self.shared.queue.wake(crate::inbox::QUEUE);
        Ok(job)
    }

    pub(super) async fn templates_list(
        &self,
        tenant: TenantId,
    ) -> Result<Vec<ReplyTemplate>, RpcError> {
        self.checked_read(
            "reply_templates_list",
            tenant,
            Need::Role(Role::Agent),
            ReadTxn::reply_templates,
        )
        .await
    }

    pub(super) async fn templates_put(
        &self,
        tenant: TenantId,
        template: ReplyTemplate,
    ) -> Result<ReplyTemplate, RpcError> {
        self.check(
            "reply_templates_put",
            Some(&tenant),
            Need::Role(Role::Supervisor),
        )
        .await?;
        let name = template.name.trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(RpcError::invalid(
                "a reply template needs a name without spaces (it is typed as /name)",
            ));
        }
        // A template that cannot be filled is refused now, not when a customer waits.
        crate::inbox::send::render(&template.body, Some("x"), "x").map_err(RpcError::invalid)?;
        let stored = template.clone();
        let scope = tenant.clone();
        self.audited(
            "reply_templates_put",
            &tenant,
            format!("reply template {}", template.name),
            String::new(),
            move |txn| txn.put_reply_template(&scope, &stored),
        )
        .await?;
        Ok(template)
    }

    pub(super) async fn templates_remove(
        &self,
        tenant: TenantId,
        name: String,
    ) -> Result<(), RpcError> {
        self.check(
            "reply_templates_remove",
            Some(&tenant),
            Need::Role(Role::Supervisor),
        )
        .await?;
        let scope = tenant.clone();
        self.audited(
            "reply_templates_remove",
            &tenant,
            format!("reply template {name}"),
            String::new(),
            move |txn| txn.remove_reply_template(&scope, &name),
        )
        .await
    }

    pub(super) async fn contact_show(
        &self,
        tenant: TenantId,
        id: u64,
    ) -> Result<Contact, RpcError> {
        self.check("contacts_show", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.contact(&tenant, id))
            .await?)
    }

    pub(super) async fn contact_note(
        &self,
        tenant: TenantId,
        id: u64,
        text: String,
    ) -> Result<Contact, RpcError> {
        self.check("contacts_note", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let (scope, author) = (tenant.clone(), self.peer.user.clone());
        let detail: String = text.chars().take(200).collect();
        self.audited(
            "contacts_note",
            &tenant,
            format!("contact {id}"),
            detail,
            move |txn| txn.note_contact(&scope, id, &author, &text),
        )
        .await?;
        self.checked_read(
            "contacts_show",
            tenant,
            Need::Role(Role::Agent),
            move |txn, tenant| txn.contact(tenant, id),
        )
        .await
    }

    pub(super) async fn contact_edit(
        &self,
        tenant: TenantId,
        id: u64,
        name: Option<String>,
        phone: Option<String>,
        tags: Option<Vec<String>>,
    ) -> Result<Contact, RpcError> {
        self.check("contacts_edit", Some(&tenant), Need::Role(Role::Agent))
            .await?;
        let phone = match phone {
            None => None,
            Some(raw) => {
                let e164 = centralita_channels::phone::normalize(&raw, None).ok_or_else(|| {
                    RpcError::invalid(format!(
                        "{raw:?} is not a phone number: write it with its country code, e.g. +51 987 654 321"
                    ))
                })?;
                let country = centralita_channels::phone::country_of(&e164);
                Some((e164, country))
            }
        };
        let scope = tenant.clone();
        let detail = format!(
            "name={name:?} phone={:?} tags={tags:?}",
            phone.as_ref().map(|p| &p.0)
        );
        self.audited(
            "contacts_edit",
            &tenant,
            format!("contact {id}"),
            detail,
            move |txn| {
                txn.edit_contact(
                    &scope,
                    id,
                    name.as_deref(),
                    phone
                        .as_ref()
                        .map(|(e164, country)| (e164.as_str(), *country)),
                    tags.as_deref(),
                )
            },
        )
        .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.contact(&tenant, id))
            .await?)
    }

    pub(super) async fn contact_merge(
        &self,
        tenant: TenantId,
        into: u64,
        from: u64,
    ) -> Result<Contact, RpcError> {
        self.check(
            "contacts_merge",
            Some(&tenant),
            Need::Role(Role::Supervisor),
        )
        .await?;
        let scope = tenant.clone();
        self.audited(
            "contacts_merge",
            &tenant,
            format!("contact {into}"),
            format!("merged contact {from} into it"),
            move |txn| txn.merge_contacts(&scope, into, from),
        )
        .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.contact(&tenant, into))
            .await?)
    }

    async fn summary(&self, tenant: TenantId, id: u64) -> Result<ConversationSummary, RpcError> {
        Ok(self
            .shared
            .store
            .read(move |txn| txn.conversation_detail(&tenant, id, 1))
            .await?
            .conversation)
    }
}
