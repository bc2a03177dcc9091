//! Text between the shop and Sips 2.0. V1 values are bytes in the shop's
//! character set; Sips 2.0 carries UTF-8. With the default ISO-8859-1 every
//! byte is one character, so a value leaves as UTF-8 and comes back as the
//! same bytes; characters a byte cannot hold (only Sips itself could send
//! them) come back as `?`. With `SHOP_CHARSET!UTF-8!` text passes unchanged.

use crate::config::keyfile::ShopCharset;

/// `value` as UTF-8 for Data; `None` when the shop says UTF-8 and the bytes are not.
pub(crate) fn to_utf8(value: &[u8], charset: ShopCharset) -> Option<Vec<u8>> {
    match charset {
        ShopCharset::Utf8 => std::str::from_utf8(value).ok().map(|_| value.to_vec()),
        ShopCharset::Latin1 => Some(value.iter().map(|&b| char::from(b)).collect::<String>().into_bytes()),
    }
}

/// A received UTF-8 value in the shop's character set. Invalid UTF-8 (which
/// Sips does not send) is read as replacement characters.
pub(crate) fn from_utf8(value: &[u8], charset: ShopCharset) -> Vec<u8> {
    match charset {
        ShopCharset::Utf8 => value.to_vec(),
        ShopCharset::Latin1 => {
            String::from_utf8_lossy(value).chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
        }
    }
}

/// `value` cut to at most `max` bytes, never inside a UTF-8 character when
/// the shop works in UTF-8.
pub(crate) fn truncate(mut value: Vec<u8>, max: usize, charset: ShopCharset) -> Vec<u8> {
    if value.len() <= max {
        return value;
    }
    let mut end = max;
    if charset == ShopCharset::Utf8 {
        // Back off continuation bytes (10xxxxxx) to a character start.
        while end > 0 && value[end] & 0xc0 == 0x80 {
            end -= 1;
        }
    }
    value.truncate(end);
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use ShopCharset::*;

    #[test]
    fn latin1_round_trip_is_byte_exact() {
        let all: Vec<u8> = (1..=255).collect();
        let utf8 = to_utf8(&all, Latin1).unwrap();
        assert!(std::str::from_utf8(&utf8).is_ok());
        assert_eq!(from_utf8(&utf8, Latin1), all);
        assert_eq!(to_utf8(b"caf\xe9", Latin1).unwrap(), "café".as_bytes());
        // A shop in UTF-8 that forgot to say so still gets its bytes back.
        let sent = to_utf8("é".as_bytes(), Latin1).unwrap();
        assert_eq!(from_utf8(&sent, Latin1), "é".as_bytes());
        assert_eq!(from_utf8("€ ok".as_bytes(), Latin1), b"? ok");
        assert_eq!(from_utf8(b"\xff", Latin1), b"?");
    }

    #[test]
    fn utf8_shops() {
        assert_eq!(to_utf8("é".as_bytes(), Utf8).unwrap(), "é".as_bytes());
        assert_eq!(to_utf8(b"caf\xe9", Utf8), None);
        assert_eq!(from_utf8("€".as_bytes(), Utf8), "€".as_bytes());
        assert_eq!(truncate("aé".as_bytes().to_vec(), 2, Utf8), b"a");
        assert_eq!(truncate("aé".as_bytes().to_vec(), 2, Latin1), b"a\xc3");
        assert_eq!(truncate(b"abc".to_vec(), 5, Utf8), b"abc");
    }
}
