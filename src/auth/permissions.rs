//! InvenTree's roles (`users_ruleset`) and the permissions a caller holds.

use std::fmt;

/// InvenTree's rule set names (`users/ruleset.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    PartCategory,
    Part,
    Bom,
    StockLocation,
    Stock,
    Build,
    PurchaseOrder,
    SalesOrder,
    ReturnOrder,
    TransferOrder,
}

impl Role {
    const ALL: [Role; 11] = [
        Role::Admin,
        Role::PartCategory,
        Role::Part,
        Role::Bom,
        Role::StockLocation,
        Role::Stock,
        Role::Build,
        Role::PurchaseOrder,
        Role::SalesOrder,
        Role::ReturnOrder,
        Role::TransferOrder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PartCategory => "part_category",
            Role::Part => "part",
            Role::Bom => "bom",
            Role::StockLocation => "stock_location",
            Role::Stock => "stock",
            Role::Build => "build",
            Role::PurchaseOrder => "purchase_order",
            Role::SalesOrder => "sales_order",
            Role::ReturnOrder => "return_order",
            Role::TransferOrder => "transfer_order",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    View,
    Add,
    Change,
    Delete,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Add => "add",
            Action::Change => "change",
            Action::Delete => "delete",
        }
    }
}

/// One permission: a role and an action, written as InvenTree writes it (`part.view`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permission(pub Role, pub Action);

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0.name(), self.1.name())
    }
}

/// The permissions a user holds: a superuser holds all; anyone else holds `role.action` when
/// one of its groups' rule sets grants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Permissions {
    superuser: bool,
    granted: u64,
}

impl Permissions {
    pub fn superuser() -> Permissions {
        Permissions {
            superuser: true,
            granted: 0,
        }
    }

    pub fn none() -> Permissions {
        Permissions::default()
    }

    fn bit(Permission(role, action): Permission) -> u64 {
        1 << (role as u64 * 4 + action as u64)
    }

    pub fn grant(&mut self, permission: Permission) {
        self.granted |= Self::bit(permission);
    }

    pub fn holds(&self, permission: Permission) -> bool {
        self.superuser || self.granted & Self::bit(permission) != 0
    }

    /// The first of `required` not held, if any.
    pub fn missing(&self, required: &[Permission]) -> Option<Permission> {
        required.iter().copied().find(|p| !self.holds(*p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superusers_hold_everything_others_what_is_granted() {
        let all = Permissions::superuser();
        assert!(all.holds(Permission(Role::TransferOrder, Action::Delete)));
        let mut some = Permissions::none();
        some.grant(Permission(Role::Part, Action::View));
        assert!(some.holds(Permission(Role::Part, Action::View)));
        assert!(!some.holds(Permission(Role::Part, Action::Change)));
        assert!(!some.holds(Permission(Role::PartCategory, Action::View)));
        let needed = [
            Permission(Role::Part, Action::View),
            Permission(Role::Bom, Action::View),
        ];
        assert_eq!(
            some.missing(&needed),
            Some(Permission(Role::Bom, Action::View))
        );
        assert_eq!(
            Permission(Role::StockLocation, Action::View).to_string(),
            "stock_location.view"
        );
        assert_eq!(Role::from_name("sales_order"), Some(Role::SalesOrder));
        assert_eq!(Role::from_name("nonsense"), None);
    }
}
