//! The browser's side of working offline: connection state, the service
//! worker, the phone's records and outbox (IndexedDB) and the sync loop, and
//! reading local files. On the server these are inert, so components can
//! call them freely.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
mod outbox;
#[cfg(feature = "hydrate")]
mod photos;
#[cfg(feature = "hydrate")]
mod store;
#[cfg(feature = "hydrate")]
mod sync;
#[cfg(all(test, target_arch = "wasm32", feature = "hydrate"))]
mod tests;

use crate::model::account::CurrentUser;
use crate::model::local::{Area, LocalPhoto, LocalRecord, OutboxEntry, TakenPhotos};
use crate::model::photo::Location;
use crate::model::sync::OpKind;

/// What went wrong with what the phone keeps: the one error of the
/// browser's store. The user sees a sentence per kind (`components`); the
/// detail goes to the console.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalError {
    /// IndexedDB refused or failed a request (full disk, private mode, …).
    #[error("the phone's storage failed: {0}")]
    Storage(String),
    /// A write was rolled back: nothing of it was kept.
    #[error("the phone's storage rolled a change back")]
    Aborted,
    /// What the phone kept could not be read back.
    #[error("unreadable data on the phone: {0}")]
    Data(String),
    /// The browser gave no random numbers for a new record id.
    #[error("no random numbers for a record id")]
    NoRandom,
    /// A part of the app's code (a wasm chunk) could not be fetched: no
    /// signal and not yet in the phone's cache, or replaced by a deploy.
    #[error("a part of the app's code could not be loaded")]
    CodeNotLoaded,
    /// Called where there is no phone store (the server's render).
    #[error("offline storage exists only in the browser")]
    NotInBrowser,
}

impl From<leptos::wasm_split::SplitLoaderError> for LocalError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LocalError::CodeNotLoaded
    }
}

/// The state of the phone's sync, for the header badge and the sync page.
#[derive(Clone, Copy)]
pub struct SyncStatus {
    pub pending: RwSignal<usize>,
    pub attention: RwSignal<usize>,
    /// Records another account made on this phone, waiting for its login.
    pub held: RwSignal<usize>,
    /// When the last sync finished (milliseconds).
    pub last_sync: RwSignal<Option<i64>>,
    /// When the oldest waiting operation was made.
    pub oldest_pending: RwSignal<Option<i64>>,
    pub stale_hours: RwSignal<u64>,
    pub syncing: RwSignal<bool>,
    /// The server said the session is gone: sending waits for a login.
    pub needs_login: RwSignal<bool>,
    /// Bumped whenever local records change, so lists reload.
    pub revision: RwSignal<u64>,
    /// Bumped when a pull brought a new copy of the area (forms reload their pickers).
    pub area_revision: RwSignal<u64>,
    /// A failure of the phone's own storage during background work (sync,
    /// login), shown until the next attempt succeeds.
    pub problem: RwSignal<Option<LocalError>>,
    /// The photo being uploaded now.
    pub uploading: RwSignal<Option<String>>,
    /// Bumped when a photo was uploaded or refused.
    pub photos_revision: RwSignal<u64>,
}

impl SyncStatus {
    /// Something has waited longer than the configured hours.
    pub fn is_stale(&self, now: i64) -> bool {
        let limit = self.stale_hours.get() as i64 * 3_600_000;
        self.oldest_pending.get().is_some_and(|oldest| now - oldest > limit)
    }
}

/// Creates the sync state for the whole app and, in the browser, starts the
/// loop: now, whenever the phone comes online, and on its timer.
pub fn provide_sync() {
    let status = SyncStatus {
        pending: RwSignal::new(0),
        attention: RwSignal::new(0),
        held: RwSignal::new(0),
        last_sync: RwSignal::new(None),
        oldest_pending: RwSignal::new(None),
        stale_hours: RwSignal::new(24),
        syncing: RwSignal::new(false),
        needs_login: RwSignal::new(false),
        revision: RwSignal::new(0),
        area_revision: RwSignal::new(0),
        problem: RwSignal::new(None),
        uploading: RwSignal::new(None),
        photos_revision: RwSignal::new(0),
    };
    provide_context(status);
    #[cfg(feature = "hydrate")]
    {
        let page_signed_in = rendered_signed_in();
        Effect::new(move |_| {
            leptos::task::spawn_local(sync::start(status, page_signed_in));
            let listener = window_event_listener(leptos::ev::online, move |_| {
                leptos::task::spawn_local(sync::start(status, page_signed_in))
            });
            std::mem::forget(listener);
        });
    }
}

/// Whether the server saw a session when it rendered this page (the body's
/// session mark as it came, read before hydration can change it). A page
/// the service worker served offline says no.
#[cfg(feature = "hydrate")]
fn rendered_signed_in() -> bool {
    let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
    body.and_then(|b| b.get_attribute("data-session")).as_deref() == Some("in")
}

pub fn use_sync() -> SyncStatus {
    expect_context::<SyncStatus>()
}

/// Milliseconds since 1970 by this device's clock (0 on the server).
pub fn now_millis() -> i64 {
    #[cfg(feature = "hydrate")]
    return outbox::now();
    #[cfg(not(feature = "hydrate"))]
    0
}

