//! Photos of visits and issues, kept in the database under their record
//! and the id the phone gave them. The record decides who may add or read
//! them: its maker uploads the photos it named; those who look after
//! households, whose area holds the record, read them (`docs/photos.md`).

use crate::model::household::HOUSEHOLD_ROLES;
use crate::model::photo::{Location, PhotoOf, Uploaded};
use crate::model::sync::is_record_id;
use crate::model::{AppError, Field};
use crate::server::auth::Scope;
use crate::server::error::is_duplicate_record;
use crate::server::Database;
use sha2::{Digest, Sha256};
use surrealdb::types::{Bytes, RecordId, SurrealValue};

/// [`Location`] as the database keeps it.
#[derive(Debug, Clone, Copy, SurrealValue)]
pub struct StoredLocation {
    lat_e6: i64,
    lon_e6: i64,
    accuracy_m: i64,
}

impl From<Location> for StoredLocation {
    fn from(location: Location) -> Self {
        StoredLocation {
            lat_e6: location.lat_e6.into(),
            lon_e6: location.lon_e6.into(),
            accuracy_m: location.accuracy_m.into(),
        }
    }
}

impl From<StoredLocation> for Location {
    /// The database asserts the ranges, so nothing is cut here.
    fn from(stored: StoredLocation) -> Self {
        Location {
            lat_e6: stored.lat_e6 as i32,
            lon_e6: stored.lon_e6 as i32,
            accuracy_m: stored.accuracy_m as u32,
        }
    }
}

fn table(of: PhotoOf) -> &'static str {
    match of {
        PhotoOf::Issue => "issue",
        PhotoOf::Visit => "visit",
    }
}

/// The field naming who made a record of that table.
fn maker_field(of: PhotoOf) -> &'static str {
    match of {
        PhotoOf::Issue => "created_by",
        PhotoOf::Visit => "visitor",
    }
}

/// The photo's key names its record, so an id named by two records is two
/// photos: nobody can put their image under another record's photo.
fn photo_id(of: PhotoOf, record: &str, photo: &str) -> Result<(RecordId, RecordId), AppError> {
    if !is_record_id(record) || !is_record_id(photo) {
        return Err(AppError::NotFound);
    }
    let key = format!("{}/{record}/{photo}", of.as_str());
    Ok((RecordId::new("photo", key), RecordId::new(table(of), record)))
}

/// Keeps `jpeg` (already without metadata) as photo `photo` of a record.
/// Refused as "not found" unless the record is in the caller's area, was
/// made by the caller and named this photo. The same photo again is
/// already stored; other bytes under the same id are refused.
pub async fn store(
    db: &Database,
    scope: &Scope,
    of: PhotoOf,
    record: &str,
    photo: &str,
    jpeg: Vec<u8>,
) -> Result<Uploaded, AppError> {
    let (id, record) = photo_id(of, record, photo)?;
    if !named_by_own_record(db, scope, of, &record, photo).await? {
        return Err(AppError::NotFound);
    }
    let sha256 = format!("{:x}", Sha256::digest(&jpeg));
    if let Some(answer) = stored_before(db, &id, &record, &sha256).await? {
        return answer;
    }
    let created = db
        .query("CREATE $id CONTENT { record: $record, data: $data, sha256: $sha256, uploaded_by: $account }")
        .bind(("id", id.clone()))
        .bind(("record", record.clone()))
        .bind(("data", Bytes::from(jpeg)))
        .bind(("sha256", sha256.clone()))
        .bind(("account", scope.account.clone()))
        .await?
        .check();
    match created {
        Ok(_) => Ok(Uploaded::Stored),
        // Two uploads of one photo at once: the other one stored it.
        Err(error) if is_duplicate_record(&error) => {
            stored_before(db, &id, &record, &sha256).await?.unwrap_or_else(|| Err(error.into()))
        }
        Err(error) => Err(error.into()),
    }
}

async fn named_by_own_record(
    db: &Database,
    scope: &Scope,
    of: PhotoOf,
    record: &RecordId,
    photo: &str,
) -> Result<bool, AppError> {
    let sql = format!(
        "SELECT VALUE id FROM $record WHERE ancestors CONTAINS $root AND {} = $account AND photos CONTAINS $photo",
        maker_field(of)
    );
    let found: Vec<RecordId> = db
        .query(sql)
        .bind(("record", record.clone()))
        .bind(("root", scope.org.clone()))
        .bind(("account", scope.account.clone()))
        .bind(("photo", photo.to_owned()))
        .await?
        .take(0)?;
    Ok(!found.is_empty())
}

#[derive(Debug, SurrealValue)]
struct Kept {
    record: RecordId,
    sha256: String,
}

/// The answer for a photo id that is already taken, if it is.
async fn stored_before(
    db: &Database,
    id: &RecordId,
    record: &RecordId,
    sha256: &str,
) -> Result<Option<Result<Uploaded, AppError>>, AppError> {
    let kept: Option<Kept> =
        db.query("SELECT record, sha256 FROM ONLY $id").bind(("id", id.clone())).await?.take(0)?;
    Ok(kept.map(|kept| {
        if &kept.record == record && kept.sha256 == sha256 {
            Ok(Uploaded::AlreadyStored)
        } else {
            Err(AppError::Invalid(Field::PhotoTaken))
        }
    }))
}

#[derive(Debug, SurrealValue)]
pub struct StoredPhoto {
    pub data: Bytes,
    pub sha256: String,
}

/// Photo `photo` of a record, for those who look after households
/// (`HOUSEHOLD_ROLES`) when the record is in their area; "not found"
/// otherwise, as for a photo that does not exist.
pub async fn read(
    db: &Database,
    scope: &Scope,
    of: PhotoOf,
    record: &str,
    photo: &str,
) -> Result<StoredPhoto, AppError> {
    if !scope.roles.iter().any(|role| HOUSEHOLD_ROLES.contains(role)) {
        return Err(AppError::Forbidden);
    }
    let (id, _) = photo_id(of, record, photo)?;
    let found: Option<StoredPhoto> = db
        .query("(SELECT data, sha256 FROM $id WHERE record.ancestors CONTAINS $root)[0]")
        .bind(("id", id))
        .bind(("root", scope.org.clone()))
        .await?
        .take(0)?;
    found.ok_or(AppError::NotFound)
}
