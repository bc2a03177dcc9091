//! A structured view of a run as JSON, for the bindings: the legacy string
//! joins the 42 response values with `!`, which a value may itself contain.
//!
//! Strings carry bytes as the code points U+0000–U+00FF (latin-1 decoding),
//! so every byte survives and any JSON parser can read the result.

use super::{CallError, Outcome};

/// A JSON object under construction.
struct Object {
    out: String,
    first: bool,
}

impl Object {
    fn new() -> Object {
        Object { out: String::from("{"), first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(&mut self.out, key.as_bytes());
        self.out.push(':');
    }

    fn bytes(&mut self, key: &str, value: &[u8]) -> &mut Object {
        self.key(key);
        string(&mut self.out, value);
        self
    }

    fn optional(&mut self, key: &str, value: Option<&[u8]>) -> &mut Object {
        match value {
            Some(v) => self.bytes(key, v),
            None => {
                self.key(key);
                self.out.push_str("null");
                self
            }
        }
    }

    fn number(&mut self, key: &str, value: i64) -> &mut Object {
        self.key(key);
        self.out.push_str(&value.to_string());
        self
    }

    fn raw(&mut self, key: &str, json: &str) -> &mut Object {
        self.key(key);
        self.out.push_str(json);
        self
    }

    fn finish(&mut self) -> String {
        self.out.push('}');
        std::mem::take(&mut self.out)
    }
}

/// A JSON string holding `bytes` as code points 0–255: bytes from 0x80 as
/// those characters (two bytes of UTF-8, not six of escape), controls escaped.
fn string(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() + bytes.len() / 2 + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x00..=0x1f | 0x7f => out.push_str(&format!("\\u{:04x}", b)),
            _ => out.push(b as char),
        }
    }
    out.push('"');
}

/// `{"program":"request","exit_status":…,"code":…,"error":…,"debug":…,"form":…,"output":…}`.
pub fn request(o: &Outcome) -> String {
    let mut j = Object::new();
    j.bytes("program", b"request").number("exit_status", o.exit_code as i64);
    let error = o.error.as_ref().map(CallError::text);
    j.number("code", if error.is_some() { -1 } else { 0 }).optional("error", error.as_deref());
    j.bytes("debug", &o.debug).bytes("form", &o.form).bytes("output", &o.text).finish()
}

/// `{"program":"response",…,"fields":{"merchant_id":…, … by name},"output":…}`.
pub fn response(o: &Outcome) -> String {
    let mut j = Object::new();
    j.bytes("program", b"response").number("exit_status", o.exit_code as i64);
    let error = o.error.as_ref().map(CallError::text);
    j.number("code", if error.is_some() { -1 } else { 0 }).optional("error", error.as_deref());
    let mut fields = Object::new();
    for (name, value) in o.fields() {
        fields.bytes(name, value);
    }
    j.raw("fields", &fields.finish()).bytes("output", &o.text).finish()
}

/// A run that produced nothing but an error (for the C boundary's own errors).
pub fn failure(program: &str, error: &[u8], exit_status: i32, output: &[u8]) -> String {
    let mut o = Object::new();
    o.bytes("program", program.as_bytes()).number("exit_status", exit_status as i64).number("code", -1);
    o.bytes("error", error).bytes("output", output).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_code_points() {
        let mut s = String::new();
        string(&mut s, b"a\"\\\n\x01\xe9!");
        assert_eq!(s, "\"a\\\"\\\\\\n\\u0001\u{e9}!\"");
    }
}
