//! Photos of issues and visits through the HTTP stack: uploaded once per
//! id, only to the caller's own record in their area, checked, stripped of
//! metadata, read only inside the area.

use crate::auth::{log_in, PASSWORD, WORKER};
use crate::support::{demo_state, repo_file};
use crate::sync::{apply, count, id, op, worker};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use gridlink::model::issue::{IssueCategory, IssueInput, Urgency};
use gridlink::model::photo::{photo_path, Location, PhotoOf};
use gridlink::model::sync::{OpKind, OpResult};
use gridlink::model::{AppError, Field};
use gridlink::server::http::router;
use gridlink::server::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// 孙丽, grid worker of another community.
const OTHER_WORKER: &str = "13800000007";

fn small_jpeg() -> Vec<u8> {
    std::fs::read(repo_file("tests/fixtures/small.jpg")).expect("the test photo")
}

/// The test photo with an EXIF segment (a camera's, with where it was
/// taken) and a comment, as a phone's camera writes them.
fn jpeg_with_metadata() -> Vec<u8> {
    let plain = small_jpeg();
    let mut exif = b"Exif\0\0MM\0*GPS-31.2304N-121.4737E-Camera-X100".to_vec();
    let mut bytes = plain[..2].to_vec();
    bytes.extend([0xFF, 0xE1]);
    bytes.extend(((exif.len() + 2) as u16).to_be_bytes());
    bytes.append(&mut exif);
    let comment = b"owner: 13912345678";
    bytes.extend([0xFF, 0xFE]);
    bytes.extend(((comment.len() + 2) as u16).to_be_bytes());
    bytes.extend(comment);
    bytes.extend(&plain[2..]);
    bytes
}

/// 张伟's issue `n` naming `photos`, applied as a sync would.
async fn issue_with_photos(state: &AppState, n: u64, photos: &[String]) {
    issue_by(state, &worker(), n, photos).await;
}

async fn issue_by(state: &AppState, maker: &gridlink::server::auth::Scope, n: u64, photos: &[String]) {
    let input = IssueInput {
        issue_id: id(n),
        category: IssueCategory::Facilities,
        description: "楼道灯坏了".into(),
        building: "demo-c1-g1-b1".into(),
        household: None,
        urgency: Urgency::Normal,
        reporter_name: None,
        reporter_phone: None,
        photos: photos.to_vec(),
        location: Some(Location { lat_e6: 31_230_416, lon_e6: 121_473_701, accuracy_m: 12 }),
    };
    assert_eq!(apply(state, maker, &op(n, OpKind::ReportIssue, input)).await, OpResult::Applied);
}

struct Reply {
    status: StatusCode,
    body: Vec<u8>,
}

impl Reply {
    fn error(&self) -> AppError {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("{:?}", String::from_utf8_lossy(&self.body)))
    }
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    Reply { status, body: response.into_body().collect().await.unwrap().to_bytes().to_vec() }
}

async fn session(state: &AppState, mobile: &str) -> String {
    format!("gridlink_session={}", log_in(state, mobile, PASSWORD, None).await.cookie.expect("logged in"))
}

async fn upload(state: &AppState, cookie: &str, issue: u64, photo: &str, body: Vec<u8>) -> Reply {
    let request = Request::post(photo_path(PhotoOf::Issue, &id(issue), photo))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "image/jpeg")
        .body(Body::from(body))
        .unwrap();
    send(state, request).await
}

async fn fetch(state: &AppState, cookie: &str, issue: u64, photo: &str) -> Reply {
    let request = Request::get(photo_path(PhotoOf::Issue, &id(issue), photo))
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    send(state, request).await
}

#[tokio::test]
async fn a_photo_uploaded_twice_is_stored_once_without_its_metadata() {
    let state = demo_state().await;
    let photo = id(901);
    issue_with_photos(&state, 1, std::slice::from_ref(&photo)).await;
    let cookie = session(&state, WORKER).await;
    let first = upload(&state, &cookie, 1, &photo, jpeg_with_metadata()).await;
    assert_eq!((first.status, first.body.as_slice()), (StatusCode::OK, &b"\"stored\""[..]));
    let again = upload(&state, &cookie, 1, &photo, jpeg_with_metadata()).await;
    assert_eq!((again.status, again.body.as_slice()), (StatusCode::OK, &b"\"already_stored\""[..]));
    assert_eq!(count(&state, "photo").await, 1);

    let read = fetch(&state, &cookie, 1, &photo).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body, small_jpeg(), "the image as it was, without the EXIF segment and the comment");

    // Metadata between the scans and a second image after the end go too.
    let plain = small_jpeg();
    let exif = [&[0xFF, 0xE1, 0x00, 0x0D][..], b"Exif\0\0GPS!!"].concat();
    let between = [&plain[..plain.len() - 2], &exif, &[0xFF, 0xD9]].concat();
    let (second, third) = (id(902), id(903));
    issue_with_photos(&state, 11, &[second.clone(), third.clone()]).await;
    assert_eq!(upload(&state, &cookie, 11, &second, between).await.status, StatusCode::OK);
    assert_eq!(fetch(&state, &cookie, 11, &second).await.body, plain);
    let appended = [plain.clone(), jpeg_with_metadata()].concat();
    assert_eq!(upload(&state, &cookie, 11, &third, appended).await.status, StatusCode::OK);
    assert_eq!(fetch(&state, &cookie, 11, &third).await.body, plain);

    // Another picture: one byte of the image data differs.
    let mut changed = small_jpeg();
    let at = changed.len() - 4;
    changed[at] = if changed[at] == 0x10 { 0x11 } else { 0x10 };
    let other = upload(&state, &cookie, 1, &photo, changed).await;
    assert_eq!(
        (other.status, other.error()),
        (StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid(Field::PhotoTaken))
    );
}

