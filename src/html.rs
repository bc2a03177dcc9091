//! Everything HTML the executables print: the error block, the DEBUG tables
//! and the payment form with its blocks of card logos (behaviour.md §1.3, §3, §4).

use crate::error::ApiError;
use crate::sentences::LANGUAGES;
use crate::text::{all_digits, c_atoi, split_terminated};

const ERROR_HEAD: &[u8] = b"</TBODY></TABLE><BR><DIV ALIGN=CENTER><TABLE style=\"BORDER-RIGHT: #ff0000 1px solid; BORDER-TOP: #ff0000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #ff0000 1px solid; BORDER-BOTTOM: #ff0000 1px solid; font-family: sans-serif; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #ff0000\"><TD align=middle><B>API ERROR</B></TD></TR><TR><TD>";
const ERROR_TAIL: &[u8] = b" </TD></TR></TBODY></TABLE><BR></DIV>";

const DEBUG_OPEN: &[u8] = b"<DIV ALIGN=CENTER><TABLE style=\"BORDER-RIGHT: #000000 1px solid; BORDER-TOP: #000000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #000000 1px solid; BORDER-BOTTOM: #000000 1px solid; font-family: sans-serif; background-color: #cccccc; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #9999cc\"><TD align=middle><B>DEBUG MODE</B></TD></TR></TBODY></TABLE><BR>";
const DEBUG_SECTION_HEAD: &[u8] = b"<TABLE style=\"BORDER-RIGHT: #000000 1px solid; BORDER-TOP: #000000 1px solid; FONT-SIZE: 75%;  BORDER-LEFT: #000000 1px solid; BORDER-BOTTOM: #000000 1px solid; font-family: sans-serif; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #9999cc\"><TD align=middle><B>";
const DEBUG_SECTION_TAIL: &[u8] = b"</B></TD></TR><TR>";
const DEBUG_CLOSE: &[u8] = b"</TBODY></TABLE><BR>";
const DEBUG_END: &[u8] = b"<TABLE style=\"BORDER-RIGHT: #000000 1px solid; BORDER-TOP: #000000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #000000 1px solid; BORDER-BOTTOM: #000000 1px solid; font-family: sans-serif; background-color: #cccccc; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #9999cc\"><TD align=middle><B>END DEBUG MODE</B></TD></TR></TBODY></TABLE><BR>";

/// Appends the red `API ERROR` block. CR and LF in the text become spaces.
pub fn error_block(out: &mut Vec<u8>, error: &ApiError) {
    out.extend_from_slice(ERROR_HEAD);
    out.extend_from_slice(&error.printed());
    out.extend_from_slice(ERROR_TAIL);
}

/// The DEBUG output, accumulated in the result's second field. Every method
/// does nothing when DEBUG mode is off, so callers need no conditions.
#[derive(Debug, Default)]
pub struct DebugLog {
    on: bool,
    pub out: Vec<u8>,
}

impl DebugLog {
    pub fn new(on: bool) -> DebugLog {
        DebugLog { on, out: Vec::new() }
    }

    pub fn is_on(&self) -> bool {
        self.on
    }

    pub fn open(&mut self) {
        self.push(DEBUG_OPEN);
    }

    pub fn section(&mut self, title: &[u8]) {
        self.push(DEBUG_SECTION_HEAD);
        self.push(title);
        self.push(DEBUG_SECTION_TAIL);
    }

    pub fn row(&mut self, parts: &[&[u8]]) {
        self.push(b"<TR><TD>");
        for part in parts {
            self.push(part);
        }
        self.push(b"</TD></TR>");
    }

    /// `LABEL (value)`.
    pub fn labelled(&mut self, label: &[u8], value: &[u8]) {
        self.row(&[label, b" (", value, b")"]);
    }

    pub fn close(&mut self) {
        self.push(DEBUG_CLOSE);
    }

    pub fn end(&mut self) {
        self.push(DEBUG_END);
    }

    fn push(&mut self, bytes: &[u8]) {
        if self.on {
            self.out.extend_from_slice(bytes);
        }
    }
}

/// Block numbers and payment means lists as the legacy tokenises them:
/// each `,` ends a token, a final empty token is dropped, at most 30.
const MAX_TOKENS: usize = 30;

/// The `payment_means` / `block_order` consistency rule (behaviour.md §2.7 item 6).
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

/// What the form needs besides DATA.
pub struct FormSpec<'a> {
    pub server_url: &'a [u8],
    pub target: &'a [u8],
    pub data: &'a [u8],
    pub payment_means: &'a [u8],
    pub block_order: &'a [u8],
    pub block_align: &'a [u8],
    pub header_flag: &'a [u8],
    pub language: &'a [u8],
    pub logo_dir: &'a [u8],
}

