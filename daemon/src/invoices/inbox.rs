//! The invoice inbox folders: `<inbox_dir>/<tenant>/` (see `crate::folders`). A file becomes
//! an invoice, or is the invoice its bytes already are.

use centralita_protocol::TenantId;

use super::{Intake, IntakeError, Invoices};
use crate::folders::{Taken, Taker};

impl Taker for Invoices {
    async fn take(&self, tenant: &TenantId, name: String, bytes: Vec<u8>) -> Taken {
        let outcome = self
            .intake(Intake {
                tenant: tenant.clone(),
                file_name: name,
                bytes,
                origin: "inbox".to_owned(),
                operator: "inbox".to_owned(),
            })
            .await;
        match outcome {
            Ok(outcome) if outcome.duplicate => {
                Taken::Done(format!("invoice {} (the same file)", outcome.invoice.id))
            }
            Ok(outcome) => Taken::Done(format!("invoice {}", outcome.invoice.id)),
            Err(IntakeError::Store(error)) => Taken::Later(error.to_string()),
            Err(refused) => Taken::Refused(refused.to_string()),
        }
    }
}
