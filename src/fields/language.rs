//! Language codes. The payment server speaks SIPS codes (`sp`, `cz`, `ge`…);
//! shops speak ISO 639-1. `request` converts two codes on the way out,
//! `response` eight on the way back (one of them wrongly, `cs` → `zh`), and
//! the Sips 2.0 backend maps SIPS codes to ISO ones.

/// ISO → SIPS, as `request` stores `language` and `merchant_language`.
pub fn iso_to_sips(code: &[u8]) -> &[u8] {
    match code {
        b"es" => b"sp",
        b"cs" => b"cz",
        other => other,
    }
}

/// SIPS → ISO, as `response` prints them (`cs` → `zh` sic: the legacy table
/// maps the SIPS code for Chinese, which is the ISO code for Czech).
pub fn sips_to_iso_legacy(code: &[u8]) -> &[u8] {
    match code {
        b"sp" => b"es",
        b"ge" => b"de",
        b"jp" => b"ja",
        b"du" => b"nl",
        b"po" => b"pt",
        b"sw" => b"sv",
        b"cz" => b"cs",
        b"cs" => b"zh",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_directions() {
        assert_eq!(iso_to_sips(b"es"), b"sp");
        assert_eq!(iso_to_sips(b"fr"), b"fr");
        assert_eq!(sips_to_iso_legacy(iso_to_sips(b"cs")), b"cs");
        assert_eq!(sips_to_iso_legacy(b"cs"), b"zh");
        assert_eq!(sips_to_iso_legacy(b"ge"), b"de");
    }
}