/// The `<FORM …>` posting DATA to the payment server, with one `<DIV>` of
/// logos per block of `block_order` that has payment means.
pub fn form(spec: &FormSpec) -> Vec<u8> {
    let mut out = Vec::with_capacity(spec.data.len() + 1024);
    out.extend_from_slice(b"<FORM METHOD=POST ACTION=\"");
    out.extend_from_slice(spec.server_url);
    out.extend_from_slice(b"/callpayment\"");
    if !spec.target.is_empty() {
        out.extend_from_slice(b" target=\"");
        out.extend_from_slice(spec.target);
        out.push(b'"');
    }
    out.extend_from_slice(b"><INPUT TYPE=HIDDEN NAME=DATA VALUE=\"");
    out.extend_from_slice(spec.data);
    out.extend_from_slice(b"\">");
    let means: Vec<(&[u8], i32)> = split_terminated(spec.payment_means, b',')
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| (p[0], c_atoi(p[1])))
        .collect();
    let header = spec.header_flag.eq_ignore_ascii_case(b"yes");
    for token in split_terminated(spec.block_order, b',') {
        let block = c_atoi(token);
        let names: Vec<&[u8]> = means.iter().filter(|(_, b)| *b == block).map(|(n, _)| *n).collect();
        if !names.is_empty() {
            render_block(&mut out, spec, block, &names, header);
        }
    }
    out.extend_from_slice(b"</FORM>");
    out
}

fn render_block(out: &mut Vec<u8>, spec: &FormSpec, block: i32, names: &[&[u8]], header: bool) {
    let div = |out: &mut Vec<u8>| {
        out.extend_from_slice(b"<DIV ALIGN=");
        out.extend_from_slice(spec.block_align);
        out.push(b'>');
    };
    let logo = |out: &mut Vec<u8>, name: &[u8]| {
        out.extend_from_slice(spec.logo_dir);
        out.extend_from_slice(name);
        out.extend_from_slice(b".gif\">");
    };
    if header {
        div(out);
        out.extend_from_slice(sentence(spec.language, block));
        if block == 2 {
            out.extend_from_slice(b" <IMG BORDER=0 SRC=\"");
            logo(out, b"CLEF");
            out.extend_from_slice(b" :");
        }
        out.extend_from_slice(b"<br><br></DIV>");
    }
    div(out);
    for (k, name) in names.iter().enumerate().map(|(i, n)| (i + 1, n)) {
        out.extend_from_slice(b"<INPUT TYPE=IMAGE NAME=");
        out.extend_from_slice(name);
        out.extend_from_slice(b" BORDER=0 SRC=\"");
        logo(out, name);
        if k == names.len() || k % 6 == 5 {
            out.extend_from_slice(b"<br><br>");
        } else {
            out.extend_from_slice(b"<IMG SRC=\"");
            logo(out, b"INTERVAL");
        }
    }
    out.extend_from_slice(b"</DIV>");
}

/// The header sentence of `block` in `language`; English for unknown codes.
fn sentence(language: &[u8], block: i32) -> &'static [u8] {
    let set = LANGUAGES.iter().find(|s| s.languages.contains(&language)).unwrap_or(&LANGUAGES[1]);
    usize::try_from(block).ok().and_then(|b| set.sentences.get(b)).copied().unwrap_or(b"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Category;

    #[test]
    fn error_block_replaces_line_breaks() {
        let mut out = Vec::new();
        error_block(&mut out, &ApiError::new(Category::CertificateData, &b"php>\n"[..]));
        let text = String::from_utf8(out).unwrap();
        assert!(text
            .ends_with("<TR><TD>Error reading certificate data at line  (php> ) </TD></TR></TBODY></TABLE><BR></DIV>"));
    }

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
    fn logo_line_breaks_after_fifth_and_eleventh() {
        let means: Vec<String> = (0..12).map(|i| format!("M{i},1")).collect();
        let means = means.join(",");
        let spec = FormSpec {
            server_url: b"https://x",
            target: b"",
            data: b"00",
            payment_means: means.as_bytes(),
            block_order: b"1",
            block_align: b"center",
            header_flag: b"no",
            language: b"fr",
            logo_dir: b"/l/",
        };
        let html = String::from_utf8(form(&spec)).unwrap();
        assert_eq!(html.matches("<br><br>").count(), 3);
        assert!(html.contains("M4.gif\"><br><br><INPUT TYPE=IMAGE NAME=M5"));
        assert!(html.contains("M10.gif\"><br><br><INPUT TYPE=IMAGE NAME=M11"));
        assert!(!html.contains(" target="));
    }
}
