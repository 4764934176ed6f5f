//! InvenTree API tokens (`users_apitoken`), stored in plain text and matched exactly.

use sqlx::PgPool;

use super::{Rejection, User};

pub async fn verify(pool: &PgPool, key: &str) -> Result<Result<User, Rejection>, sqlx::Error> {
    let Some(row) = sqlx::query_file!("queries/auth/token.sql", key)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(Err(Rejection::UnknownToken));
    };
    Ok(if !row.is_active {
        Err(Rejection::Inactive)
    } else if row.revoked {
        Err(Rejection::Revoked)
    } else if row.expired {
        Err(Rejection::Expired)
    } else {
        Ok(User {
            id: row.id,
            username: row.username,
            is_superuser: row.is_superuser,
        })
    })
}
