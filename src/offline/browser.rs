use leptos::prelude::*;
use wasm_bindgen::JsValue;

pub fn watch_connection(set_online: WriteSignal<bool>) {
    set_online.set(window().navigator().on_line());
    let on_online = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let on_offline = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    // The header lives as long as the page; keep the listeners for good.
    std::mem::forget((on_online, on_offline));
}

pub fn register_service_worker() {
    let container = window().navigator().service_worker();
    let registration = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
            leptos::logging::warn!("service worker registration failed: {}", describe(&error));
        }
    });
}

pub fn remember_language(code: &str) {
    let max_age_seconds = crate::app::LANGUAGE_COOKIE_MAX_AGE_MS / 1000;
    let cookie =
        format!("{}={code}; path=/; max-age={max_age_seconds}; SameSite=Lax", crate::app::LANGUAGE_COOKIE);
    let document: web_sys::HtmlDocument = wasm_bindgen::JsCast::unchecked_into(document());
    if let Err(error) = document.set_cookie(&cookie) {
        leptos::logging::warn!("cannot keep the language choice: {}", describe(&error));
    }
}

pub fn forget_private_pages() {
    if let Some(worker) = window().navigator().service_worker().controller() {
        if let Err(error) = worker.post_message(&JsValue::from_str("forget-pages")) {
            leptos::logging::warn!("cannot reach the service worker: {}", describe(&error));
        }
    }
}

fn describe(error: &JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// Reads the text of the first file chosen in `input` (CSV files from Excel
/// are UTF-8 with a BOM, which the import accepts).
pub fn read_chosen_file(input: web_sys::HtmlInputElement, done: impl FnOnce(String) + 'static) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(text) => done(text.as_string().unwrap_or_default()),
            Err(error) => leptos::logging::warn!("cannot read the file: {}", describe(&error)),
        }
    });
}

pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

pub fn query_value(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    let pairs = search.trim_start_matches('?').split('&');
    pairs
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

pub fn print_page() {
    if let Err(error) = window().print() {
        leptos::logging::warn!("cannot print: {}", describe(&error));
    }
}

/// Offers `items` as a JSON file download.
pub fn download_json<T: serde::Serialize + ?Sized>(items: &T, filename: &str) {
    let Ok(text) = serde_json::to_string_pretty(items) else { return };
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let anchor = document()
        .create_element("a")
        .ok()
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(a).ok());
    if let Some(anchor) = anchor {
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.click();
    }
    // A URL left unrevoked only holds memory until the page closes.
    let _ = web_sys::Url::revoke_object_url(&url);
}

pub fn mark_hydrated() {
    if let Some(body) = document().body() {
        // Only a marker; a page without it still works, so a failure is not worth a message.
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

thread_local! {
    static NEW_BUILD_IN_CONTROL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub fn reload_into_new_build(pathname: Memo<String>) {
    let container = window().navigator().service_worker();
    // With no worker in control yet, the first one taking over is not a new build.
    if container.controller().is_some() {
        let taken_over = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| NEW_BUILD_IN_CONTROL.set(true));
        container.set_oncontrollerchange(Some(wasm_bindgen::JsCast::unchecked_ref(taken_over.as_ref())));
        // Lives as long as the page.
        taken_over.forget();
    }
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|previous| previous != path) && NEW_BUILD_IN_CONTROL.get() {
            // A failed reload leaves the old build running; its chunk error offers a retry.
            let _ = window().location().reload();
        }
        path
    });
}

pub fn can_read_qr() -> bool {
    js_sys::Reflect::has(&window(), &JsValue::from_str("BarcodeDetector")).unwrap_or(false)
}

/// `new BarcodeDetector({formats: ["qr_code"]}).detect(await createImageBitmap(file))`,
/// through `Reflect`: the API is not in web-sys's stable set.
pub fn read_qr_photo(input: web_sys::HtmlInputElement, done: impl FnOnce(Option<String>) + 'static) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let text = detect_qr(file).await.unwrap_or_else(|error| {
            leptos::logging::warn!("cannot read the QR code: {}", describe(&error));
            None
        });
        done(text);
    });
}

async fn detect_qr(file: web_sys::File) -> Result<Option<String>, JsValue> {
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let global = window();
    let bitmap_of: Function = Reflect::get(&global, &JsValue::from_str("createImageBitmap"))?.dyn_into()?;
    let bitmap = JsFuture::from(bitmap_of.call1(&global, &file)?.dyn_into::<Promise>()?).await?;
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("formats"), &Array::of1(&JsValue::from_str("qr_code")))?;
    let detector_class: Function =
        Reflect::get(&global, &JsValue::from_str("BarcodeDetector"))?.dyn_into()?;
    let detector = Reflect::construct(&detector_class, &Array::of1(&options))?;
    let detect: Function = Reflect::get(&detector, &JsValue::from_str("detect"))?.dyn_into()?;
    let found: Array =
        JsFuture::from(detect.call1(&detector, &bitmap)?.dyn_into::<Promise>()?).await?.dyn_into()?;
    let first = found.get(0);
    if first.is_undefined() {
        return Ok(None);
    }
    Ok(Reflect::get(&first, &JsValue::from_str("rawValue"))?.as_string())
}
