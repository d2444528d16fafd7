//! The modes the screen can be in, as a stack of layers over the base (the
//! conversation and the input box): a layer takes keys before those below
//! it, and is drawn after them. The stack keeps one layer of each kind, in
//! a fixed order from the bottom: a selected message, the question before
//! deleting a turn, the tool call waiting for a yes, the find bar, a popup.
//! So a popup opened over a waiting tool call gets the keys first, and the
//! call is asked about again once it closes.

use std::time::Instant;

use super::Popup;
use supchat_chat::EntryId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    /// A message is selected: its cell.
    Selection(usize),
    /// y deletes the turn of this message of the user's.
    ConfirmDelete(EntryId),
    /// A tool call waits for the user's answer.
    Approval(ApprovalLayer),
    Find(Find),
    Popup(Popup),
}

/// The find bar: the text looked for, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Find {
    pub query: String,
    /// Messages holding the query, oldest first.
    pub hits: Vec<EntryId>,
    /// The hit shown, when one is.
    pub at: Option<usize>,
}

/// The approval panel's own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalLayer {
    /// Rows of the arguments scrolled away.
    pub scroll: usize,
    /// Until then keys still go to the draft (the panel came up while the
    /// user was typing): a stray y answers nothing.
    pub armed_at: Instant,
}

/// What a layer is, without its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Selection,
    ConfirmDelete,
    Approval,
    Find,
    Popup,
}

impl Layer {
    pub fn kind(&self) -> Kind {
        match self {
            Layer::Selection(_) => Kind::Selection,
            Layer::ConfirmDelete(_) => Kind::ConfirmDelete,
            Layer::Approval(_) => Kind::Approval,
            Layer::Find(_) => Kind::Find,
            Layer::Popup(_) => Kind::Popup,
        }
    }
}

/// The layers open, bottom first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layers(Vec<Layer>);

impl Layers {
    /// Opens `layer`, in place of one of its kind.
    pub fn open(&mut self, layer: Layer) {
        let kind = layer.kind();
        match self.0.binary_search_by(|l| l.kind().cmp(&kind)) {
            Ok(i) => self.0[i] = layer,
            Err(i) => self.0.insert(i, layer),
        }
    }

    /// Closes the layer of `kind`, and gives it back.
    pub fn take(&mut self, kind: Kind) -> Option<Layer> {
        let i = self.0.iter().position(|l| l.kind() == kind)?;
        Some(self.0.remove(i))
    }

    /// Closes the layer of `kind`, if it is open.
    pub fn close(&mut self, kind: Kind) {
        self.take(kind);
    }

    pub fn open_popup(&mut self, popup: Popup) {
        self.open(Layer::Popup(popup));
    }

    pub fn close_popup(&mut self) {
        self.close(Kind::Popup);
    }

    pub fn get(&self, kind: Kind) -> Option<&Layer> {
        self.0.iter().find(|l| l.kind() == kind)
    }

    fn get_mut(&mut self, kind: Kind) -> Option<&mut Layer> {
        self.0.iter_mut().find(|l| l.kind() == kind)
    }

    /// The kinds open, top first: the order keys go in.
    pub fn top_down(&self) -> Vec<Kind> {
        self.0.iter().rev().map(Layer::kind).collect()
    }

    /// The layers, bottom first: the order they are drawn in.
    pub fn bottom_up(&self) -> impl Iterator<Item = &Layer> {
        self.0.iter()
    }

    pub fn popup(&self) -> Option<&Popup> {
        match self.get(Kind::Popup) {
            Some(Layer::Popup(p)) => Some(p),
            _ => None,
        }
    }

    pub fn popup_mut(&mut self) -> Option<&mut Popup> {
        match self.get_mut(Kind::Popup) {
            Some(Layer::Popup(p)) => Some(p),
            _ => None,
        }
    }

    pub fn take_popup(&mut self) -> Option<Popup> {
        match self.take(Kind::Popup) {
            Some(Layer::Popup(p)) => Some(p),
            _ => None,
        }
    }

    pub fn find(&self) -> Option<&Find> {
        match self.get(Kind::Find) {
            Some(Layer::Find(f)) => Some(f),
            _ => None,
        }
    }

    pub fn find_mut(&mut self) -> Option<&mut Find> {
        match self.get_mut(Kind::Find) {
            Some(Layer::Find(f)) => Some(f),
            _ => None,
        }
    }

    pub fn selection(&self) -> Option<usize> {
        match self.get(Kind::Selection) {
            Some(Layer::Selection(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn confirm_delete(&self) -> Option<EntryId> {
        match self.get(Kind::ConfirmDelete) {
            Some(Layer::ConfirmDelete(id)) => Some(*id),
            _ => None,
        }
    }

    pub fn approval(&self) -> Option<&ApprovalLayer> {
        match self.get(Kind::Approval) {
            Some(Layer::Approval(a)) => Some(a),
            _ => None,
        }
    }

    pub fn approval_mut(&mut self) -> Option<&mut ApprovalLayer> {
        match self.get_mut(Kind::Approval) {
            Some(Layer::Approval(a)) => Some(a),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_keep_their_order_whatever_order_they_open_in() {
        let mut l = Layers::default();
        l.open(Layer::Popup(Popup::Help { scroll: 0 }));
        l.open(Layer::Selection(3));
        l.open(Layer::Find(Find::default()));
        assert_eq!(l.top_down(), [Kind::Popup, Kind::Find, Kind::Selection]);
        l.open(Layer::Selection(5));
        assert_eq!(l.selection(), Some(5), "one of each kind");
        assert_eq!(l.top_down().len(), 3);
        assert!(l.take_popup().is_some());
        assert_eq!(l.top_down(), [Kind::Find, Kind::Selection]);
    }
}
