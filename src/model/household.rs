//! Households and their contact, masked unless revealed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    pub key: String,
    pub building: String,
    pub unit: String,
    pub contact_name: Option<String>,
    pub phone_masked: Option<String>,
    pub id_masked: Option<String>,
}

/// The whole contact, after an audited reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullContact {
    pub phone: Option<String>,
    pub id_number: Option<String>,
}

/// 440308199001011234 → 440308********1234; anything else is hidden whole.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return "***".into();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[14..].iter().collect();
    format!("{head}********{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_keep_region_and_last_four() {
        assert_eq!(mask_id_number("440308199001011234"), "440308********1234");
        assert_eq!(mask_id_number("12345"), "***");
    }
}
