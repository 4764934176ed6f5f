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
    const ALL: [Action; 4] = [Action::View, Action::Add, Action::Change, Action::Delete];

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

impl Permission {
    /// The OAuth scope InvenTree grants it with, `r:<action>:<role>`. InvenTree has no `bom`
    /// scope: the `part` scope of the same action stands in (InvenTree's own API lets
    /// `part.change` write BOM lines too).
    pub fn scope(self) -> String {
        let Permission(role, action) = self.in_scope_terms();
        format!("r:{}:{}", action.name(), role.name())
    }

    fn in_scope_terms(self) -> Permission {
        match self {
            Permission(Role::Bom, action) => Permission(Role::Part, action),
            other => other,
        }
    }
}

/// The scope tools needing no role take: InvenTree's "General Read scope".
pub const GENERAL_READ: &str = "g:read";

/// What an OAuth access token's scopes allow: the `r:<action>:<role>` scopes of InvenTree's
/// roles and `g:read`. Other scopes (`openid`, `a:staff`, unknown words) allow nothing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scopes {
    granted: u64,
    general_read: bool,
}

impl Scopes {
    /// Parses the toolkit's `scope` column: scopes separated by whitespace.
    pub fn parse(scope: &str) -> Scopes {
        let mut scopes = Scopes::default();
        for word in scope.split_whitespace() {
            if word == GENERAL_READ {
                scopes.general_read = true;
            }
            let mut parts = word.split(':');
            let (Some("r"), Some(action), Some(role), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let action = Action::ALL.into_iter().find(|a| a.name() == action);
            if let (Some(action), Some(role)) = (action, Role::from_name(role)) {
                scopes.granted |= Permissions::bit(Permission(role, action));
            }
        }
        scopes
    }

    fn allows(&self, permission: Permission) -> bool {
        self.granted & Permissions::bit(permission.in_scope_terms()) != 0
    }
}

/// The permissions a user holds: a superuser holds all; anyone else holds `role.action` when
/// one of its groups' rule sets grants it. Through an OAuth access token, only those its
/// scopes allow too (superusers included, as in InvenTree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Permissions {
    superuser: bool,
    granted: u64,
    /// None: not narrowed (API tokens, passwords, sessions).
    scopes: Option<Scopes>,
}

impl Permissions {
    pub fn superuser() -> Permissions {
        Permissions {
            superuser: true,
            granted: 0,
            scopes: None,
        }
    }

    /// Narrowed to what an access token's scopes allow.
    pub fn narrowed(self, scopes: Scopes) -> Permissions {
        Permissions {
            scopes: Some(scopes),
            ..self
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

    /// Granted by the roles and, through an access token, by its scopes.
    pub fn holds(&self, permission: Permission) -> bool {
        self.by_role(permission) && self.scopes.is_none_or(|s| s.allows(permission))
    }

    fn by_role(&self, permission: Permission) -> bool {
        self.superuser || self.granted & Self::bit(permission) != 0
    }

    /// The first of `required` the roles do not grant, if any.
    pub fn missing(&self, required: &[Permission]) -> Option<Permission> {
        required.iter().copied().find(|p| !self.by_role(*p))
    }

    /// The scopes a tool requiring `required` needs and the access token lacks (`g:read` for
    /// a tool requiring no role); empty when it has them all or is no access token.
    pub fn missing_scopes(&self, required: &[Permission]) -> Vec<String> {
        let Some(scopes) = self.scopes else {
            return Vec::new();
        };
        if required.is_empty() {
            return if scopes.general_read {
                Vec::new()
            } else {
                vec![GENERAL_READ.to_string()]
            };
        }
        let mut needed: Vec<String> = Vec::new();
        for scope in required
            .iter()
            .filter(|p| !scopes.allows(**p))
            .map(|p| p.scope())
        {
            if !needed.contains(&scope) {
                needed.push(scope);
            }
        }
        needed
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

    const PART_VIEW: Permission = Permission(Role::Part, Action::View);
    const BOM_VIEW: Permission = Permission(Role::Bom, Action::View);
    const STOCK_VIEW: Permission = Permission(Role::Stock, Action::View);

    #[test]
    fn scopes_narrow_roles_superusers_included() {
        let narrowed = Permissions::superuser().narrowed(Scopes::parse("r:view:part"));
        assert!(narrowed.holds(PART_VIEW));
        // InvenTree has no bom scope: the part scope stands in.
        assert!(narrowed.holds(BOM_VIEW));
        assert!(!narrowed.holds(STOCK_VIEW));
        assert!(!narrowed.holds(Permission(Role::Part, Action::Change)));
        // The roles grant it, the scopes do not: no role is missing, a scope is.
        assert_eq!(narrowed.missing(&[PART_VIEW, STOCK_VIEW]), None);
        assert_eq!(
            narrowed.missing_scopes(&[BOM_VIEW, PART_VIEW, STOCK_VIEW]),
            ["r:view:stock"]
        );
        assert_eq!(narrowed.missing_scopes(&[]), ["g:read"]);

        let mut viewer = Permissions::none();
        viewer.grant(PART_VIEW);
        let viewer = viewer.narrowed(Scopes::parse("r:view:stock"));
        // A missing role stays a missing role; the scope alone grants nothing.
        assert!(!viewer.holds(STOCK_VIEW));
        assert!(!viewer.holds(PART_VIEW));
        assert_eq!(viewer.missing(&[STOCK_VIEW]), Some(STOCK_VIEW));
        assert_eq!(viewer.missing_scopes(&[PART_VIEW]), ["r:view:part"]);

        // Not an access token: not narrowed.
        assert!(Permissions::superuser().missing_scopes(&[]).is_empty());
        assert_eq!(BOM_VIEW.scope(), "r:view:part");
        assert_eq!(
            Permission(Role::SalesOrder, Action::Change).scope(),
            "r:change:sales_order"
        );
    }

    #[test]
    fn scope_words_are_parsed_safely() {
        let scopes = Scopes::parse(
            "  r:view:part\t\tg:read  openid a:staff r:view:nope r:view r:view:stock:x x:view:stock r:VIEW:stock \u{3000}r:view:build ",
        );
        let held = Permissions::superuser().narrowed(scopes);
        assert!(held.holds(PART_VIEW));
        assert!(held.holds(Permission(Role::Build, Action::View)));
        assert!(!held.holds(STOCK_VIEW));
        assert!(held.missing_scopes(&[]).is_empty());
        assert_eq!(Scopes::parse(""), Scopes::default());
    }
}
