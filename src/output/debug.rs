//! DEBUG mode (`DEBUG!YES!` in the pathfile): HTML tables of what was read
//! and sent, accumulated in the result's second field.

const DEBUG_OPEN: &[u8] = b"<DIV ALIGN=CENTER><TABLE style=\"BORDER-RIGHT: #000000 1px solid; BORDER-TOP: #000000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #000000 1px solid; BORDER-BOTTOM: #000000 1px solid; font-family: sans-serif; background-color: #cccccc; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #9999cc\"><TD align=middle><B>DEBUG MODE</B></TD></TR></TBODY></TABLE><BR>";
const DEBUG_SECTION_HEAD: &[u8] = b"<TABLE style=\"BORDER-RIGHT: #000000 1px solid; BORDER-TOP: #000000 1px solid; FONT-SIZE: 75%;  BORDER-LEFT: #000000 1px solid; BORDER-BOTTOM: #000000 1px solid; font-family: sans-serif; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #9999cc\"><TD align=middle><B>";
const DEBUG_SECTION_TAIL: &[u8] = b"</B></TD></TR><TR>";
const DEBUG_CLOSE: &[u8] = b"</TBODY></TABLE><BR>";
const DEBUG_END: &[u8] = b"<TABLE style=\"BORDER-RIGHT: #000000 1px solid; BORDER-TOP: #000000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #000000 1px solid; BORDER-BOTTOM: #000000 1px solid; font-family: sans-serif; background-color: #cccccc; border-collapse: collapse;\" cellPadding=3 width=700><TBODY><TR style=\"background-color: #9999cc\"><TD align=middle><B>END DEBUG MODE</B></TD></TR></TBODY></TABLE><BR>";

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
