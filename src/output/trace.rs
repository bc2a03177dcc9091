//! Trace lines: diagnostics the legacy executables printed on stdout before
//! the result (a malformed pathfile line, a MAC verified with the `.old`
//! certificate).

use crate::env::Environment;

/// The legacy C library knew messages for `errno` values below this.
const KNOWN_ERRNOS: i32 = 132;

/// The legacy C library's messages for the `errno` values opening and
/// reading a zone file, or reading a `TZ` value, can leave; others as this
/// host words them. Nothing for a number it did not know.
fn error_message(errno: i32) -> String {
    let known = match errno {
        libc::EPERM => "Operation not permitted",
        libc::ENOENT => "No such file or directory",
        libc::EINTR => "Interrupted system call",
        libc::EIO => "Input/output error",
        libc::ENXIO => "No such device or address",
        libc::EAGAIN => "Resource temporarily unavailable",
        libc::ENOMEM => "Cannot allocate memory",
        libc::EACCES => "Permission denied",
        libc::ENODEV => "No such device",
        libc::ENOTDIR => "Not a directory",
        libc::EISDIR => "Is a directory",
        libc::EINVAL => "Invalid argument",
        libc::ENFILE => "Too many open files in system",
        libc::EMFILE => "Too many open files",
        libc::ETXTBSY => "Text file busy",
        libc::EFBIG => "File too large",
        libc::ERANGE => "Numerical result out of range",
        libc::ENAMETOOLONG => "File name too long",
        libc::ELOOP => "Too many levels of symbolic links",
        libc::EOVERFLOW => "Value too large for defined data type",
        libc::ESTALE => "Stale NFS file handle",
        n if !(1..KNOWN_ERRNOS).contains(&n) => "",
        n => {
            let host = std::io::Error::from_raw_os_error(n).to_string();
            return host.split(" (os error").next().unwrap_or_default().to_string();
        }
    };
    known.to_string()
}

/// The trace lines of one call, in order.
#[derive(Debug, Default)]
pub(crate) struct Trace(Vec<u8>);

impl Trace {
    /// `DDD:HH:MM:SS-<name>-(<pid>)-<text>\n` with an empty name; `text` starts
    /// with its level (`0-…` for the pathfile, `2-…` for OLDCERTIF). Bytes,
    /// printed as they are.
    pub fn line(&mut self, env: &dyn Environment, now: i64, text: &[u8]) {
        self.line_with_errno(env, now, text, 0);
    }

    /// A line of the level the legacy printed `errno` with (the pathfile's):
    /// when it is not 0, `-<message> (errno=<N>)` ends the text.
    pub fn line_with_errno(&mut self, env: &dyn Environment, now: i64, text: &[u8], errno: i32) {
        let prefix = env.local(now).trace_prefix();
        self.0.extend_from_slice(format!("{prefix}--({})-", env.pid()).as_bytes());
        self.0.extend_from_slice(text);
        if errno != 0 {
            self.0.extend_from_slice(format!("-{} (errno={errno})", error_message(errno)).as_bytes());
        }
        self.0.push(b'\n');
    }

    /// The trace lines followed by `parts`.
    pub fn framed(self, parts: &[&[u8]]) -> Vec<u8> {
        let mut text = self.0;
        text.reserve(parts.iter().map(|p| p.len()).sum());
        for p in parts {
            text.extend_from_slice(p);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::FixedEnvironment;

    fn env() -> FixedEnvironment {
        FixedEnvironment::from_stamp("20261201141011", 0, 1).unwrap()
    }

    #[test]
    fn bytes_are_printed_as_they_are() {
        let mut trace = Trace::default();
        trace.line(&env(), env().now, b"2-OLDCERTIF;0000000000000\xe9\xff;f\xe9;?;AAAAMMJJHHMMSS");
        assert_eq!(trace.framed(&[]), b"335:14:10:11--(1)-2-OLDCERTIF;0000000000000\xe9\xff;f\xe9;?;AAAAMMJJHHMMSS\n");
    }

    #[test]
    fn errno_after_the_text() {
        let mut trace = Trace::default();
        let text = b"0-chargpath() : pbm cleaning line, ! missing";
        trace.line_with_errno(&env(), env().now, text, libc::ENOENT);
        trace.line_with_errno(&env(), env().now, text, libc::EISDIR);
        trace.line_with_errno(&env(), env().now, text, 0);
        trace.line_with_errno(&env(), env().now, text, 150);
        let want =
            "335:14:10:11--(1)-0-chargpath() : pbm cleaning line, ! missing-No such file or directory (errno=2)\n\
                    335:14:10:11--(1)-0-chargpath() : pbm cleaning line, ! missing-Is a directory (errno=21)\n\
                    335:14:10:11--(1)-0-chargpath() : pbm cleaning line, ! missing\n\
                    335:14:10:11--(1)-0-chargpath() : pbm cleaning line, ! missing- (errno=150)\n";
        assert_eq!(String::from_utf8(trace.framed(&[])).unwrap(), want);
    }
}