#[tokio::test]
async fn uploads_that_are_not_whole_jpegs_are_refused_with_their_reason() {
    let state = demo_state().await;
    let photos: Vec<String> = (0..3).map(|n| id(910 + n)).collect();
    issue_with_photos(&state, 2, &photos).await;
    let cookie = session(&state, WORKER).await;
    let text = upload(&state, &cookie, 2, &photos[0], b"<html>not a photo</html>".to_vec()).await;
    assert_eq!(text.error(), AppError::Invalid(Field::PhotoType));
    let jpeg = small_jpeg();
    let cut = upload(&state, &cookie, 2, &photos[1], jpeg[..jpeg.len() / 2].to_vec()).await;
    assert_eq!(cut.error(), AppError::Invalid(Field::PhotoIncomplete));
    let huge = [jpeg.clone(), vec![0; 20 << 20]].concat();
    let big = upload(&state, &cookie, 2, &photos[2], huge).await;
    assert_eq!((big.status, big.error()), (StatusCode::PAYLOAD_TOO_LARGE, AppError::TooLarge));
    assert_eq!(count(&state, "photo").await, 0, "nothing stored");
}

#[tokio::test]
async fn a_body_that_breaks_off_is_refused_as_incomplete() {
    let state = demo_state().await;
    let photo = id(920);
    issue_with_photos(&state, 3, std::slice::from_ref(&photo)).await;
    let cookie = session(&state, WORKER).await;
    let jpeg = small_jpeg();
    // The client said how long the photo is and the connection ended early.
    let request = Request::post(photo_path(PhotoOf::Issue, &id(3), &photo))
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_LENGTH, jpeg.len())
        .body(Body::new(BreaksOff(Some(jpeg[..200].to_vec().into()))))
        .unwrap();
    let reply = send(&state, request).await;
    assert_eq!(reply.error(), AppError::Invalid(Field::PhotoIncomplete));
    assert_eq!(count(&state, "photo").await, 0);
}

/// Sends its bytes, then fails as a connection reset would.
struct BreaksOff(Option<axum::body::Bytes>);

impl http_body::Body for BreaksOff {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(Some(match self.0.take() {
            Some(bytes) => Ok(http_body::Frame::data(bytes)),
            None => Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection lost")),
        }))
    }
}

#[tokio::test]
async fn photos_stay_in_the_records_area() {
    let state = demo_state().await;
    let photo = id(930);
    issue_with_photos(&state, 4, std::slice::from_ref(&photo)).await;
    let worker_cookie = session(&state, WORKER).await;
    let other = session(&state, OTHER_WORKER).await;
    // Another grid's worker cannot add a photo to it, nor one it never named.
    let refused = upload(&state, &other, 4, &photo, small_jpeg()).await;
    assert_eq!((refused.status, refused.error()), (StatusCode::NOT_FOUND, AppError::NotFound));
    let unnamed = upload(&state, &worker_cookie, 4, &id(931), small_jpeg()).await;
    assert_eq!(unnamed.status, StatusCode::NOT_FOUND);
    assert_eq!(count(&state, "photo").await, 0, "nothing stored");

    assert_eq!(upload(&state, &worker_cookie, 4, &photo, small_jpeg()).await.status, StatusCode::OK);
    assert_eq!(fetch(&state, &other, 4, &photo).await.status, StatusCode::NOT_FOUND);
    let secretary = session(&state, "13800000002").await;
    assert_eq!(
        fetch(&state, &secretary, 4, &photo).await.status,
        StatusCode::OK,
        "the community's secretary"
    );
    // A party member of the same community does not look after households.
    let member = session(&state, "13800000005").await;
    assert_eq!(fetch(&state, &member, 4, &photo).await.status, StatusCode::FORBIDDEN);
    let request = Request::get(photo_path(PhotoOf::Issue, &id(4), &photo)).body(Body::empty()).unwrap();
    assert_eq!(send(&state, request).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_queue_shows_an_issues_photos_and_location() {
    let state = demo_state().await;
    let photo = id(940);
    issue_with_photos(&state, 5, std::slice::from_ref(&photo)).await;
    let cookie = session(&state, "13800000002").await;
    let filter = r#"{"filter":{"overdue_only":false,"include_closed":false,"page":0}}"#;
    let page = crate::auth::call(
        &state,
        "issues/queue",
        filter,
        Some(cookie.trim_start_matches("gridlink_session=")),
    )
    .await;
    assert!(page.body.contains(&photo), "{}", page.body);
    assert!(page.body.contains("31230416"), "{}", page.body);
}

#[tokio::test]
async fn another_record_naming_the_same_photo_id_cannot_take_its_place() {
    let state = demo_state().await;
    let photo = id(950);
    issue_with_photos(&state, 21, std::slice::from_ref(&photo)).await;
    // 刘洋 saw the id in the area's issues and names it in a report of his own.
    let leader = crate::sync::scope("13800000004", "demo-c1-g1", "building_leader");
    issue_by(&state, &leader, 22, std::slice::from_ref(&photo)).await;
    let his = session(&state, "13800000004").await;
    let mut other_picture = small_jpeg();
    let at = other_picture.len() - 4;
    other_picture[at] = if other_picture[at] == 0x10 { 0x11 } else { 0x10 };
    assert_eq!(upload(&state, &his, 22, &photo, other_picture).await.status, StatusCode::OK);
    let owner = session(&state, WORKER).await;
    assert_eq!(upload(&state, &owner, 21, &photo, small_jpeg()).await.body, b"\"stored\"");
    assert_eq!(fetch(&state, &owner, 21, &photo).await.body, small_jpeg(), "the issue shows its own photo");
}
