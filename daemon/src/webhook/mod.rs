//! Placeholder until the webhook helper's module lands (it replaces this file).
pub struct WebhookState {
    pub queue: crate::queue::Queue,
    pub store: crate::store::Store,
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
    pub config: centralita_config::WebhookConfig,
    pub sandbox_secret: Option<centralita_config::Secret>,
}
pub async fn serve(
    _listener: tokio::net::TcpListener,
    _state: WebhookState,
    shutdown: tokio_util::sync::CancellationToken,
) -> std::io::Result<()> {
    shutdown.cancelled().await;
    Ok(())
}
