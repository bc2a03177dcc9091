//! The red `API ERROR` block both executables print for a functional error.

use crate::error::ApiError;

const ERROR_HEAD: &[u8] = b"</TBODY></TABLE><BR><DIV ALIGN=CENTER><TABLE style=\"BORDER-RIGHT: #ff0000 1px solid; BORDER-TOP: #ff0000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #ff0000 1px solid; BORDER-BOTTOM: #ff0000 1px solid; font-family: sans-serif; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #ff0000\"><TD align=middle><B>API ERROR</B></TD></TR><TR><TD>";
const ERROR_TAIL: &[u8] = b" </TD></TR></TBODY></TABLE><BR></DIV>";

/// Appends the red `API ERROR` block. CR and LF in the text become spaces.
pub fn error_block(out: &mut Vec<u8>, error: &ApiError) {
    out.extend_from_slice(ERROR_HEAD);
    out.extend_from_slice(&error.printed());
    out.extend_from_slice(ERROR_TAIL);
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
}
