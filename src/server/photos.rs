//! The photo routes: a phone uploads each photo of a visit or an issue on
//! its own (`POST /api/photos/{issue|visit}/{record}/{photo}`, the JPEG as
//! the body), anyone whose area holds the record reads it
//! (`GET /api/photos/{photo}`). Plain routes rather than server functions:
//! the body is the image itself, not a form.

use super::auth::scope::Caller;
use super::error::status_of;
use super::repo::photos;
use super::AppState;
use crate::model::photo::{PhotoOf, Uploaded, MAX_PHOTO_BYTES};
use crate::model::{AppError, Field};
use axum::body::Body;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use img_parts::jpeg::{markers, Jpeg};
use img_parts::Bytes;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/photos/{of}/{record}/{photo}", post(upload))
        .route("/api/photos/{photo}", get(download))
}

/// An upload's error, as JSON the phone reads (it shows the reason).
struct Refused(AppError);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (status_of(&self.0), Json(self.0)).into_response()
    }
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        Refused(error)
    }
}

async fn upload(
    caller: Caller,
    Path((of, record, photo)): Path<(String, String, String)>,
    body: Body,
) -> Result<Json<Uploaded>, Refused> {
    let of = PhotoOf::parse(&of).ok_or(AppError::NotFound)?;
    let bytes = read_body(body).await?;
    let jpeg = without_metadata(bytes)?;
    let answer = photos::store(caller.db(), &caller.scope, of, &record, &photo, jpeg.to_vec()).await?;
    Ok(Json(answer))
}

/// The whole body, or why not: too large (`http::limit_bodies` caps it at
/// [`MAX_PHOTO_BYTES`]) or cut off on the way.
async fn read_body(body: Body) -> Result<Bytes, AppError> {
    axum::body::to_bytes(body, MAX_PHOTO_BYTES).await.map_err(|error| {
        let mut causes = std::iter::successors(std::error::Error::source(&error), |cause| cause.source());
        let too_large = causes.any(|cause| cause.is::<http_body_util::LengthLimitError>());
        if too_large {
            AppError::TooLarge
        } else {
            tracing::info!(%error, "a photo upload broke off");
            AppError::Invalid(Field::PhotoIncomplete)
        }
    })
}

/// The JPEG without its metadata segments (EXIF with the place and the
/// camera, XMP, IPTC, comments: APP1 to APP13, APP15 and COM; APP14 only
/// says how colours are coded); the image data stays byte for byte. Anything that is not a whole JPEG is refused.
pub fn without_metadata(bytes: Bytes) -> Result<Bytes, AppError> {
    if !bytes.starts_with(&[0xFF, markers::SOI]) {
        return Err(AppError::Invalid(Field::PhotoType));
    }
    if !bytes.ends_with(&[0xFF, markers::EOI]) {
        return Err(AppError::Invalid(Field::PhotoIncomplete));
    }
    let mut jpeg = Jpeg::from_bytes(bytes).map_err(|error| match error {
        img_parts::Error::WrongSignature => AppError::Invalid(Field::PhotoType),
        _ => AppError::Invalid(Field::PhotoIncomplete),
    })?;
    let has_image = jpeg.segments().iter().any(|segment| segment.has_entropy());
    if jpeg.dimensions().is_none() || !has_image {
        return Err(AppError::Invalid(Field::PhotoType));
    }
    jpeg.segments_mut().retain(|segment| !is_metadata(segment.marker()));
    Ok(jpeg.encoder().bytes())
}

fn is_metadata(marker: u8) -> bool {
    (markers::APP1..=markers::APP13).contains(&marker) || marker == markers::APP15 || marker == markers::COM
}

async fn download(caller: Caller, Path(photo): Path<String>) -> Result<Response, AppError> {
    let jpeg = photos::read(caller.db(), &caller.scope, &photo).await?;
    let headers = [
        (header::CONTENT_TYPE, "image/jpeg"),
        // A photo never changes under its id; only this user's browser keeps it.
        (header::CACHE_CONTROL, "private, max-age=31536000, immutable"),
    ];
    Ok((headers, jpeg).into_response())
}