/// A new record id made on the phone (UUIDv7).
pub fn new_record_id() -> Result<String, LocalError> {
    #[cfg(feature = "hydrate")]
    return outbox::new_record_id();
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// Keeps a new record and its operation on the phone, then tries to send.
/// An error means the record is not on the phone.
pub async fn save(
    kind: OpKind,
    payload: &impl serde::Serialize,
    record: LocalRecord,
    summary: String,
) -> Result<(), LocalError> {
    save_with_photos(kind, payload, record, summary, None).await
}

/// [`save`], keeping the record's new photos (id, JPEG) with it in the
/// same transaction; they upload once the server has the record.
pub async fn save_with_photos(
    kind: OpKind,
    payload: &impl serde::Serialize,
    record: LocalRecord,
    summary: String,
    photos: Option<TakenPhotos>,
) -> Result<(), LocalError> {
    let payload = serde_json::to_value(payload).map_err(|e| LocalError::Data(e.to_string()))?;
    #[cfg(feature = "hydrate")]
    {
        let status = use_sync();
        outbox::enqueue(kind, payload, record, summary, photos).await?;
        sync::refresh(status).await;
        sync::request(status);
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (kind, payload, record, summary, photos);
        Err(LocalError::NotInBrowser)
    }
}

/// Scales down each photo chosen in a file input (at most `room` of them)
/// and hands it over with a new id; the input is emptied for the next.
pub fn take_photos(
    event: leptos::ev::Event,
    room: usize,
    done: impl Fn(Result<(String, Vec<u8>), LocalError>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).take(room).collect())
            .unwrap_or_default();
        input.set_value("");
        leptos::task::spawn_local(async move {
            for file in files {
                let scaled = photos::scale_down_in_chunk(file).await;
                done(scaled.and_then(|jpeg| Ok((new_record_id()?, jpeg))));
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, room, done);
}

/// An address showing `jpeg` on this page; give it back with [`forget_url`].
pub fn photo_url(jpeg: &[u8]) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return photos::object_url(jpeg);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = jpeg;
        None
    }
}

