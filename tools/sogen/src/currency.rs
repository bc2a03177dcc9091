//! The currencies the payment server accepted (data dictionary, annex B):
//! numeric ISO 4217 code, letters and decimals of the amount.

pub const CURRENCIES: [(&str, &str, u32); 21] = [
    ("978", "EUR", 2),
    ("840", "USD", 2),
    ("756", "CHF", 2),
    ("826", "GBP", 2),
    ("124", "CAD", 2),
    ("392", "JPY", 0),
    ("484", "MXN", 2),
    ("949", "TRY", 2),
    ("036", "AUD", 2),
    ("554", "NZD", 2),
    ("578", "NOK", 2),
    ("986", "BRL", 2),
    ("032", "ARS", 2),
    ("116", "KHR", 2),
    ("901", "TWD", 2),
    ("752", "SEK", 2),
    ("208", "DKK", 2),
    ("410", "KRW", 0),
    ("702", "SGD", 2),
    ("953", "XPF", 0),
    ("952", "XOF", 0),
];

/// The currency with numeric code `code`.
pub fn find(code: &str) -> Option<(&'static str, u32)> {
    CURRENCIES.iter().find(|(c, _, _)| *c == code).map(|(_, letters, decimals)| (*letters, *decimals))
}

/// `amount` (in the smallest unit) as the customer reads it: `2500`, `978` → `25,00 EUR`.
pub fn format_amount(amount: &str, code: &str) -> String {
    let (letters, decimals) = find(code).unwrap_or(("", 2));
    let digits = amount.trim_start_matches('0');
    let decimals = decimals as usize;
    let padded = format!("{digits:0>width$}", width = decimals + 1);
    let (units, cents) = padded.split_at(padded.len() - decimals);
    let mut out = if cents.is_empty() { units.to_string() } else { format!("{units},{cents}") };
    if !letters.is_empty() {
        out.push(' ');
        out.push_str(letters);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(format_amount("2500", "978"), "25,00 EUR");
        assert_eq!(format_amount("005", "978"), "0,05 EUR");
        assert_eq!(format_amount("106", "392"), "106 JPY");
        assert_eq!(format_amount("100", "999"), "1,00");
        assert_eq!(find("036"), Some(("AUD", 2)));
    }
}
