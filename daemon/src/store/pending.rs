//! Work an area leaves for the end of a batch: state kept in memory while the batch's
//! operations run, written once just before the commit (the queue's job counts, say, which
//! would otherwise be read and rewritten by every operation of a group commit).

use std::any::{Any, TypeId};

use super::{StoreError, WriteTxn};

/// State an area keeps for the rest of a batch; [`Pending::apply`] writes it before commit.
pub trait Pending: Default + Send + 'static {
    fn apply(self, txn: &mut WriteTxn<'_>) -> Result<(), StoreError>;
}

trait Erased: Send {
    fn as_any(&mut self) -> &mut dyn Any;
    fn apply_boxed(self: Box<Self>, txn: &mut WriteTxn<'_>) -> Result<(), StoreError>;
}

impl<T: Pending> Erased for T {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
    fn apply_boxed(self: Box<Self>, txn: &mut WriteTxn<'_>) -> Result<(), StoreError> {
        (*self).apply(txn)
    }
}

/// The pending state of one batch, one value per type.
#[derive(Default)]
pub(super) struct PendingWork {
    items: Vec<(TypeId, Box<dyn Erased>)>,
}

impl PendingWork {
    /// Applies and clears every pending item, in the order they first appeared.
    pub(super) fn apply_all(txn: &mut WriteTxn<'_>) -> Result<(), StoreError> {
        let items = std::mem::take(&mut txn.pending.items);
        for (_, item) in items {
            item.apply_boxed(txn)?;
        }
        Ok(())
    }
}

impl WriteTxn<'_> {
    /// The batch's pending `T`, created empty on first use.
    pub fn pending<T: Pending>(&mut self) -> &mut T {
        let id = TypeId::of::<T>();
        let index = if let Some(index) = self.pending.items.iter().position(|(item, _)| *item == id)
        {
            index
        } else {
            self.pending.items.push((id, Box::new(T::default())));
            self.pending.items.len() - 1
        };
        self.pending.items[index]
            .1
            .as_any()
            .downcast_mut()
            .expect("the item under T's TypeId is a T")
    }
}