pub fn forget_url(url: &str) {
    #[cfg(feature = "hydrate")]
    let _ = web_sys::Url::revoke_object_url(url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// The photo as this phone keeps it (an address to revoke), if it does.
pub async fn local_photo_url(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return match photos::local_jpeg(id).await {
        Ok(jpeg) => jpeg.and_then(|jpeg| photos::object_url(&jpeg)),
        // The server's copy is shown instead; the failure is worth a line.
        Err(error) => {
            leptos::logging::warn!("cannot read photo {id} on the phone: {error}");
            None
        }
    };
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// The photos the logged-in account took on this phone and how far each got.
pub async fn local_photos() -> Result<Vec<LocalPhoto>, LocalError> {
    #[cfg(feature = "hydrate")]
    return photos::mine().await;
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// Bytes this site uses on the phone and may use, if the browser says.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    #[cfg(feature = "hydrate")]
    return photos::storage_estimate().await;
    #[cfg(not(feature = "hydrate"))]
    None
}

/// The phone's position, asked once (the browser asks the user the first time).
pub fn locate(done: impl FnOnce(Option<Location>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { done(photos::locate().await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = done;
}

/// The records kept on this phone.
pub async fn local_records() -> Result<Vec<LocalRecord>, LocalError> {
    #[cfg(feature = "hydrate")]
    return outbox::records().await;
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

pub async fn outbox_entries() -> Result<Vec<OutboxEntry>, LocalError> {
    #[cfg(feature = "hydrate")]
    return outbox::outbox().await;
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// The user's area as last pulled (`None` before the first pull).
pub async fn cached_area() -> Result<Option<Area>, LocalError> {
    #[cfg(feature = "hydrate")]
    return outbox::area().await;
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// After a login: the phone's data becomes that account's (see
/// `outbox::claim`) before anything else happens, then a sync starts.
pub async fn logged_in(user: CurrentUser, mobile: String) -> Result<(), LocalError> {
    #[cfg(feature = "hydrate")]
    {
        let status = use_sync();
        outbox::claim(&user.id, &mobile).await?;
        outbox::set_meta("signed_in", true).await?;
        outbox::set_meta("user", &user).await?;
        sync::refresh(status).await;
        status.area_revision.update(|n| *n += 1);
        sync::request(status);
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (user, mobile);
        Err(LocalError::NotInBrowser)
    }
}

/// The account logged in on this phone, as it was at the login: what the
/// screens know of the user offline (none from phones of earlier versions).
pub async fn cached_user() -> Result<Option<CurrentUser>, LocalError> {
    #[cfg(feature = "hydrate")]
    return outbox::meta::<CurrentUser>("user").await;
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// After a logout: the worker's tabs go until the next login (the phone's
/// records stay, held for that login).
pub async fn logged_out() -> Result<(), LocalError> {
    #[cfg(feature = "hydrate")]
    return outbox::set_meta("signed_in", false).await;
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// Whether someone is logged in on this phone, as far as it knows without
/// asking the server (a page served from the cache offline is anonymous).
pub async fn signed_in_here() -> Result<bool, LocalError> {
    #[cfg(feature = "hydrate")]
    {
        // Phones of earlier versions knew only their owner.
        let flag = outbox::meta::<bool>("signed_in").await?;
        Ok(flag.unwrap_or(outbox::owner().await?.is_some()))
    }
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// Starts a sync now (the "sync now" button).
pub fn sync_now() {
    #[cfg(feature = "hydrate")]
    sync::request(use_sync());
}

/// Puts a set-aside operation back in line and sends it.
pub async fn resend(op_id: String) -> Result<(), LocalError> {
    #[cfg(feature = "hydrate")]
    {
        let status = use_sync();
        outbox::resend(&op_id).await?;
        sync::refresh(status).await;
        sync::request(status);
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = op_id;
        Err(LocalError::NotInBrowser)
    }
}

/// Drops a set-aside operation (the page asks for confirmation first).
pub async fn discard(op_id: String) -> Result<(), LocalError> {
    #[cfg(feature = "hydrate")]
    {
        outbox::discard(&op_id).await?;
        sync::refresh(use_sync()).await;
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = op_id;
        Err(LocalError::NotInBrowser)
    }
}

/// Deletes everything this phone keeps (for shared phones).
pub async fn clear_device() -> Result<(), LocalError> {
    #[cfg(feature = "hydrate")]
    {
        outbox::clear_device().await?;
        let status = use_sync();
        status.last_sync.set(None);
        sync::refresh(status).await;
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    Err(LocalError::NotInBrowser)
}

/// Asks the user a yes/no question (a browser dialog); `true` on the server.
pub fn confirm(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    return browser::confirm(question);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        true
    }
}

/// A value of the page address's query (`?household=…`), read from the
/// browser as it is: the keys it carries are plain ASCII codes.
pub fn query_value(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return browser::query_value(name);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        None
    }
}

/// Opens the browser's print dialog (the certificate).
pub fn print_page() {
    #[cfg(feature = "hydrate")]
    browser::print_page();
}

/// Saves the operations not yet on the server to a file, as a last resort.
pub fn download_unsynced(entries: &[OutboxEntry]) {
    #[cfg(feature = "hydrate")]
    browser::download_json(entries, "gridlink-unsynced.json");
    #[cfg(not(feature = "hydrate"))]
    let _ = entries;
}

#[derive(Clone, Copy)]
struct OnlineStatus(ReadSignal<bool>);

/// Starts tracking the connection for the whole app. Rendered as online on
/// the server and during hydration, then follows `navigator.onLine` and the
/// `online`/`offline` events.
pub fn provide_online_status() {
    let (online, set_online) = signal(true);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::watch_connection(set_online));
    #[cfg(not(feature = "hydrate"))]
    let _ = set_online;
    provide_context(OnlineStatus(online));
}

/// `true` while the phone has a connection.
pub fn use_online_status() -> ReadSignal<bool> {
    use_context::<OnlineStatus>().map(|status| status.0).unwrap_or_else(|| signal(true).0)
}

/// Asks the service worker to drop every page it kept for the user who
/// just logged out.
pub fn forget_private_pages() {
    #[cfg(feature = "hydrate")]
    browser::forget_private_pages();
}

/// Marks the page interactive (`data-hydrated` on `<body>`), for tests and
/// the curious; called once hydration, lazy screen included, is done.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    browser::mark_hydrated();
}

/// Keeps the language the user chose in the cookie the server renders by.
pub fn remember_language(code: &str) {
    #[cfg(feature = "hydrate")]
    browser::remember_language(code);
    #[cfg(not(feature = "hydrate"))]
    let _ = code;
}

/// Registers `/sw.js` once the page has hydrated.
pub fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::register_service_worker());
}

/// After a deploy, the new service worker takes over an open page that
/// still runs the old build, whose lazy chunks are gone; so the next move to
/// another screen (`pathname` changes) loads the page again, into the new
/// build. Never in the middle of a form.
pub fn reload_into_new_build(pathname: Memo<String>) {
    #[cfg(feature = "hydrate")]
    browser::reload_into_new_build(pathname);
    #[cfg(not(feature = "hydrate"))]
    let _ = pathname;
}

/// Puts the text of the file chosen in a file input into `text` (for CSV
/// imports: the file is read on the phone, then sent like pasted text).
pub fn read_chosen_file(event: leptos::ev::Event, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    browser::read_chosen_file(event_target(&event), move |content| text.set(content));
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, text);
}

/// Whether this browser reads QR codes from photos (`BarcodeDetector`).
pub fn can_read_qr() -> bool {
    #[cfg(feature = "hydrate")]
    return browser::can_read_qr();
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Reads the QR code in the photo chosen in a file input; `None` when the
/// photo holds none (or the browser cannot read it).
pub fn read_qr_photo(event: leptos::ev::Event, done: impl FnOnce(Option<String>) + 'static) {
    #[cfg(feature = "hydrate")]
    browser::read_qr_photo(event_target(&event), done);
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, done);
}
