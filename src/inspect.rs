//! Read-only views of an installation, for configuration checkers: the
//! files as the executables parse them, the field tables, the kit versions
//! and the legacy error texts. Nothing here changes what a call does.

pub use crate::clib::{fgets_lines, split_terminated};
pub use crate::config::{os_path, FileError, Kind as FileKind};
pub use crate::env::API_VERSION_VARIABLE;
pub use crate::error::{ApiError, ArgumentError, Category, HeaderMismatch};
pub use crate::fields::{Field, FieldDef, Slot, FIELDS, SLOTS};
pub use crate::merchant::form::means_match_order;
pub use crate::version::ApiVersion;
pub use crate::wire::KeyMatrix;

/// The pathfile: `KEY!value!` lines and `!`-variables.
pub mod pathfile {
    pub use crate::config::pathfile::{parse, Cycle, LineProblem, Pathfile, SeparatorError, KNOWN_KEYS};
}

/// The parmcom files.
pub mod parmcom {
    pub use crate::config::parmcom::{parse, Parmcom, SeparatorError};
}

/// The SIPS 1.0 merchant certificate.
pub mod certificate {
    pub use crate::config::certificate::{parse, Certificate, Header, MatrixError, Trailer, UrlReadError};
}

/// The Sips 2.0 key file that takes a certificate's place (`is_key_file`
/// tells a merchant's protocol from its credential file's content).
pub mod keyfile {
    pub use crate::config::keyfile::{
        is_key_file, parse, KeyFile, KeyFileError, SealAlgorithm, SecretKey, ShopCharset, DEFAULT_INTERFACE_VERSION,
        KEYS,
    };
}

/// The bytes of a configuration file through the library's cache and its
/// safety rules (regular files only, at most 1 MiB): what the executables
/// would read at `path`.
pub fn read_file(path: &[u8]) -> Result<std::sync::Arc<Vec<u8>>, FileError> {
    crate::config::begin_call();
    crate::config::load(crate::config::Kind::Raw, path, |content| content.to_vec())
}

/// The kit version a call with these arguments would run as (the pathfile's
/// `API_VERSION`, else `SOGEN_API_VERSION`, else P615), and the name asked
/// for when it is not a known version.
pub fn api_version<A: AsRef<[u8]>>(args: &[A], env: &dyn crate::Environment) -> Result<ApiVersion, Vec<u8>> {
    match crate::version::requested(args, env) {
        None => Ok(ApiVersion::DEFAULT),
        Some(name) => ApiVersion::parse(&name).ok_or(name),
    }
}

/// The parmcom line buffer of a kit version (`fgets` size: 2048 in P615).
pub fn parmcom_line_buffer(version: ApiVersion) -> usize {
    version.profile().request.parmcom_line
}
