//! Photos and location attached to a visit or an issue. The record's
//! operation names its photos (ids made on the phone) and carries the
//! location; the photos themselves follow once the record is applied, each
//! uploaded on its own under its id (`docs/photos.md`).

use crate::model::sync::is_record_id;
use crate::model::Field;
use serde::{Deserialize, Serialize};

/// At most this many photos per record.
pub const MAX_PHOTOS: usize = 3;

/// The longest side of a photo after the phone scaled it down, in pixels.
pub const LONGEST_SIDE: u32 = 1280;

/// JPEG quality the phone encodes with.
pub const JPEG_QUALITY: f64 = 0.8;

/// The most one uploaded photo may weigh. A scaled-down photo is ~200 KB.
pub const MAX_PHOTO_BYTES: usize = 1 << 20;

/// Uploaded photos leave the phone after this many days (the server keeps them).
pub const PHONE_KEEPS_DAYS: i64 = 30;

named_enum! {
    /// The kind of record a photo belongs to.
    pub enum PhotoOf {
        Issue,
        Visit,
    }
}

/// Where the phone was when the record was made, as the phone measured it:
/// millionths of a degree (WGS-84, as browsers give it) and the accuracy
/// in metres. Never shown on public pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub lat_e6: i32,
    pub lon_e6: i32,
    pub accuracy_m: u32,
}

impl Location {
    /// From the browser's degrees and metres; `None` when out of range.
    pub fn from_degrees(lat: f64, lon: f64, accuracy: f64) -> Option<Location> {
        let location = Location {
            lat_e6: (lat * 1e6).round() as i32,
            lon_e6: (lon * 1e6).round() as i32,
            accuracy_m: accuracy.max(0.0).round().min(u32::MAX as f64) as u32,
        };
        (lat.is_finite() && lon.is_finite() && location.is_valid()).then_some(location)
    }

    pub fn is_valid(&self) -> bool {
        self.lat_e6.abs() <= 90_000_000 && self.lon_e6.abs() <= 180_000_000 && self.accuracy_m <= 100_000
    }

    /// "31.230416, 121.473701 (±12 m)", in whole numbers: float formatting
    /// would add some 16 KB to the phone's first download.
    pub fn text(&self) -> String {
        let degrees = |e6: i32| {
            let sign = if e6 < 0 { "-" } else { "" };
            let e6 = e6.unsigned_abs();
            format!("{sign}{}.{:06}", e6 / 1_000_000, e6 % 1_000_000)
        };
        format!("{}, {} (±{} m)", degrees(self.lat_e6), degrees(self.lon_e6), self.accuracy_m)
    }
}

/// What is wrong with a record's photos and location, if anything: at most
/// [`MAX_PHOTOS`] distinct record ids, a location on the globe. (Fields of
/// `IssueInput` and `VisitInput` rather than one flattened struct: serde's
/// `flatten` buffers every field and weighs on the phone's download.)
pub fn attachments_problem(photos: &[String], location: Option<Location>) -> Option<Field> {
    let mut seen = std::collections::HashSet::new();
    let ids_ok = photos.iter().all(|id| is_record_id(id) && seen.insert(id.as_str()));
    if photos.len() > MAX_PHOTOS || !ids_ok {
        Some(Field::Photos)
    } else if location.is_some_and(|l| !l.is_valid()) {
        Some(Field::Location)
    } else {
        None
    }
}

/// The server's answer to an upload that worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uploaded {
    Stored,
    /// The same photo was stored before (a retried upload).
    AlreadyStored,
}

/// Where the phone uploads photo `photo` of a record, and where it is read.
/// A photo is known by its record and its id together, so that another
/// record naming the same id can never take its place.
pub fn photo_path(of: PhotoOf, record: &str, photo: &str) -> String {
    format!("/api/photos/{}/{record}/{photo}", of.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sync::new_id;

    #[test]
    fn locations_keep_a_tenth_of_a_metre_and_refuse_nonsense() {
        let place = Location::from_degrees(31.2304161, 121.4737012, 12.4).unwrap();
        assert_eq!(place, Location { lat_e6: 31_230_416, lon_e6: 121_473_701, accuracy_m: 12 });
        assert_eq!(place.text(), "31.230416, 121.473701 (±12 m)");
        assert_eq!(Location::from_degrees(91.0, 0.0, 5.0), None);
        assert_eq!(Location::from_degrees(f64::NAN, 0.0, 5.0), None);
    }

    #[test]
    fn at_most_three_distinct_photo_ids() {
        let ids: Vec<String> = (0..4).map(|n| new_id(1_700_000_000_000 + n, [n as u8; 10])).collect();
        let with = |photos: &[String]| attachments_problem(photos, None);
        assert_eq!(with(&ids[..3]), None);
        assert_eq!(with(&ids), Some(Field::Photos));
        assert_eq!(with(&[ids[0].clone(), ids[0].clone()]), Some(Field::Photos));
        assert_eq!(with(&["photo-1".to_owned()]), Some(Field::Photos));
        let far = Location { lat_e6: 0, lon_e6: 181_000_000, accuracy_m: 1 };
        assert_eq!(attachments_problem(&[], Some(far)), Some(Field::Location));
        let south_west = Location { lat_e6: -33_868_820, lon_e6: -70_000_005, accuracy_m: 3 };
        assert_eq!(south_west.text(), "-33.868820, -70.000005 (±3 m)");
    }
}
