//! Attachments (`common_attachment`): files and links InvenTree keeps on parts, stock items,
//! orders, builds and companies. A caller sees the attachments of the models it may view.

use chrono::NaiveDate;
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::ObjectId;
use super::models::Model;
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::Permission;
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListAttachments>()]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListAttachmentsArgs {
    /// The kind of object (default: every kind the caller may view).
    pub model: Option<Model>,
    /// The object's id (with `model`).
    pub id: Option<ObjectId>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A file or link attached to an object.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Attachment {
    pub id: i32,
    /// The object's kind (InvenTree's model label) and id.
    pub model_type: String,
    pub model_id: i32,
    /// The file's name (null for a link).
    pub filename: Option<String>,
    /// Where to fetch it: the link, or the file under InvenTree's /media/ (absolute when
    /// the server knows InvenTree's address); downloads need an InvenTree login.
    pub url: String,
    pub link: Option<String>,
    pub comment: String,
    /// Bytes (0 for a link).
    pub file_size: i32,
    pub is_image: bool,
    pub upload_date: Option<NaiveDate>,
    pub upload_user: Option<String>,
}

/// `list_attachments`: files and links on an object, or on every object of a kind.
pub struct ListAttachments;

impl Tool for ListAttachments {
    const NAME: &str = "list_attachments";
    const TITLE: &str = "List attachments";
    const DESCRIPTION: &str = "Files and links (datasheets, drawings) attached to a part, \
        stock item, order, build or company, newest first, with download URLs.";
    const TOOLSET: Toolset = Toolset::Admin;
    /// Any signed-in user; each kind of object needs its own view permission.
    const REQUIRES: &[Permission] = &[];
    const NATURE: Nature = Nature::Read;
    type Args = ListAttachmentsArgs;
    type Output = Page<Attachment>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListAttachmentsArgs,
    ) -> Result<Page<Attachment>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let object = match (args.model, args.id) {
            (None, Some(_)) => {
                return Err(ToolError::invalid(
                    "id",
                    "needs `model`: the kind of object the id belongs to",
                ));
            }
            (_, id) => id.map(|id| id.0),
        };
        let kinds: Vec<String> = match args.model {
            Some(model) => {
                model.check_view(cx.user)?;
                vec![model.label().to_string()]
            }
            None => Model::ALL
                .into_iter()
                .filter(|model| model.may_view(cx.user))
                .map(|model| model.label().to_string())
                .collect(),
        };
        let found = sqlx::query_file!(
            "queries/attachments/list.sql",
            &kinds,
            object,
            window.limit,
            window.offset,
            window.count_bound()
        )
        .fetch_one(cx.db().await?)
        .await?;
        let media = format!("{}/media/", cx.inventree_url.unwrap_or(""));
        let rows = sqlx::query_file!("queries/attachments/details.sql", &found.ids)
            .fetch_all(cx.db().await?)
            .await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let file = r.attachment.filter(|path| !path.is_empty());
                let url = match (&file, &r.link) {
                    (Some(path), _) => format!("{media}{path}"),
                    (None, Some(link)) => link.clone(),
                    (None, None) => String::new(),
                };
                Attachment {
                    id: r.id,
                    model_type: r.model_type,
                    model_id: r.model_id,
                    filename: file.map(|path| path.rsplit('/').next().unwrap_or(&path).to_string()),
                    url,
                    link: r.link.filter(|link| !link.is_empty()),
                    comment: r.comment,
                    file_size: r.file_size,
                    is_image: r.is_image,
                    upload_date: r.upload_date,
                    upload_user: r.upload_user,
                }
            })
            .collect();
        Ok(Page::counted(items, found.count, &window))
    }
}
