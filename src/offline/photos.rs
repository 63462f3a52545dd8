//! Photos on the phone: taken through a file input, scaled down (which also
//! leaves the camera's metadata behind), kept in IndexedDB with their
//! record, uploaded one by one once the record's operation is applied, and
//! dropped some days after the server has them. And the phone's location.

use super::outbox::{self, db};
use super::store::{self, PHOTOS, PHOTO_DATA};
use super::{LocalError, SyncStatus};
use crate::model::local::{LocalPhoto, PhotoState};
use crate::model::photo::{
    photo_path, Location, PhotoOf, Uploaded, JPEG_QUALITY, LONGEST_SIDE, PHONE_KEEPS_DAYS,
};
use crate::model::time::DAY_MS;
use crate::model::AppError;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::{Set, Update};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A photo's bytes, kept apart from [`LocalPhoto`].
#[derive(Serialize, Deserialize)]
pub struct PhotoData {
    pub id: String,
    #[serde(with = "serde_bytes")]
    pub jpeg: Vec<u8>,
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

fn js_error(error: JsValue) -> LocalError {
    LocalError::Data(error.as_string().unwrap_or_else(|| format!("{error:?}")))
}

/// [`scale_down`] from its own wasm chunk (`photo_scaling`), fetched when
/// the first photo is taken: a visit without photos never needs it.
#[cfg(not(test))]
#[leptos::wasm_split::wasm_split(
    photo_scaling,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    return_wrapper(let scaled = _; { scaled.await } -> Result<Vec<u8>, LocalError>)
)]
pub fn scale_down_in_chunk(
    file: web_sys::File,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<u8>, LocalError>>>> {
    Box::pin(scale_down(file))
}

/// The browser build's unit tests run without the splitter: in place.
#[cfg(test)]
pub async fn scale_down_in_chunk(file: web_sys::File) -> Result<Vec<u8>, LocalError> {
    scale_down(file).await
}

/// The photo in `file` as a JPEG whose longest side is at most
/// [`LONGEST_SIDE`]: drawn on a canvas, which keeps pixels only.
async fn scale_down(file: web_sys::File) -> Result<Vec<u8>, LocalError> {
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window().create_image_bitmap_with_blob(&file).map_err(js_error)?)
            .await
            .map_err(js_error)?
            .unchecked_into();
    let (width, height) = (bitmap.width() as f64, bitmap.height() as f64);
    let scale = (LONGEST_SIDE as f64 / width.max(height)).min(1.0);
    let (width, height) = ((width * scale).round().max(1.0), (height * scale).round().max(1.0));
    let canvas: web_sys::HtmlCanvasElement = window()
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .ok_or_else(|| LocalError::Data("no canvas".into()))?
        .unchecked_into();
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_error)?
        .ok_or_else(|| LocalError::Data("no 2d context".into()))?
        .unchecked_into();
    context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, width, height).map_err(js_error)?;
    bitmap.close();
    let blob: web_sys::Blob = JsFuture::from(jpeg_blob(&canvas)).await.map_err(js_error)?.unchecked_into();
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(js_error)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// `canvas.toBlob(…, "image/jpeg", quality)` as a promise.
fn jpeg_blob(canvas: &web_sys::HtmlCanvasElement) -> Promise {
    let canvas = canvas.clone();
    Promise::new(&mut |resolve: Function, reject: Function| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = if blob.is_null() {
                reject.call0(&JsValue::NULL)
            } else {
                resolve.call1(&JsValue::NULL, &blob)
            };
        });
        let quality = JsValue::from_f64(JPEG_QUALITY);
        if let Err(error) =
            canvas.to_blob_with_type_and_encoder_options(done.unchecked_ref(), "image/jpeg", &quality)
        {
            leptos::logging::warn!("cannot encode the photo: {error:?}");
        }
    })
}

