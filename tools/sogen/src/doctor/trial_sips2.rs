//! The trial round trip of a Sips 2.0 merchant: the first form `request`
//! printed, read as Sips reads it (seal, key version) with the key file, an
//! accepted payment's response sealed for it as the sandbox seals them, then
//! the core's `response` on the posted fields (`message=`, `seal=`,
//! `encode=`). On the way, a sandbox on this machine is asked whether it
//! would accept the form.

use super::catalogue as cat;
use super::{probe, Doctor};
use crate::args;
use crate::core::inspect::keyfile::KeyFile;
use crate::core::server::sips2::{build_response, read_request, PaymentRequest, PostFields};
use crate::payment_server::sips2::{response_items, S10_TRANSACTION_ID};
use crate::payment_server::{Payment, TEST_CARDS};

/// An attribute value of the core's forms, unescaped.
fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The hidden fields of the first form of a Sips 2.0 page (`Data`, `Seal`,
/// …); `None` for any other page.
pub(crate) fn first_form(html: &str) -> Option<PostFields> {
    let form = html.split("<FORM ").nth(1)?.split("</FORM>").next()?;
    let mut pairs = Vec::new();
    for input in form.split("<INPUT TYPE=\"HIDDEN\" NAME=\"").skip(1) {
        let (name, rest) = input.split_once('"')?;
        let value = rest.strip_prefix(" VALUE=\"")?.split('"').next()?;
        pairs.push((name.to_string(), unescape(value)));
    }
    let form = PostFields::from_pairs(pairs.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())));
    (!form.data.is_empty() && !form.seal.is_empty()).then_some(form)
}

/// What the trial's `response` call reads: its subject line, its arguments
/// and the transaction id that must come back.
pub(crate) type Answer = (String, Vec<Vec<u8>>, Vec<u8>);

/// The form checked as the payment server would, then answered; `None` when
/// a finding already says why not.
pub(crate) fn run(d: &mut Doctor, pathfile: &str, form: PostFields) -> Option<Answer> {
    let Some(key) = d.credential.as_ref().and_then(|c| c.key.clone()) else {
        d.found(&cat::TRIAL_FORM_UNREADABLE, "response", args![error = "no usable key file"]);
        return None;
    };
    let request = match read_request(&form, &key) {
        Ok(request) => request,
        Err(e) => {
            let entry = if e.is_seal_failure() { &cat::TRIAL_SEAL_MISMATCH } else { &cat::TRIAL_FORM_UNREADABLE };
            d.found(entry, "response", args![error = e.to_string()]);
            return None;
        }
    };
    let fields: Vec<(&str, String)> =
        form.pairs().into_iter().map(|(n, v)| (n, String::from_utf8_lossy(v).into_owned())).collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    probe::sandbox(d, &fields);
    respond(d, pathfile, &request, &key)
}

/// An accepted payment's response, read by the core's `response`.
fn respond(d: &mut Doctor, pathfile: &str, request: &PaymentRequest, key: &KeyFile) -> Option<Answer> {
    let payment = Payment::without_card("CB", TEST_CARDS[0].result.clone());
    let (local, utc) = crate::core::now_local_and_utc();
    let items = response_items(&request.items, &payment, (&local, &utc));
    let reply = match build_response(&items, key, request.seal_algorithm, request.base64_response) {
        Ok(reply) => reply,
        Err(e) => {
            d.found(&cat::TRIAL_NO_RESPONSE, "response", args![error = e.to_string()]);
            return None;
        }
    };
    let subject = format!("response {pathfile} message=… seal=… encode={}", String::from_utf8_lossy(&reply.encode));
    let mut args = vec![pathfile.as_bytes().to_vec()];
    args.extend(reply.response_args());
    Some((subject, args, request.items.get(S10_TRANSACTION_ID).unwrap_or_default().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_form_s_hidden_fields() {
        let page = "<FORM METHOD=\"POST\" ACTION=\"http://h/paymentInit\"><INPUT TYPE=\"HIDDEN\" NAME=\"Data\" VALUE=\"ZGF0YQ==\">\
            <INPUT TYPE=\"HIDDEN\" NAME=\"Seal\" VALUE=\"ab\"><INPUT TYPE=\"HIDDEN\" NAME=\"InterfaceVersion\" VALUE=\"HP_2.24\">\
            <INPUT TYPE=\"HIDDEN\" NAME=\"Encode\" VALUE=\"a&amp;b\"></FORM><FORM ><INPUT TYPE=\"HIDDEN\" NAME=\"Seal\" VALUE=\"cd\"></FORM>";
        let form = first_form(page).unwrap();
        assert_eq!((form.data.as_slice(), form.seal.as_slice()), (&b"ZGF0YQ=="[..], &b"ab"[..]));
        assert_eq!((form.encode.as_slice(), form.seal_algorithm), (&b"a&b"[..], None));
        assert!(first_form("<FORM METHOD=POST><INPUT TYPE=HIDDEN NAME=DATA VALUE=\"0a\"></FORM>").is_none());
        assert!(first_form("no form").is_none());
    }
}
