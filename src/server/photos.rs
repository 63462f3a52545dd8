//! The photo routes: a phone uploads each photo of a visit or an issue on
//! its own (`POST /api/photos/{issue|visit}/{record}/{photo}`, the JPEG as
//! the body); those who look after households and whose area holds the
//! record read it (`GET`, same path). Plain routes rather than server
//! functions: the body is the image itself, not a form.

use super::auth::scope::Caller;
use super::error::status_of;
use super::repo::photos;
use super::AppState;
use crate::model::photo::{PhotoOf, Uploaded, MAX_PHOTO_BYTES};
use crate::model::{AppError, Field};
use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use img_parts::jpeg::{markers, Jpeg};
use img_parts::Bytes;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/photos/{of}/{record}/{photo}", post(upload).get(download))
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
/// says how colours are coded), before the image data and between the
/// scans of a progressive JPEG, and without anything after its end (the
/// second image of a multi-picture file, with its own metadata); the image
/// data stays byte for byte. Anything that is not a whole JPEG is refused.
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
    // img-parts keeps everything after the first scan's header as one blob.
    let header = 2 + jpeg.segments().iter().map(|segment| segment.len()).sum::<usize>();
    let whole = jpeg.encoder().bytes();
    let mut clean = whole[..header].to_vec();
    clean.extend(scans_without_metadata(&whole[header..])?);
    Ok(Bytes::from(clean))
}

/// The scans, up to the end of the image: marker segments between them are
/// kept whole (tables, scan headers) unless they are metadata.
fn scans_without_metadata(data: &[u8]) -> Result<Vec<u8>, AppError> {
    let incomplete = AppError::Invalid(Field::PhotoIncomplete);
    let mut kept = Vec::with_capacity(data.len());
    let mut at = 0;
    while at < data.len() {
        let marker = data.get(at + 1).copied().filter(|_| data[at] == 0xFF);
        match marker {
            // Data, a stuffed 0xFF, fill or a restart marker: as they are.
            None | Some(0x00 | 0xFF | markers::RST0..=markers::RST7) => {
                kept.push(data[at]);
                at += 1;
            }
            Some(markers::EOI) => {
                kept.extend([0xFF, markers::EOI]);
                return Ok(kept);
            }
            Some(marker) => {
                let length = data.get(at + 2..at + 4).ok_or(incomplete.clone())?;
                let end = at + 2 + usize::from(u16::from_be_bytes([length[0], length[1]]));
                let segment = data.get(at..end).ok_or(incomplete.clone())?;
                if !is_metadata(marker) {
                    kept.extend(segment);
                }
                at = end;
            }
        }
    }
    Err(incomplete)
}

fn is_metadata(marker: u8) -> bool {
    (markers::APP1..=markers::APP13).contains(&marker) || marker == markers::APP15 || marker == markers::COM
}

async fn download(
    caller: Caller,
    Path((of, record, photo)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let of = PhotoOf::parse(&of).ok_or(AppError::NotFound)?;
    let found = photos::read(caller.db(), &caller.scope, of, &record, &photo).await?;
    let tag = format!("\"{}\"", found.sha256);
    // Asked again every time (the next user of a shared phone must not see
    // it from the cache), sent again only when the browser lacks it.
    let cache = [(header::CACHE_CONTROL, "private, no-cache".to_owned()), (header::ETAG, tag.clone())];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let headers = [(header::CONTENT_TYPE, "image/jpeg".to_owned())];
    Ok((headers, cache, found.data.to_vec()).into_response())
}