/// An object URL showing `jpeg` (revoked by the caller when done).
pub fn object_url(jpeg: &[u8]) -> Option<String> {
    let parts = Array::of1(&Uint8Array::from(jpeg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The photo's bytes if this phone still has them.
pub async fn local_jpeg(id: &str) -> Result<Option<Vec<u8>>, LocalError> {
    let data: Option<PhotoData> = store::get(&*db().await?, PHOTO_DATA, id).await?;
    Ok(data.map(|data| data.jpeg))
}

/// The rows that keep new photos with their record (written in the
/// record's transaction, `outbox::enqueue`).
pub fn rows(
    of: PhotoOf,
    record_id: &str,
    op_id: &str,
    owner: &str,
    photos: Vec<(String, Vec<u8>)>,
) -> Result<Vec<(&'static str, JsValue)>, LocalError> {
    let mut writes = Vec::with_capacity(photos.len() * 2);
    for (id, jpeg) in photos {
        let photo = LocalPhoto {
            id: id.clone(),
            of,
            record_id: record_id.to_owned(),
            op_id: op_id.to_owned(),
            owner: owner.to_owned(),
            bytes: jpeg.len() as u32,
            state: PhotoState::Waiting,
            refusal: None,
            taken_at: outbox::now(),
            uploaded_at: None,
        };
        writes.push((PHOTOS, store::value(&photo)?));
        writes.push((PHOTO_DATA, store::value(&PhotoData { id, jpeg })?));
    }
    Ok(writes)
}

async fn all() -> Result<Vec<LocalPhoto>, LocalError> {
    store::all(&*db().await?, PHOTOS).await
}

/// The photos of the account logged in on this phone (and those taken
/// before the phone knew who was), as operations are sent (`outbox::belongs_to`).
pub async fn mine() -> Result<Vec<LocalPhoto>, LocalError> {
    let owner = outbox::owner().await?.unwrap_or_default();
    let photos = all().await?;
    Ok(photos.into_iter().filter(|p| p.owner.is_empty() || p.owner == owner).collect())
}

/// Uploads the waiting photos whose record the server has (its operation
/// left the outbox), one at a time. When the server cannot be reached or
/// wants a login, the rest wait for the next sync.
pub async fn upload_waiting(status: SyncStatus) -> Result<(), LocalError> {
    // Photos first: a record saved between the two reads then still has its
    // operation in the outbox, and its photos wait for the next sync.
    let waiting: Vec<LocalPhoto> =
        mine().await?.into_iter().filter(|p| p.state == PhotoState::Waiting).collect();
    let unsent: HashSet<String> = outbox::outbox().await?.into_iter().map(|entry| entry.op_id).collect();
    let ready = waiting.into_iter().filter(|p| !unsent.contains(&p.op_id));
    for mut photo in ready {
        let Some(jpeg) = local_jpeg(&photo.id).await? else { continue };
        status.uploading.set(Some(photo.id.clone()));
        let sent = send(&photo, &jpeg).await;
        status.uploading.set(None);
        match sent {
            Sent::Kept => {
                photo.state = PhotoState::Uploaded;
                photo.uploaded_at = Some(outbox::now());
            }
            // The record is not (or no longer) on the server: the holding
            // check sends it again, and the photo follows it then.
            Sent::Refused(AppError::NotFound) => {
                photo.refusal = Some(AppError::NotFound);
            }
            Sent::Refused(error) => {
                photo.state = PhotoState::Refused;
                photo.refusal = Some(error);
            }
            Sent::LogIn => {
                status.needs_login.set(true);
                return Ok(());
            }
            Sent::NoAnswer => return Ok(()),
        }
        store::put(&*db().await?, PHOTOS, &photo).await?;
        status.photos_revision.update(|n| *n += 1);
    }
    drop_old().await
}

enum Sent {
    Kept,
    Refused(AppError),
    LogIn,
    NoAnswer,
}

/// One upload: `POST` the JPEG; the server keeps it once, whatever the retries.
async fn send(photo: &LocalPhoto, jpeg: &[u8]) -> Sent {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = Object::new();
    let _ = Reflect::set(&headers, &"content-type".into(), &"image/jpeg".into());
    init.set_headers(&headers);
    init.set_body(&Uint8Array::from(jpeg));
    let url = photo_path(photo.of, &photo.record_id, &photo.id);
    let request = JsFuture::from(window().fetch_with_str_and_init(&url, &init));
    let Ok(response) = request.await.map(JsCast::unchecked_into::<web_sys::Response>) else {
        return Sent::NoAnswer;
    };
    let status = response.status();
    if status == 401 {
        return Sent::LogIn;
    }
    let body = match response.json() {
        Ok(body) => JsFuture::from(body).await.ok(),
        Err(_) => None,
    };
    match status {
        200 => match body.and_then(|b| serde_wasm_bindgen::from_value::<Uploaded>(b).ok()) {
            Some(_) => Sent::Kept,
            None => Sent::NoAnswer,
        },
        400..=499 => match body.and_then(|b| serde_wasm_bindgen::from_value::<AppError>(b).ok()) {
            Some(error) => Sent::Refused(error),
            None => Sent::NoAnswer,
        },
        _ => Sent::NoAnswer,
    }
}

/// Photos the server has had for [`PHONE_KEEPS_DAYS`] leave the phone (lists
/// then show the server's copy).
async fn drop_old() -> Result<(), LocalError> {
    let limit = outbox::now() - PHONE_KEEPS_DAYS * DAY_MS;
    let old: Vec<String> = all()
        .await?
        .into_iter()
        .filter(|p| p.state == PhotoState::Uploaded && p.uploaded_at.is_some_and(|at| at < limit))
        .map(|p| p.id)
        .collect();
    let deletes: Vec<(&str, &str)> =
        old.iter().flat_map(|id| [(PHOTOS, id.as_str()), (PHOTO_DATA, id.as_str())]).collect();
    store::write_together(&*db().await?, &deletes, &[]).await
}

/// The phone's position, if it has one within 15 s and the user allows it.
pub async fn locate() -> Option<Location> {
    let geolocation = window().navigator().geolocation().ok()?;
    let found = Promise::new(&mut |resolve: Function, reject: Function| {
        let success = Closure::once_into_js(move |position: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &position);
        });
        let refuse = reject.clone();
        let failure = Closure::once_into_js(move |error: JsValue| {
            let _ = refuse.call1(&JsValue::NULL, &error);
        });
        let options = web_sys::PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(15_000);
        options.set_maximum_age(60_000);
        let asked = geolocation.get_current_position_with_error_callback_and_options(
            success.unchecked_ref(),
            Some(failure.unchecked_ref()),
            &options,
        );
        if asked.is_err() {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let position = JsFuture::from(found).await.ok()?;
    let coords = Reflect::get(&position, &"coords".into()).ok()?;
    let number = |name: &str| Reflect::get(&coords, &name.into()).ok().and_then(|v| v.as_f64());
    Location::from_degrees(number("latitude")?, number("longitude")?, number("accuracy")?)
}

/// What the phone's storage holds for this site, if the browser says
/// (`navigator.storage.estimate()`): used and available bytes.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = Reflect::get(&window().navigator(), &"storage".into()).ok()?;
    let estimate: Function = Reflect::get(&storage, &"estimate".into()).ok()?.dyn_into().ok()?;
    let promise: Promise = estimate.call0(&storage).ok()?.dyn_into().ok()?;
    let result = JsFuture::from(promise).await.ok()?;
    let number = |name: &str| Reflect::get(&result, &name.into()).ok().and_then(|v| v.as_f64());
    Some((number("usage")?, number("quota")?))
}
