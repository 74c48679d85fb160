//! Who is acting, as areas see it.

/// Whether a record assigned to `assignee` is out of `agent`'s sight: agents (`Some`) see their
/// own records and unassigned ones; `None` (supervisors, admins) sees everything.
pub fn hidden_from(agent: Option<&str>, assignee: Option<&str>) -> bool {
    agent.is_some_and(|user| assignee.is_some_and(|assignee| assignee != user))
}
