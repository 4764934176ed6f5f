//! InvenTree's models that attachments and barcodes refer to, by label (the model's class
//! name in lower case, as `common_attachment.model_type` stores it), with the roles whose
//! view permission shows one: a caller needs any of them, as InvenTree grants a table to every
//! role listing it (`check_user_permission`).

use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;

use crate::auth::{Action, Permission, Role, User};
use crate::error::ToolError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    Part,
    StockItem,
    StockLocation,
    SupplierPart,
    ManufacturerPart,
    PurchaseOrder,
    SalesOrder,
    ReturnOrder,
    Build,
    SalesOrderShipment,
    Company,
}

impl Model {
    pub const ALL: [Model; 11] = [
        Model::Part,
        Model::StockItem,
        Model::StockLocation,
        Model::SupplierPart,
        Model::ManufacturerPart,
        Model::PurchaseOrder,
        Model::SalesOrder,
        Model::ReturnOrder,
        Model::Build,
        Model::SalesOrderShipment,
        Model::Company,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Model::Part => "part",
            Model::StockItem => "stockitem",
            Model::StockLocation => "stocklocation",
            Model::SupplierPart => "supplierpart",
            Model::ManufacturerPart => "manufacturerpart",
            Model::PurchaseOrder => "purchaseorder",
            Model::SalesOrder => "salesorder",
            Model::ReturnOrder => "returnorder",
            Model::Build => "build",
            Model::SalesOrderShipment => "salesordershipment",
            Model::Company => "company",
        }
    }

    pub fn from_label(label: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.label() == label)
    }

    /// The roles listing the model's table (`get_ruleset_models`).
    fn roles(self) -> &'static [Role] {
        match self {
            Model::Part => &[Role::Part],
            Model::StockItem => &[Role::Stock],
            Model::StockLocation => &[Role::StockLocation],
            Model::SupplierPart | Model::ManufacturerPart => &[Role::Part, Role::PurchaseOrder],
            Model::PurchaseOrder => &[Role::PurchaseOrder],
            Model::SalesOrder | Model::SalesOrderShipment => &[Role::SalesOrder],
            Model::ReturnOrder => &[Role::ReturnOrder],
            Model::Build => &[Role::Build],
            Model::Company => &[Role::PurchaseOrder, Role::SalesOrder, Role::ReturnOrder],
        }
    }

    pub fn may_view(self, user: &User) -> bool {
        self.roles()
            .iter()
            .any(|role| user.permissions.holds(Permission(*role, Action::View)))
    }

    /// Refused, naming the first role's view permission, unless the caller may view it.
    pub fn check_view(self, user: &User) -> Result<(), ToolError> {
        if self.may_view(user) {
            return Ok(());
        }
        Err(ToolError::PermissionDenied(Permission(
            self.roles()[0],
            Action::View,
        )))
    }
}
