//! The payment page around the sealed request: blocks of card logos with
//! their header sentences in 13 languages, and the payment means / block
//! order rule the request checks.

use super::sentences::{LANGUAGES, P600_TEXTS};
use crate::clib::{all_digits, c_atoi, split_terminated};
use crate::version::Sentences;

/// Block numbers and payment means lists as the legacy tokenises them:
/// each `,` ends a token, a final empty token is dropped, at most 30.
const MAX_TOKENS: usize = 30;

/// The `payment_means` / `block_order` consistency rule (docs/behaviour.md §7).
pub fn means_match_order(payment_means: &[u8], block_order: &[u8]) -> bool {
    let means = split_terminated(payment_means, b',');
    let order = split_terminated(block_order, b',');
    if means.len() > MAX_TOKENS || order.len() > MAX_TOKENS || means.len() % 2 != 0 {
        return false;
    }
    let block_ok = |t: &[u8]| !t.is_empty() && all_digits(t) && (1..=9).contains(&c_atoi(t));
    if !order.iter().skip(1).all(|t| block_ok(t)) {
        return false;
    }
    means.chunks(2).all(|pair| {
        let (name, block) = (pair[0], pair[1]);
        !name.is_empty() && all_digits(block) && c_atoi(block) <= 9 && order.contains(&block)
    })
}

/// What the payment page shows around the sealed data: one block of logos
/// per block of `block_order` that has payment means, each block with its
/// header sentence when `header_flag` is `yes`.
pub struct Page<'a> {
    pub payment_means: &'a [u8],
    pub block_order: &'a [u8],
    pub block_align: &'a [u8],
    pub header_flag: &'a [u8],
    pub language: &'a [u8],
    pub logo_dir: &'a [u8],
    pub sentences: Sentences,
}

/// Writes the payment means as `button` draws them (one clickable logo per
/// means), grouped in blocks, with the legacy line breaks and spacers.
pub fn blocks(out: &mut Vec<u8>, page: &Page, button: &mut dyn FnMut(&mut Vec<u8>, &[u8])) {
    let means: Vec<(&[u8], i32)> = split_terminated(page.payment_means, b',')
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| (p[0], c_atoi(p[1])))
        .collect();
    let header = page.header_flag.eq_ignore_ascii_case(b"yes");
    for token in split_terminated(page.block_order, b',') {
        let block = c_atoi(token);
        let names: Vec<&[u8]> = means.iter().filter(|(_, b)| *b == block).map(|(n, _)| *n).collect();
        if !names.is_empty() {
            render_block(out, page, block, &names, header, button);
        }
    }
}

/// `<logo_dir><name>.gif">`: the end of every logo's `SRC`.
pub fn logo_src(out: &mut Vec<u8>, page: &Page, name: &[u8]) {
    out.extend_from_slice(page.logo_dir);
    out.extend_from_slice(name);
    out.extend_from_slice(b".gif\">");
}

fn render_block(
    out: &mut Vec<u8>,
    page: &Page,
    block: i32,
    names: &[&[u8]],
    header: bool,
    button: &mut dyn FnMut(&mut Vec<u8>, &[u8]),
) {
    let div = |out: &mut Vec<u8>| {
        out.extend_from_slice(b"<DIV ALIGN=");
        out.extend_from_slice(page.block_align);
        out.push(b'>');
    };
    if header {
        div(out);
        out.extend_from_slice(sentence(page.language, block, page.sentences));
        if block == 2 {
            out.extend_from_slice(b" <IMG BORDER=0 SRC=\"");
            logo_src(out, page, b"CLEF");
            out.extend_from_slice(b" :");
        }
        out.extend_from_slice(b"<br><br></DIV>");
    }
    div(out);
    for (k, name) in names.iter().enumerate().map(|(i, n)| (i + 1, n)) {
        button(out, name);
        if k == names.len() || k % 6 == 5 {
            out.extend_from_slice(b"<br><br>");
        } else {
            out.extend_from_slice(b"<IMG SRC=\"");
            logo_src(out, page, b"INTERVAL");
        }
    }
    out.extend_from_slice(b"</DIV>");
}

/// The header sentence of `block` in `language`; English for unknown codes.
fn sentence(language: &[u8], block: i32, style: Sentences) -> &'static [u8] {
    let selects = |s: &&super::sentences::Sentences| match style {
        Sentences::IsoAndSips => s.languages.contains(&language),
        Sentences::SipsOnly => s.sips == language,
    };
    let set = LANGUAGES.iter().find(selects).unwrap_or(&LANGUAGES[1]);
    let Ok(block) = usize::try_from(block) else { return b"" };
    if style == Sentences::SipsOnly {
        if let Some((_, _, text)) = P600_TEXTS.iter().find(|(code, n, _)| *code == set.sips && *n == block) {
            return text;
        }
    }
    set.sentences.get(block).copied().unwrap_or(b"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_and_order_rule() {
        assert!(means_match_order(b"CB,2,VISA,2", b"1,2,3,4,5,6,7,8,9"));
        assert!(means_match_order(b"CB,0", b"0,1"));
        assert!(!means_match_order(b"CB,1", b"2"));
        assert!(!means_match_order(b"CB,1", b"01"));
        assert!(!means_match_order(b"CB,01", b"1"));
        assert!(!means_match_order(b"CB,1", b"1,x"));
        assert!(!means_match_order(b"CB,1", b"1,0"));
        assert!(means_match_order(b"CB,1", b"1,"));
        assert!(means_match_order(b"CB,00", b"00"));
        assert!(!means_match_order(b"CB,1,VISA", b"1"));
        assert!(!means_match_order(b",CB,1", b"1"));
        assert!(means_match_order(b"", b"1"));
        assert!(means_match_order(b"CB,1", b"x,1"));
    }

    #[test]
    fn p600_selects_by_sips_code_only() {
        assert_eq!(sentence(b"es", 1, Sentences::IsoAndSips), sentence(b"sp", 1, Sentences::IsoAndSips));
        assert_eq!(sentence(b"es", 1, Sentences::SipsOnly), sentence(b"en", 1, Sentences::IsoAndSips));
        assert_eq!(sentence(b"sp", 1, Sentences::SipsOnly), sentence(b"sp", 1, Sentences::IsoAndSips));
        assert_eq!(sentence(b"sp", 3, Sentences::SipsOnly), b"");
        assert_ne!(sentence(b"po", 2, Sentences::SipsOnly), sentence(b"po", 2, Sentences::IsoAndSips));
        assert_eq!(sentence(b"br", 1, Sentences::SipsOnly), sentence(b"en", 1, Sentences::SipsOnly));
    }

    #[test]
    fn logo_line_breaks_after_fifth_and_eleventh() {
        let means: Vec<String> = (0..12).map(|i| format!("M{i},1")).collect();
        let means = means.join(",");
        let page = Page {
            payment_means: means.as_bytes(),
            block_order: b"1",
            block_align: b"center",
            header_flag: b"no",
            language: b"fr",
            logo_dir: b"/l/",
            sentences: Sentences::IsoAndSips,
        };
        let mut out = Vec::new();
        blocks(&mut out, &page, &mut |out, name| {
            out.extend_from_slice(b"<B ");
            out.extend_from_slice(name);
            out.push(b'>');
        });
        let html = String::from_utf8(out).unwrap();
        assert_eq!(html.matches("<br><br>").count(), 3);
        assert!(html.contains("<B M4><br><br><B M5>"));
        assert!(html.contains("<B M10><br><br><B M11>"));
        assert!(html.contains("<B M0><IMG SRC=\"/l/INTERVAL.gif\"><B M1>"));
    }
}
