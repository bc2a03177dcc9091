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

/// The ISO 639-1 codes Sips 2.0 takes as `customerLanguage`.
const SIPS2_LANGUAGES: [&[u8]; 31] = [
    b"bg", b"br", b"cs", b"da", b"de", b"el", b"en", b"es", b"et", b"fi", b"fr", b"hi", b"hr", b"hu", b"it", b"ja",
    b"ko", b"lt", b"lv", b"nl", b"no", b"pl", b"pt", b"ro", b"ru", b"sk", b"sl", b"sv", b"tr", b"uk", b"zh",
];

/// Sips 2.0 `customerLanguage` for a request's `language` as stored (SIPS
/// codes such as `ge`, `sp`, `cz`, or ISO codes); `None` for a language Sips
/// 2.0 does not know, which is then not sent.
pub fn sips2_customer_language(code: &[u8]) -> Option<&'static [u8]> {
    let iso: &[u8] = match code {
        b"sp" => b"es",
        b"ge" => b"de",
        b"cz" => b"cs",
        b"jp" => b"ja",
        b"du" => b"nl",
        b"po" => b"pt",
        b"sw" => b"sv",
        other => other,
    };
    SIPS2_LANGUAGES.iter().copied().find(|l| *l == iso)
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

    #[test]
    fn sips2_languages() {
        assert_eq!(sips2_customer_language(b"ge"), Some(&b"de"[..]));
        assert_eq!(sips2_customer_language(b"sp"), Some(&b"es"[..]));
        assert_eq!(sips2_customer_language(iso_to_sips(b"cs")), Some(&b"cs"[..]));
        assert_eq!(sips2_customer_language(b"fr"), Some(&b"fr"[..]));
        assert_eq!(sips2_customer_language(b"zh"), Some(&b"zh"[..]));
        assert_eq!(sips2_customer_language(b"xx"), None);
        assert_eq!(sips2_customer_language(b""), None);
    }
}
